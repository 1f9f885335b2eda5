namespace Xcally.Licensing;

/// <summary>Whether a component's source could be used when the token was computed.</summary>
public enum ComponentAvailability
{
    /// <summary>Read and part of the token.</summary>
    Present = 0,

    /// <summary>This server has no such source (no machine-id, no disk serial…): the group is empty.</summary>
    Absent = 1,

    /// <summary>The source exists but not every user may read it, so it is left out for everyone.</summary>
    Restricted = 2,

    /// <summary>Left out on purpose: in a container, sources that change on every restart.</summary>
    Excluded = 3,
}
