namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>One signed license as the ledger records it.</summary>
internal sealed record LedgerEntry(
    long Serial,
    long Lineage,
    int Revision,
    string Kind,
    string Token,
    string Customer,
    string Email,
    string? Plan,
    DateTimeOffset IssuedAt,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ExpiresAt,
    string Operator,
    string Command,
    string Sha256,
    string Text);
