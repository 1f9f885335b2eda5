namespace Xcally.Licensing;

/// <summary>What a seat request came to.</summary>
public enum SeatOutcome
{
    /// <summary>A concurrent seat was leased.</summary>
    Acquired = 0,

    /// <summary>The account was assigned a named seat.</summary>
    Assigned = 1,

    /// <summary>The account already held a named seat (nothing changed).</summary>
    AlreadyAssigned = 2,

    /// <summary>The account's named seat was freed.</summary>
    Unassigned = 3,

    /// <summary>The account held no named seat (nothing changed).</summary>
    NotAssigned = 4,

    /// <summary>Refused: every licensed seat of the pool is in use.</summary>
    Full = 5,

    /// <summary>Refused: more seats are in use than the license now allows (it shrank); none is freed until enough are released.</summary>
    OverLimit = 6,

    /// <summary>Refused: the license (or the trial) allows none of this pool.</summary>
    NotLicensed = 7,

    /// <summary>Refused: the named seats could not be saved in the state directory; nothing changed.</summary>
    StorageFailed = 8,
}
