namespace Xcally.Licensing.Issuing.Requests;

/// <summary>
/// Activate: a new billed license, for a token that holds no active license. What the portal's form
/// gives; what it leaves out takes the defaults of docs/signer.md ("The request file"): channels,
/// modules and session limits from the plan, validity from the issue time for one billing period.
/// </summary>
/// <param name="Name">How refusals name the request: the request file's name, or the portal's ticket.</param>
internal sealed record NewLicenseRequest(
    string Name,
    InstallationToken Token,
    Customer Customer,
    string Plan,
    BillingFrequency Billing,
    SupportPlan SupportPlan,
    StaffCounts Staff,
    string Operator,
    DateTimeOffset At)
    : PortalRequest(Operator, At)
{
    public EntitlementSet<AddOn> AddOns { get; init; }

    public EntitlementSet<AiFeature> Ai { get; init; }

    public EntitlementSet<Plugin> Plugins { get; init; }

    public bool SoftwareUpdate { get; init; } = true;

    public bool AppZone { get; init; }

    public int GraceDays { get; init; } = 7;

    /// <summary>The start of validity; <see langword="null"/>: the issue time.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>The expiry; <see langword="null"/>: one billing period from <see cref="ValidFrom"/>.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The channels; <see langword="null"/>: the plan's. Any others are refused: channels come from the plan.</summary>
    public EntitlementSet<Channel>? Channels { get; init; }

    /// <summary>The modules; <see langword="null"/>: the plan's defaults.</summary>
    public EntitlementSet<Module>? Modules { get; init; }

    /// <summary>The session limits; <see langword="null"/>: the plan's defaults.</summary>
    public SessionLimits? Sessions { get; init; }
}
