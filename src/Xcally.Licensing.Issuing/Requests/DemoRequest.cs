namespace Xcally.Licensing.Issuing.Requests;

/// <summary>Activate: the 30-day free demo, whose contents the contract fixes. Once per token, never over an active license.</summary>
internal sealed record DemoRequest(InstallationToken Token, Customer Customer, string Operator, DateTimeOffset At)
    : PortalRequest(Operator, At);
