namespace Xcally.Licensing.Issuing.Requests;

/// <summary>Token change: the license bound to <paramref name="From"/>, issued for <paramref name="To"/> (a changed or replaced server).</summary>
internal sealed record MoveRequest(InstallationToken From, InstallationToken To, string Operator, DateTimeOffset At)
    : PortalRequest(Operator, At);
