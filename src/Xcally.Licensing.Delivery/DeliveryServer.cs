using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xcally.Licensing.Issuing.Ledger;

namespace Xcally.Licensing.Delivery;

/// <summary>
/// Builds the delivery server: Kestrel (listening and HTTPS from Kestrel's standard configuration),
/// the bounded request limits, the per-client rate limiter, the one endpoint and the fetch recorder.
/// </summary>
internal static class DeliveryServer
{
    public const string RateLimitPolicy = "per-client";

    /// <summary>
    /// Builds the server over <paramref name="configuration"/> (the <c>Delivery</c> and <c>Kestrel</c>
    /// sections, and <c>urls</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A setting is invalid; the message names each.</exception>
    /// <exception cref="LedgerException">The ledger cannot be opened.</exception>
    public static WebApplication Build(IConfiguration configuration, DeliveryOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Check();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(configuration);
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // A fetch is a GET with a short path: anything bigger or slower is not a Motion server.
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = 0;
            kestrel.Limits.MaxRequestLineSize = 1024;
            kestrel.Limits.MaxRequestHeadersTotalSize = 8 * 1024;
            kestrel.Limits.MaxRequestHeaderCount = 32;
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
            kestrel.Limits.MaxConcurrentConnections = options.MaxConnections;
        });
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        // A failure to start (address in use, no certificate) reaches the operator as one line from the
        // tool; the host's own report of it is a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);

        var reader = LedgerReader.Open(options.LedgerPath);
        LicenseLedger writer;
        try
        {
            writer = LicenseLedger.Open(options.LedgerPath);
        }
        catch
        {
            reader.Dispose();
            throw;
        }

        builder.Services.AddSingleton(reader);
        builder.Services.AddSingleton(writer);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<FetchRecorder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<FetchRecorder>());
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(RateLimitPolicy, http => RateLimitPartition.GetTokenBucketLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerMinute,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 60;
                context.HttpContext.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await LicenseDeliveryEndpoint.Problem(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests from this address",
                    $"Motion checks every few hours; try again in {retryAfter} seconds.").ExecuteAsync(context.HttpContext).ConfigureAwait(false);
            };
        });

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            reader.Dispose();
            writer.Dispose();
        });
        app.UseRateLimiter();

        // No account, no API key: the token names what is asked for, and the signature is the only trust
        // (docs/license-delivery.md). The endpoint is anonymous on purpose, and says so.
        app.MapMethods(LicenseDeliveryEndpoint.Route, [HttpMethods.Get, HttpMethods.Head], LicenseDeliveryEndpoint.Get)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicy);
        return app;
    }
}
