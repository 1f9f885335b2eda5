using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Xcally.Licensing.Update;

/// <summary>
/// The automatic update's HTTP client: <see cref="IHttpClientFactory"/> with Microsoft.Extensions.Http.
/// Resilience's standard handler (timeouts, retries with backoff, circuit breaker), in a container of its
/// own that is built at the first check.
/// </summary>
/// <remarks>
/// Registered in the host's container, the HTTP client stack loads and JIT-compiles the resilience
/// libraries and Polly as the host starts (about 25 ms of a host's time to its first response:
/// docs/performance.md); here none of it runs before the first check, after the host has started.
/// The host still tunes it the usual way: the <see cref="HttpStandardResilienceOptions"/> named
/// <c>Xcally.Licensing.Update-standard</c> in its own container apply, and the host's logging, metrics
/// and clock are the ones used.
/// </remarks>
internal sealed class UpdateHttpClient(IServiceProvider host) : IDisposable
{
    internal const string Name = "Xcally.Licensing.Update";

    internal const string ResilienceOptionsName = Name + "-standard";

    private readonly Lazy<ServiceProvider> _own = new(() => Build(host));

    /// <summary>A client for one check.</summary>
    /// <exception cref="OptionsValidationException">The host's resilience options for the update are invalid.</exception>
    public HttpClient Create() => _own.Value.GetRequiredService<IHttpClientFactory>().CreateClient(Name);

    public void Dispose()
    {
        if (_own.IsValueCreated)
        {
            _own.Value.Dispose();
        }
    }

    private static ServiceProvider Build(IServiceProvider host)
    {
        var services = new ServiceCollection();
        services.AddSingleton(host.GetRequiredService<TimeProvider>());
        if (host.GetService<ILoggerFactory>() is { } logging)
        {
            services.AddSingleton(logging);
        }

        if (host.GetService<IMeterFactory>() is { } meters)
        {
            services.AddSingleton(meters);
        }

        var tuned = host.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get(ResilienceOptionsName);
        services.AddHttpClient(Name, http =>
            {
                http.DefaultRequestHeaders.UserAgent.ParseAdd("Xcally.Licensing/" + typeof(UpdateHttpClient).Assembly.GetName().Version?.ToString(3));
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // What comes over the network is bounded like a paste: no redirects to elsewhere, small headers.
                AllowAutoRedirect = false,
                MaxResponseHeadersLength = 16,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                UseCookies = false,
            })
            .AddStandardResilienceHandler(options =>
            {
                options.RateLimiter = tuned.RateLimiter;
                options.TotalRequestTimeout = tuned.TotalRequestTimeout;
                options.Retry = tuned.Retry;
                options.CircuitBreaker = tuned.CircuitBreaker;
                options.AttemptTimeout = tuned.AttemptTimeout;
            });
        var provider = services.BuildServiceProvider();

        // The standard handler's own validation (attempt within total timeout, and so on) runs here, at
        // the first check, as it would have run when the host started.
        _ = provider.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get(ResilienceOptionsName);
        return provider;
    }
}
