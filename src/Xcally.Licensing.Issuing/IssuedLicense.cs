using Xcally.Licensing.Issuing.Ledger;

namespace Xcally.Licensing.Issuing;

/// <summary>A signed license and its record in the ledger: the document, and the entry that holds the signed file's text.</summary>
internal sealed record IssuedLicense(LicenseDocument License, LedgerEntry Entry)
{
    /// <summary>The license file's text, exactly as signed and recorded.</summary>
    public string Text => Entry.Text;

    /// <summary>The SHA-256 of <see cref="Text"/> (UTF-8), lower-case hex.</summary>
    public string Sha256 => Entry.Sha256;
}
