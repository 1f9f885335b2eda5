namespace Xcally.Licensing.Issuing.Requests;

/// <summary>
/// Modify: new totals (as on the portal; <see langword="null"/> keeps the current one) and add-ons, AI
/// features or plugins to add or remove, by their names in docs/license-format.md §5.1.
/// </summary>
internal sealed record ModifyRequest(InstallationToken Token, string Operator, DateTimeOffset At)
    : PortalRequest(Operator, At)
{
    public int? Agents { get; init; }

    public int? Users { get; init; }

    public int? Telephones { get; init; }

    public int? MobileAgents { get; init; }

    public IReadOnlyList<string> Add { get; init; } = [];

    public IReadOnlyList<string> Remove { get; init; } = [];
}
