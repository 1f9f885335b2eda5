using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xcally.Licensing;
using Xcally.Licensing.Runtime;
using Xcally.Licensing.Update;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Motion's licensing.</summary>
public static class LicensingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="LicensingService"/> (one per host), its options bound from the
    /// <c>Licensing</c> section of <paramref name="configuration"/> (validated at start; unknown keys are
    /// errors), the periodic revalidation, and a health check named "license". Trusted keys and trial
    /// entitlements are set in code by <paramref name="configureHost"/>, never by configuration.
    /// </summary>
    public static IServiceCollection AddXcallyLicensing(this IServiceCollection services, IConfiguration configuration, Action<LicensingHostSettings> configureHost)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configureHost);

        var host = new LicensingHostSettings();
        configureHost(host);
        if (host.TrustedKeys is null)
        {
            throw new ArgumentException("Set LicensingHostSettings.TrustedKeys: the keys Motion trusts are pinned in code.", nameof(configureHost));
        }

        services.AddOptions<LicensingOptions>()
            .Bind(configuration.GetSection(LicensingOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LicensingOptions>, LicensingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new LicensingService(
            sp.GetRequiredService<IOptions<LicensingOptions>>().Value,
            host,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<LicensingService>>()));
        services.AddHostedService<LicenseRevalidationService>();
        if (!string.IsNullOrWhiteSpace(configuration.GetSection(LicensingOptions.SectionName).GetSection("Update")["Endpoint"]))
        {
            AddUpdate(services);
        }

        services.AddHealthChecks().AddCheck<LicenseHealthCheck>("license");
        return services;
    }

    private static void AddUpdate(IServiceCollection services)
    {
        services.AddHttpClient(LicenseUpdater.HttpClientName, http =>
            {
                http.DefaultRequestHeaders.UserAgent.ParseAdd("Xcally.Licensing/" + typeof(LicenseUpdater).Assembly.GetName().Version?.ToString(3));
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // What comes over the network is bounded like a paste: no redirects to elsewhere, small headers.
                AllowAutoRedirect = false,
                MaxResponseHeadersLength = 16,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                UseCookies = false,
            })
            .AddStandardResilienceHandler();
        services.AddSingleton(sp => new LicenseUpdater(
            sp.GetRequiredService<LicensingService>(),
            () => sp.GetRequiredService<IHttpClientFactory>().CreateClient(LicenseUpdater.HttpClientName),
            sp.GetRequiredService<IOptions<LicensingOptions>>().Value.Update,
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<LicenseUpdateService>();
    }
}
