namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>
/// A serial reserved and never recorded: what a signer that crashed between reserving and recording
/// leaves. It is burned (never handed out again), and a ledger moved elsewhere keeps it so.
/// </summary>
internal sealed record ReservedSerial(long Serial, long Lineage, int Revision, string Token, string Operator, string Command);
