using Xcally.Licensing.Document;

namespace Xcally.Licensing;

/// <summary>
/// Everything an XCALLY Motion license says: who it is for, which server (token) it is bound to,
/// when it is valid, and what it grants. Immutable. A verified document comes only from
/// <see cref="LicenseVerifier"/>; the signer builds new ones with object initializers and
/// <c>with</c> expressions and checks them with <see cref="Validate"/> before signing.
/// </summary>
/// <remarks>
/// Forward compatibility (docs/license-format.md, "Forward compatibility"): a verifier built today
/// keeps entitlement names it does not know in <see cref="UnrecognizedEntitlements"/> and fields it
/// does not know in <see cref="UnrecognizedFields"/>; neither grants anything. A later signer that
/// needs an old verifier to refuse a license it cannot fully understand lists the field in the
/// payload's <c>critical</c> array, or raises the format version.
/// </remarks>
public sealed record LicenseDocument
{
    /// <summary>The license's serial number: unique for every file ever signed.</summary>
    public required long Serial { get; init; }

    /// <summary>
    /// The serial of the first license of this line: stable across modifications, renewals and moves
    /// to a new token, so a customer's licenses can be followed over time.
    /// </summary>
    public required long Lineage { get; init; }

    /// <summary>The revision within the lineage, starting at 1.</summary>
    public required int Revision { get; init; }

    /// <summary>What the license is for.</summary>
    public required LicenseKind Kind { get; init; }

    /// <summary>When the license was signed (UTC).</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>The first instant the license is in force (UTC).</summary>
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>The instant the license stops being in force (UTC); <see langword="null"/> only for a deactivation.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Days of grace after a token change, a lapsed payment or expiry, before trial mode.</summary>
    public int GraceDays { get; init; } = 7;

    /// <summary>The installation token of the server the license is bound to.</summary>
    public required string Token { get; init; }

    /// <summary>The customer.</summary>
    public required Customer Customer { get; init; }

    /// <summary>The plan's identifier in the plan catalog; required for a subscription.</summary>
    public string? Plan { get; init; }

    /// <summary>The billing frequency; required for a subscription.</summary>
    public BillingFrequency? Billing { get; init; }

    /// <summary>The support package; required for a subscription.</summary>
    public SupportPlan? SupportPlan { get; init; }

    /// <summary>Staff accounts.</summary>
    public StaffCounts Staff { get; init; } = StaffCounts.None;

    /// <summary>Channels.</summary>
    public EntitlementSet<Channel> Channels { get; init; }

    /// <summary>Modules.</summary>
    public EntitlementSet<Module> Modules { get; init; }

    /// <summary>Session limits.</summary>
    public SessionLimits Sessions { get; init; } = SessionLimits.None;

    /// <summary>Add-ons.</summary>
    public EntitlementSet<AddOn> AddOns { get; init; }

    /// <summary>AI features.</summary>
    public EntitlementSet<AiFeature> Ai { get; init; }

    /// <summary>App Zone plugins.</summary>
    public EntitlementSet<Plugin> Plugins { get; init; }

    /// <summary><see langword="true"/> if Motion and Phonebar software updates are allowed.</summary>
    public bool SoftwareUpdate { get; init; }

    /// <summary><see langword="true"/> if the App Zone (plugins) may be used.</summary>
    public bool AppZone { get; init; }

    /// <summary>
    /// Entitlements added by a later signer that this version does not know, as
    /// <c>list/name</c> (for example <c>addOns/coBrowsing</c>). They grant nothing here.
    /// </summary>
    public IReadOnlyList<string> UnrecognizedEntitlements { get; init; } = [];

    /// <summary>
    /// Fields added by a later signer that this version does not know, as JSON paths (for example
    /// <c>staff.supervisors</c>). They are signed, shown by <c>inspect</c>, and otherwise ignored.
    /// </summary>
    public IReadOnlyList<string> UnrecognizedFields { get; init; } = [];

    /// <summary>
    /// Checks the document against the written rules of the format (docs/license-format.md,
    /// "Payload rules") and returns every rule it breaks; an empty list means it is valid.
    /// </summary>
    public IReadOnlyList<string> Validate() => LicenseDocumentRules.Check(this);

    /// <inheritdoc/>
    public bool Equals(LicenseDocument? other) =>
        other is not null &&
        Serial == other.Serial && Lineage == other.Lineage && Revision == other.Revision &&
        Kind == other.Kind && IssuedAt == other.IssuedAt && ValidFrom == other.ValidFrom &&
        ExpiresAt == other.ExpiresAt && GraceDays == other.GraceDays &&
        Token == other.Token && Customer == other.Customer &&
        Plan == other.Plan && Billing == other.Billing && SupportPlan == other.SupportPlan &&
        Staff == other.Staff && Channels == other.Channels && Modules == other.Modules &&
        Sessions == other.Sessions && AddOns == other.AddOns && Ai == other.Ai && Plugins == other.Plugins &&
        SoftwareUpdate == other.SoftwareUpdate && AppZone == other.AppZone &&
        UnrecognizedEntitlements.SequenceEqual(other.UnrecognizedEntitlements) &&
        UnrecognizedFields.SequenceEqual(other.UnrecognizedFields);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Serial, Revision, Token, IssuedAt);
}
