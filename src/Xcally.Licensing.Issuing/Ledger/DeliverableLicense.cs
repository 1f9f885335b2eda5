namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>The newest license the ledger holds for a token, as the delivery server sends it.</summary>
/// <param name="Serial">Its serial.</param>
/// <param name="Kind">Its kind's wire name (a deactivation is served like any license).</param>
/// <param name="Sha256">The SHA-256 of <paramref name="File"/>, lower-case hex: the entity tag.</param>
/// <param name="File">The license file, byte for byte as issued.</param>
internal sealed record DeliverableLicense(long Serial, string Kind, string Sha256, byte[] File);
