using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Xcally.Licensing.Runtime;

/// <summary>
/// Validates the installed license as the host starts, then checks the token and the expiry again every
/// <see cref="LicensingOptions.RevalidationInterval"/>.
/// </summary>
/// <remarks>
/// The first validation (read the license and the state, verify, read the token, decide) is mostly the
/// JIT compiling code that runs once. It starts on another core as soon as the host starts, so it
/// overlaps the rest of the host's startup (Kestrel's included) instead of adding to it. Nothing reads a
/// state that was not decided: whoever asks for the <see cref="LicensingService"/> first, a request or
/// this service, waits while the container builds the singleton, once, under its lock.
/// </remarks>
internal sealed class LicenseRevalidationService(IServiceProvider services, IOptions<LicensingOptions> options, TimeProvider time, IHostApplicationLifetime? lifetime = null, ILogger<LicenseRevalidationService>? logger = null)
    : IHostedLifecycleService, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly ILogger _logger = logger ?? NullLogger<LicenseRevalidationService>.Instance;
    private PeriodicTimer? _timer;
    private Task<LicensingService>? _validation;
    private Task _running = Task.CompletedTask;
    private ExceptionDispatchInfo? _failure;

    /// <summary>Completes when the startup validation has been done (or has failed).</summary>
    internal Task Validated => _validation ?? Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        // The timer exists before the host has started, so no tick of the interval can be missed while
        // the first validation runs.
        _timer = new PeriodicTimer(options.Value.RevalidationInterval, time);
        _validation = Task.Run(services.GetRequiredService<LicensingService>);
        var timer = _timer;
        var validation = _validation;
        _running = Task.Run(() => RunAsync(validation, timer, _stopping.Token));
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _running.WaitAsync(cancellationToken).ConfigureAwait(false);

        // A host whose licensing could not start ends with that error, not as if it had stopped cleanly.
        _failure?.Throw();
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _timer?.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync(Task<LicensingService> validation, PeriodicTimer timer, CancellationToken stopping)
    {
        LicensingService licensing;
        try
        {
            licensing = await validation.ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Only misuse gets here (the service never throws for what it finds on disk): the host's
            // delegate threw or pinned no keys, or the options were invalid. Every caller that asks the
            // container for the service sees the same exception; the host stops, as it does when a
            // background service fails.
            _logger.LogCritical(e, "Licensing could not start, so the host stops: {Message}", e.Message);
            _failure = ExceptionDispatchInfo.Capture(e);
            lifetime?.StopApplication();
            return;
        }

        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                licensing.Revalidate();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
