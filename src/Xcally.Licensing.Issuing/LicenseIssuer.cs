using System.Security.Cryptography;
using System.Text;
using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Issuing.Ledger;

namespace Xcally.Licensing.Issuing;

/// <summary>
/// Signs licenses through the ledger: reserve the serial (and revision), sign, record the signed file.
/// A crash anywhere burns at most a reserved serial. The caller writes the file, if any, only after
/// <see cref="Issue"/> returns (and, in a ledger batch, after the commit), so a file never exists
/// without its record. The key checks each signature before the record is completed
/// (<see cref="LicenseSigningKey.Issue"/>): a signer that fails leaves a burnt reservation, never a
/// recorded license that does not verify.
/// </summary>
internal sealed class LicenseIssuer(LicenseSigningKey key, LicenseLedger ledger)
{
    private static readonly AsyncLocal<Action<string>?> s_beforeStep = new();

    /// <summary>Called between the steps, in the current flow only; tests throw from it to simulate a crash.</summary>
    internal static Action<string>? BeforeStep
    {
        get => s_beforeStep.Value;
        set => s_beforeStep.Value = value;
    }

    /// <summary>
    /// Signs <paramref name="draft"/> as the next revision of <paramref name="lineage"/> (or the first of a
    /// new lineage) and records it, with the portal request (<paramref name="command"/>) and who asked.
    /// </summary>
    /// <exception cref="ArgumentException">The document breaks a rule of the format.</exception>
    public IssuedLicense Issue(string command, LicenseDocument draft, long? lineage, string operatorName)
    {
        var (serial, lineageValue, revision) = ledger.Reserve(lineage, draft.Token, operatorName, command);
        BeforeStep?.Invoke("reserved");
        var license = draft with { Serial = serial, Lineage = lineageValue, Revision = revision };
        var text = key.Issue(license);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        BeforeStep?.Invoke("signed");
        var entry = ledger.Complete(serial, license, sha256, text, operatorName, command);
        BeforeStep?.Invoke("recorded");
        return new IssuedLicense(license, entry);
    }
}
