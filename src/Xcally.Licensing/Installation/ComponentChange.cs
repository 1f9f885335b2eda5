namespace Xcally.Licensing;

/// <summary>How one component compares between two tokens.</summary>
public enum ComponentChange
{
    /// <summary>Both tokens hold it and it is the same.</summary>
    Same = 0,

    /// <summary>Both tokens hold it and it differs.</summary>
    Changed = 1,

    /// <summary>The earlier token holds it, the current one does not (unreadable, removed or excluded now): not counted as a change.</summary>
    NoLongerAvailable = 2,

    /// <summary>The current token holds it, the earlier one did not: not counted as a change.</summary>
    NewlyAvailable = 3,

    /// <summary>Neither token holds it.</summary>
    NotAvailable = 4,

    /// <summary>The tokens were keyed by different secrets, so this component cannot be compared.</summary>
    NotComparable = 5,
}
