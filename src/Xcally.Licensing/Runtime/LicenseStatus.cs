using System.Text.Json.Serialization;

namespace Xcally.Licensing;

/// <summary>
/// Everything Motion's License page and API show, in one serializable object
/// (<see cref="LicenseStatusJsonContext"/>). Immutable.
/// </summary>
public sealed record LicenseStatus
{
    /// <summary>The state.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<LicenseState>))]
    public required LicenseState State { get; init; }

    /// <summary>Why, in a sentence for the administrator.</summary>
    public required string Reason { get; init; }

    /// <summary>When this status was computed.</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    /// <summary>This server's current installation token, when it could be computed.</summary>
    public string? Token { get; init; }

    /// <summary>The installed license, when there is a genuine one.</summary>
    public LicenseSummary? License { get; init; }

    /// <summary>When the grace period ends (Grace), or ended (Trial after grace).</summary>
    public DateTimeOffset? GraceEndsAt { get; init; }

    /// <summary>Whole days of grace left, rounded up (Grace only).</summary>
    public int? GraceDaysLeft { get; init; }

    /// <summary>What changed between the license's token and this server's, when they differ.</summary>
    public TokenDiff? TokenDiff { get; init; }

    /// <summary>The entitlements that apply now (the license's, or the trial's).</summary>
    public required EntitlementSummary Entitlements { get; init; }

    /// <summary>The automatic update's last result and next check; <see langword="null"/> when no update endpoint is set.</summary>
    public LicenseUpdateStatus? Update { get; init; }

    /// <summary>The seats: per pool, in use and licensed, and since when over the limit (null before the seats are counted).</summary>
    public IReadOnlyList<SeatUsage>? Seats { get; init; }
}

/// <summary>The installed license, as the License page shows it.</summary>
public sealed record LicenseSummary
{
    /// <summary>Serial.</summary>
    public required long Serial { get; init; }

    /// <summary>Lineage.</summary>
    public required long Lineage { get; init; }

    /// <summary>Revision.</summary>
    public required int Revision { get; init; }

    /// <summary>subscription, demo or deactivation.</summary>
    public required string Kind { get; init; }

    /// <summary>Plan.</summary>
    public string? Plan { get; init; }

    /// <summary>monthly or annual.</summary>
    public string? Billing { get; init; }

    /// <summary>silver or platinum.</summary>
    public string? SupportPlan { get; init; }

    /// <summary>Customer name.</summary>
    public required string Customer { get; init; }

    /// <summary>The token the license is bound to.</summary>
    public required string Token { get; init; }

    /// <summary>Issued at.</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>Valid from.</summary>
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>Expires at; none for a license without end.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Grace days the license grants.</summary>
    public required int GraceDays { get; init; }

    /// <summary>The SHA-256 of the signed payload: the identity of this exact license.</summary>
    public required string PayloadSha256 { get; init; }
}

/// <summary>Entitlements with their wire names, for the page and the API.</summary>
public sealed record EntitlementSummary
{
    /// <summary>Admins, users, agents, telephones, mobile agents.</summary>
    public required StaffCounts Staff { get; init; }

    /// <summary>Channels.</summary>
    public required IReadOnlyList<string> Channels { get; init; }

    /// <summary>Modules.</summary>
    public required IReadOnlyList<string> Modules { get; init; }

    /// <summary>IVR channels and channel sessions.</summary>
    public required SessionLimits Sessions { get; init; }

    /// <summary>Add-ons.</summary>
    public required IReadOnlyList<string> AddOns { get; init; }

    /// <summary>AI features.</summary>
    public required IReadOnlyList<string> Ai { get; init; }

    /// <summary>Plugins.</summary>
    public required IReadOnlyList<string> Plugins { get; init; }

    /// <summary>Software update allowed.</summary>
    public required bool SoftwareUpdate { get; init; }

    /// <summary>App Zone.</summary>
    public required bool AppZone { get; init; }
}

/// <summary>The component diff between the license's token and the server's.</summary>
public sealed record TokenDiff
{
    /// <summary>The token the license names.</summary>
    public required string LicensedToken { get; init; }

    /// <summary>This server's token.</summary>
    public required string CurrentToken { get; init; }

    /// <summary>Same, SameServerChanged or DifferentServer.</summary>
    public required string Verdict { get; init; }

    /// <summary>The verdict in a sentence.</summary>
    public required string Reason { get; init; }

    /// <summary>The components that changed.</summary>
    public required IReadOnlyList<string> Changed { get; init; }
}

/// <summary>Source-generated JSON for <see cref="LicenseStatus"/> (camelCase, no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LicenseStatus))]
public sealed partial class LicenseStatusJsonContext : JsonSerializerContext;
