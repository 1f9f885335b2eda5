using System.Text.Json.Serialization;

namespace Xcally.Licensing;

/// <summary>One pool's seats: how many are in use and how many the license (or the trial) allows.</summary>
public sealed record SeatUsage
{
    /// <summary>The pool.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<SeatPool>))]
    public required SeatPool Pool { get; init; }

    /// <summary>Concurrent (leased while in use) or named (assigned to an account).</summary>
    public required bool Concurrent { get; init; }

    /// <summary>Leases held, or accounts assigned.</summary>
    public required int InUse { get; init; }

    /// <summary>What the license allows now: the license's count in Active and Grace, the trial's otherwise.</summary>
    public required int Licensed { get; init; }

    /// <summary>Since when more are in use than licensed; null when within the limit.</summary>
    public DateTimeOffset? OverLimitSince { get; init; }

    /// <summary>"agents: 7 in use, 5 licensed, over the limit since …" when over the limit; null otherwise.</summary>
    public string? Message { get; init; }
}
