using System.Diagnostics.CodeAnalysis;

namespace Xcally.Licensing;

/// <summary>The answer to <see cref="LicenseSeats.TryAcquire"/>: a lease, or why not.</summary>
public readonly struct SeatAcquisition
{
    internal SeatAcquisition(SeatLease lease)
    {
        Lease = lease;
        Outcome = SeatOutcome.Acquired;
    }

    internal SeatAcquisition(SeatOutcome refusal, string reason)
    {
        Outcome = refusal;
        Reason = reason;
    }

    /// <summary>Whether a seat was leased.</summary>
    [MemberNotNullWhen(true, nameof(Lease))]
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool Acquired => Lease is not null;

    /// <summary>The lease to release when the seat is no longer in use; null when refused.</summary>
    public SeatLease? Lease { get; }

    /// <summary><see cref="SeatOutcome.Acquired"/>, or the class of refusal.</summary>
    public SeatOutcome Outcome { get; }

    /// <summary>Why it was refused, said for the administrator; null when acquired.</summary>
    public string? Reason { get; }

    /// <summary>The lease.</summary>
    /// <exception cref="InvalidOperationException">The seat was refused; the message is <see cref="Reason"/>.</exception>
    public SeatLease EnsureAcquired() => Lease ?? throw new InvalidOperationException(Reason);
}
