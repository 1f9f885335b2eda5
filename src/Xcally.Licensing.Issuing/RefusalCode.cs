namespace Xcally.Licensing.Issuing;

/// <summary>
/// Why the desk refused a request: a stable code for programs (the tool maps each to an exit code, a
/// portal back end to its own answer), alongside the message for the administrator. The values are
/// stable: new codes are added, none is renumbered.
/// </summary>
internal enum RefusalCode
{
    /// <summary>The written request cannot be read: not JSON, an unknown or missing field, a bad token, contents in a demo or deactivation request.</summary>
    InvalidRequest = 1,

    /// <summary>A name holds a character that would make it display as something else (docs/signer.md, "Names").</summary>
    SpoofingName = 2,

    /// <summary>The license would break the format's rules (docs/license-format.md).</summary>
    FormatRuleBroken = 3,

    /// <summary>The plan is not in the catalog (asked for, or the current license's, since removed).</summary>
    UnknownPlan = 4,

    /// <summary>A total is negative.</summary>
    InvalidQuantity = 5,

    /// <summary>A name to add or remove is no add-on, AI feature or plugin.</summary>
    UnknownItem = 6,

    /// <summary>The request changes nothing in the current license.</summary>
    NothingToChange = 7,

    /// <summary>One or more contract rules are broken (docs/signer.md, "The contract rules"): every one is in the message.</summary>
    ContractRuleBroken = 8,

    /// <summary>The ledger holds no license for the token.</summary>
    UnknownToken = 9,

    /// <summary>The token's current license is a deactivation.</summary>
    Deactivated = 10,

    /// <summary>The request applies to billed licenses, and the token holds a demo.</summary>
    NotBilled = 11,

    /// <summary>The token's current license in the ledger cannot be read back.</summary>
    UnreadableLedgerEntry = 12,
}
