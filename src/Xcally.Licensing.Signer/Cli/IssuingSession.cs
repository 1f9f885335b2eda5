using System.Text.Json;
using Xcally.Licensing.Document;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Catalog;
using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Signer.IO;
using Xcally.Licensing.Signer.Output;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// One signing command's open key, ledger and catalog, the issuing desk on them, and where its licenses
/// go: the <c>--out</c> file, the output folder, or standard output. It shows what the desk did; a
/// refusal becomes the command's error.
/// </summary>
internal sealed class IssuingSession(LicenseSigningKey key, LicenseLedger ledger, PlanCatalog catalog, SignerSettings settings, DateTimeOffset now, string? outFile, bool json) : IDisposable
{
    public IssuingDesk Desk { get; } = new(key, ledger, catalog);

    /// <summary>Who signs, for the ledger.</summary>
    public string Operator => settings.Operator;

    /// <summary>When the command runs: every request it makes is issued at this instant.</summary>
    public DateTimeOffset Now => now;

    public bool Json => json;

    public bool HasOutputFolder => settings.OutputFolder is not null;

    /// <summary>Where <paramref name="license"/> is written (a full path), or <see langword="null"/> for standard output.</summary>
    public string? Destination(LicenseDocument license) =>
        outFile is not null ? Path.GetFullPath(outFile)
        : settings.OutputFolder is { } folder ? Path.GetFullPath(Path.Combine(folder, FileName(license)))
        : null;

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

    /// <summary>
    /// Shows what the desk did: first the token diff, if the request compared tokens; then the license,
    /// written to its destination (the ledger already holds it) and reported, or the refusal.
    /// </summary>
    /// <exception cref="UserError">The request was refused (exit code by <see cref="ExitCodes.For(RefusalCode)"/>), or the file cannot be written.</exception>
    public int Write(IssueResult result, TextWriter output, TextWriter error)
    {
        if (result.TokenChange is { } change)
        {
            (json ? error : output).WriteLine(change.ToString());
        }

        if (!result.IsIssued)
        {
            throw new UserError(ExitCodes.For(result.Refusal.Code), result.Refusal.Message);
        }

        var file = Destination(result.License.License);
        if (file is not null)
        {
            AtomicFile.Write(file, result.License.Text, AtomicFile.WorldReadable, overwrite: false);
        }

        Report(output, result.License, file, result.Notes);
        foreach (var alongside in result.Alongside)
        {
            // With a folder the old token's deactivation is written too (for a paste on a server without
            // automatic update); with one file or standard output it stays in the ledger, where the
            // delivery server serves it and `history` shows it.
            if (outFile is null && settings.OutputFolder is not null && Destination(alongside.License) is { } other)
            {
                AtomicFile.Write(other, alongside.Text, AtomicFile.WorldReadable, overwrite: false);
                if (!json)
                {
                    output.WriteLine($"  also     {other} (the old token's {WireNames.Kinds.NameOf(alongside.License.Kind)}, serial {alongside.License.Serial})");
                }
            }
        }

        return ExitCodes.Success;
    }

    private void Report(TextWriter output, IssuedLicense issued, string? file, IReadOnlyList<string> notes)
    {
        var command = issued.Entry.Command;
        var license = issued.License;
        if (json)
        {
            JsonOutput.Write(output, w => WriteJson(w, command, issued, file, notes));
            return;
        }

        if (file is null)
        {
            output.Write(issued.Text);
            return;
        }

        output.WriteLine($"{command}: {WireNames.Kinds.NameOf(license.Kind)} license {license.Serial} (lineage {license.Lineage}, revision {license.Revision}) for {SpoofingCharacters.Escape(license.Customer.Name)}");
        output.WriteLine($"  token    {license.Token}");
        output.WriteLine($"  valid    {LicensePayloadWriter.FormatTimestamp(license.ValidFrom)} to {(license.ExpiresAt is { } e ? LicensePayloadWriter.FormatTimestamp(e) : "no expiry")}");
        output.WriteLine($"  key      {key.Id}");
        output.WriteLine($"  file     {file}");
        output.WriteLine($"  sha256   {issued.Sha256}");
        foreach (var note in notes)
        {
            output.WriteLine($"  note     {note}");
        }
    }

    /// <summary>An issued license's members in a JSON result: the file (or the license text), its identity and its validity.</summary>
    public void WriteJson(Utf8JsonWriter w, string command, IssuedLicense issued, string? file, IReadOnlyList<string> notes)
    {
        var license = issued.License;
        w.WriteString("command", command);
        if (file is not null)
        {
            w.WriteString("file", file);
        }
        else
        {
            w.WriteString("license", issued.Text);
        }

        w.WriteString("sha256", issued.Sha256);
        w.WriteString("keyId", key.Id.ToString());
        w.WriteNumber("serial", license.Serial);
        w.WriteNumber("lineage", license.Lineage);
        w.WriteNumber("revision", license.Revision);
        w.WriteString("kind", WireNames.Kinds.NameOf(license.Kind));
        w.WriteString("token", license.Token);
        w.WriteString("customer", license.Customer.Name);
        w.WriteString("validFrom", LicensePayloadWriter.FormatTimestamp(license.ValidFrom));
        if (license.ExpiresAt is { } expiresAt)
        {
            w.WriteString("expiresAt", LicensePayloadWriter.FormatTimestamp(expiresAt));
        }

        w.WriteStartArray("notes");
        foreach (var note in notes)
        {
            w.WriteStringValue(note);
        }

        w.WriteEndArray();
    }

    public void Dispose()
    {
        ledger.Dispose();
        key.Dispose();
    }
}
