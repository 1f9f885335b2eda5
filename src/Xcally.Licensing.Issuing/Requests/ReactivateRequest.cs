namespace Xcally.Licensing.Issuing.Requests;

/// <summary>
/// Grace period or trial mode, paid: a new billing period from today, on the same token or, when the
/// grace period came from a token change, on <see cref="NewToken"/>.
/// </summary>
internal sealed record ReactivateRequest(InstallationToken Token, string Operator, DateTimeOffset At)
    : PortalRequest(Operator, At)
{
    public InstallationToken? NewToken { get; init; }
}
