namespace Xcally.Licensing.Issuing.Requests;

/// <summary>
/// Contract change: a new plan (from the catalog), support plan, billing frequency or white label (the
/// customization add-on). <see langword="null"/> keeps the current one.
/// </summary>
internal sealed record ContractRequest(InstallationToken Token, string Operator, DateTimeOffset At)
    : PortalRequest(Operator, At)
{
    public string? Plan { get; init; }

    public SupportPlan? SupportPlan { get; init; }

    public BillingFrequency? Billing { get; init; }

    public bool? WhiteLabel { get; init; }
}
