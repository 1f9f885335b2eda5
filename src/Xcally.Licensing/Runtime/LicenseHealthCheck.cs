using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Xcally.Licensing.Runtime;

/// <summary>Healthy when Active, Degraded in Grace, Unhealthy otherwise; the description is the status reason.</summary>
internal sealed class LicenseHealthCheck(LicensingService licensing) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = licensing.Status;
        var data = new Dictionary<string, object> { ["state"] = status.State.ToString() };
        return Task.FromResult(status.State switch
        {
            LicenseState.Active => HealthCheckResult.Healthy(status.Reason, data),
            LicenseState.Grace => HealthCheckResult.Degraded(status.Reason, data: data),
            _ => HealthCheckResult.Unhealthy(status.Reason, data: data),
        });
    }
}
