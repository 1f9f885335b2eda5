using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Xcally.Licensing.Update;

/// <summary>
/// Runs the automatic update's schedule. It waits until the host has started, so it adds nothing to
/// startup, then checks shortly after (within a minute, jittered) and every interval after that. A
/// manual check moves the schedule, which is read again at least every minute.
/// </summary>
internal sealed class LicenseUpdateService(IServiceProvider services, IHostApplicationLifetime lifetime, IOptions<LicensingOptions> options, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan LookAgain = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task.ConfigureAwait(false);
        }

        var updater = services.GetRequiredService<LicenseUpdater>();
        var interval = options.Value.Update.Interval;
        updater.ScheduleNext(time.GetUtcNow() + UpdateSchedule.Jittered(interval / 10 < LookAgain ? interval / 10 : LookAgain));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = (updater.Status.NextAttempt ?? time.GetUtcNow()) - time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait < LookAgain ? wait : LookAgain, time, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await updater.UpdateNowAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
