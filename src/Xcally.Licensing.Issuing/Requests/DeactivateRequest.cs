namespace Xcally.Licensing.Issuing.Requests;

/// <summary>Deactivate the server: a signed deactivation of the token's current license, which Motion installs like a license.</summary>
internal sealed record DeactivateRequest(InstallationToken Token, string Operator, DateTimeOffset At)
    : PortalRequest(Operator, At);
