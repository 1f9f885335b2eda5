using System.Globalization;
using Xcally.Licensing.Document;

namespace Xcally.Licensing.Format;

/// <summary>
/// Turns a document into the text of a license file: a summary for people, then the armored,
/// signed envelope. Only the signer tool uses it; the signing itself is the caller's delegate, so no
/// private key ever passes through the runtime library's types.
/// </summary>
internal static class LicenseFileWriter
{
    public static string Write(LicenseDocument license, KeyId keyId, LicenseEnvelope.SignAction sign)
    {
        var payload = LicensePayloadWriter.Write(license);
        var envelope = LicenseEnvelope.Seal(payload, keyId, sign);
        return LicenseArmor.Write(envelope, Summary(license));
    }

    /// <summary>
    /// Lines shown above the block. They are never signed and never read back: the verifier ignores
    /// them, so they are limited to characters that cannot be mistaken for part of the block.
    /// </summary>
    public static IEnumerable<string> Summary(LicenseDocument license)
    {
        yield return "XCALLY Motion license. The summary below is for people and is not signed;";
        yield return "only the block between the BEGIN and END lines counts. Paste all of it.";
        yield return string.Empty;
        yield return $"Customer:  {Printable(license.Customer.Name)}";
        yield return $"Token:     {license.Token}";
        yield return $"Kind:      {WireNames.Kinds.NameOf(license.Kind)}" + (license.Plan is null ? string.Empty : $", plan {license.Plan}");
        yield return string.Create(CultureInfo.InvariantCulture, $"Serial:    {license.Serial} (lineage {license.Lineage}, revision {license.Revision})");
        yield return $"Valid:     {Day(license.ValidFrom)} to {(license.ExpiresAt is { } e ? Day(e) : "no expiry")}";
        yield return string.Empty;
    }

    private static string Day(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
}
