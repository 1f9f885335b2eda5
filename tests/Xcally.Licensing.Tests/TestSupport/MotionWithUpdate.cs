using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Xcally.Licensing.Update;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>
/// Motion's licensing as AddXcallyLicensing registers it with <c>Licensing:Update:Endpoint</c> set: the
/// real HTTP client factory and standard resilience handler (tuned to retry fast, so fault tests take
/// milliseconds, not the default seconds), over a <see cref="LicensingHarness"/>'s state directory.
/// </summary>
internal sealed class MotionWithUpdate : IDisposable
{
    private readonly ServiceProvider _services;

    public MotionWithUpdate(LicensingHarness motion, Uri endpoint, TimeProvider? time = null, string interval = "06:00:00", Action<HttpStandardResilienceOptions>? tune = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Licensing:StateDirectory"] = motion.StateDirectory,
            ["Licensing:Update:Endpoint"] = endpoint.ToString(),
            ["Licensing:Update:Interval"] = interval,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time ?? motion.Clock);
        services.AddXcallyLicensing(configuration, host =>
        {
            host.TrustedKeys = motion.TrustedKeys;
            host.TrialEntitlements = LicensingHarness.TrialEntitlements;
            host.TokenSource = motion.Tokens;
        });
        services.Configure<HttpStandardResilienceOptions>(UpdateHttpClient.ResilienceOptionsName, o =>
        {
            o.Retry.Delay = TimeSpan.FromMilliseconds(10);
            o.Retry.UseJitter = false;
            o.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(500);
            o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(10);
            o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(2);
            tune?.Invoke(o);
        });
        _services = services.BuildServiceProvider();
    }

    public IServiceProvider Services => _services;

    public LicensingService Licensing => _services.GetRequiredService<LicensingService>();

    public LicenseUpdater Updater => _services.GetRequiredService<LicenseUpdater>();

    public void Dispose() => _services.Dispose();
}
