using System.Diagnostics.CodeAnalysis;

namespace Xcally.Licensing;

/// <summary>The answer to <see cref="LicenseSeats.TryAssign"/> and <see cref="LicenseSeats.Unassign"/>.</summary>
public readonly struct SeatAssignment
{
    internal SeatAssignment(SeatOutcome outcome, bool inForce, string? reason)
    {
        Outcome = outcome;
        InForce = inForce;
        Reason = reason;
    }

    /// <summary>What happened.</summary>
    public SeatOutcome Outcome { get; }

    /// <summary>Whether the request was carried out (or there was nothing to do).</summary>
    [MemberNotNullWhen(false, nameof(Reason))]
    public bool Succeeded => Outcome is SeatOutcome.Assigned or SeatOutcome.AlreadyAssigned or SeatOutcome.Unassigned or SeatOutcome.NotAssigned;

    /// <summary>
    /// After an assignment: whether the account's seat is in force, that is among the earliest assigned
    /// as many as the license allows. A seat assigned before the license shrank may be assigned but not
    /// in force; <see cref="Reason"/> then says so.
    /// </summary>
    public bool InForce { get; }

    /// <summary>Why it was refused, or why an assigned seat is not in force; null otherwise.</summary>
    public string? Reason { get; }
}
