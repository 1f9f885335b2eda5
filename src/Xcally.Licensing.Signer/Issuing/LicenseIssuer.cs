using System.Security.Cryptography;
using System.Text;
using Xcally.Licensing.Signer.IO;
using Xcally.Licensing.Signer.Keys;
using Xcally.Licensing.Signer.Ledger;

namespace Xcally.Licensing.Signer.Issuing;

/// <summary>A signed license, recorded in the ledger and written where asked.</summary>
internal sealed record IssuedLicense(LicenseDocument License, string Text, string Sha256, string? File);

/// <summary>
/// Signs licenses through the ledger: reserve the serial (and revision), sign, record the signed file,
/// then write it. A crash anywhere burns at most a reserved serial and never leaves a file without
/// its record.
/// </summary>
internal sealed class LicenseIssuer(SigningKey key, LicenseLedger ledger, string operatorName)
{
    private static readonly AsyncLocal<Action<string>?> s_beforeStep = new();

    /// <summary>Called between the steps, in the current flow only; tests throw from it to simulate a crash.</summary>
    internal static Action<string>? BeforeStep
    {
        get => s_beforeStep.Value;
        set => s_beforeStep.Value = value;
    }

    public SigningKey Key => key;

    public LicenseLedger Ledger => ledger;

    /// <summary>
    /// While a ledger batch is open, files are not written here: they may be written only once the
    /// batch's records are committed, and the batch writes them from the licenses it was given.
    /// </summary>
    public bool DeferWrites { get; set; }

    public IssuedLicense Issue(string command, LicenseDocument draft, long? lineage, Func<LicenseDocument, string?> destinationFor)
    {
        var (serial, lineageValue, revision) = ledger.Reserve(lineage, draft.Token, operatorName, command);
        BeforeStep?.Invoke("reserved");
        var license = draft with { Serial = serial, Lineage = lineageValue, Revision = revision };
        var text = key.Issue(license);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        BeforeStep?.Invoke("signed");
        ledger.Complete(serial, license, sha256, text);
        BeforeStep?.Invoke("recorded");
        var destination = destinationFor(license);
        if (destination is not null)
        {
            if (!DeferWrites)
            {
                AtomicFile.Write(destination, text, AtomicFile.WorldReadable, overwrite: false);
            }
        }

        return new IssuedLicense(license, text, sha256, destination is null ? null : Path.GetFullPath(destination));
    }

    /// <summary>The default file name in an output folder: customer, serial and revision, so files never collide.</summary>
    public static string FileName(LicenseDocument license)
    {
        var slug = new string([.. license.Customer.Name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        while (slug.Contains("--", StringComparison.Ordinal))
        {
            slug = slug.Replace("--", "-", StringComparison.Ordinal);
        }

        return $"{(slug.Length == 0 ? "license" : slug)}-{license.Serial}-r{license.Revision}.lic";
    }
}
