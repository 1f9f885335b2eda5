namespace Xcally.Licensing.Issuing.Requests;

/// <summary>Renew: the next billing period, valid at once, expiring one period after the current expiry.</summary>
internal sealed record RenewRequest(InstallationToken Token, string Operator, DateTimeOffset At)
    : PortalRequest(Operator, At);
