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
    /// Adds the <see cref="LicensingService"/> (one per host) and its <see cref="LicenseSeats"/>, its options bound from the
    /// <c>Licensing</c> section of <paramref name="configuration"/> (validated at start; unknown keys are
    /// errors), the periodic revalidation, and a health check named "license". Trusted keys and trial
    /// entitlements are set in code by <paramref name="configureHost"/>, never by configuration.
    /// </summary>
    /// <remarks>
    /// <paramref name="configureHost"/> runs once, when the service is first built (as the host starts,
    /// on another thread). If it throws, or sets no <see cref="LicensingHostSettings.TrustedKeys"/>, the
    /// host stops with that error: it is logged as critical and rethrown when the host stops.
    /// </remarks>
    public static IServiceCollection AddXcallyLicensing(this IServiceCollection services, IConfiguration configuration, Action<LicensingHostSettings> configureHost)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configureHost);

        // Like an options delegate, configureHost runs once, when the service is first built: as the host
        // starts, on the startup validation's thread, where importing the pinned keys (JIT-compiled code
        // that runs once) does not hold up the host's own startup. Misuse found then (no trusted keys, a
        // key that does not import) stops the host with its message (LicenseRevalidationService).
        var host = new Lazy<LicensingHostSettings>(() =>
        {
            var settings = new LicensingHostSettings();
            configureHost(settings);
            return settings;
        });

        services.AddOptions<LicensingOptions>()
            .Bind(configuration.GetSection(LicensingOptions.SectionName), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LicensingOptions>, LicensingOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new LicensingService(
            sp.GetRequiredService<IOptions<LicensingOptions>>().Value,
            host.Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILogger<LicensingService>>()));
        services.AddSingleton(sp => sp.GetRequiredService<LicensingService>().Seats);
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
        services.AddSingleton(sp => new UpdateHttpClient(sp));
        services.AddSingleton(sp => new LicenseUpdater(
            sp.GetRequiredService<LicensingService>(),
            sp.GetRequiredService<UpdateHttpClient>().Create,
            sp.GetRequiredService<IOptions<LicensingOptions>>().Value.Update,
            sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<LicenseUpdateService>();
    }
}
