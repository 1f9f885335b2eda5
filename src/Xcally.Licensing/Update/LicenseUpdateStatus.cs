using System.Text.Json.Serialization;

namespace Xcally.Licensing;

/// <summary>The automatic update's state, as the License page shows it next to the manual update. Immutable.</summary>
public sealed record LicenseUpdateStatus
{
    /// <summary>The delivery server asked.</summary>
    public required string Endpoint { get; init; }

    /// <summary>When the last check ran; <see langword="null"/> before the first.</summary>
    public DateTimeOffset? LastAttempt { get; init; }

    /// <summary>When a check last reached the licensing server and ended with the newest license installed.</summary>
    public DateTimeOffset? LastSuccess { get; init; }

    /// <summary>What the last check did; <see langword="null"/> before the first.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<LicenseUpdateOutcome>))]
    public LicenseUpdateOutcome? Outcome { get; init; }

    /// <summary>For the administrator: what the last check did, and what to do if it failed.</summary>
    public required string Message { get; init; }

    /// <summary>When the next scheduled check runs.</summary>
    public DateTimeOffset? NextAttempt { get; init; }
}
