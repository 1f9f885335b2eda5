using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Xcally.Licensing.Runtime;

/// <summary>Checks the token and the expiry again every <see cref="LicensingOptions.RevalidationInterval"/>.</summary>
internal sealed class LicenseRevalidationService(LicensingService licensing, IOptions<LicensingOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevalidationInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            licensing.Revalidate();
        }
    }
}
