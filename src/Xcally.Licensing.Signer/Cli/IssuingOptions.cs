using System.CommandLine;
using System.Text.Json;
using Xcally.Licensing.Document;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Catalog;
using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Signer.IO;
using Xcally.Licensing.Signer.Keys;
using Xcally.Licensing.Signer.Output;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>The options every signing command shares, and the session they open: key, ledger, catalog.</summary>
internal sealed class IssuingOptions
{
    public Option<string> Key { get; } = new("--key") { Description = "The private signing key (PEM); default: the Signer:KeyPath setting." };
    public Option<string> Ledger { get; } = LedgerOption();
    public Option<string> Catalog { get; } = new("--catalog") { Description = "The plan catalog (JSON); default: the Signer:CatalogPath setting, else the catalog shipped with the tool." };
    public Option<string> Out { get; } = new("--out") { Description = "Write the license to this file (atomically; never overwritten)." };
    public Option<string> OutDir { get; } = new("--out-dir") { Description = "Write the license into this folder as <customer>-<serial>-r<revision>.lic; default: the Signer:OutputFolder setting, else standard output." };
    public Option<string> Operator { get; } = new("--operator") { Description = "Who signs, for the ledger; default: the Signer:Operator setting, else the user name." };
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON." };
    public PassphraseOptions Passphrase { get; } = new();

    public static Option<string> LedgerOption() => new("--ledger") { Description = "The issuance ledger (SQLite); default: the Signer:LedgerPath setting, else ~/.local/share/xcally-license/ledger.db." };

    public void AddTo(Command command)
    {
        command.Options.Add(Key);
        command.Options.Add(Ledger);
        command.Options.Add(Catalog);
        command.Options.Add(Out);
        command.Options.Add(OutDir);
        command.Options.Add(Operator);
        command.Options.Add(Json);
        Passphrase.AddTo(command);
    }

    public static SignerSettings Settings(ParseResult parseResult, CliContext context, Option<string> ledger)
    {
        var settings = SignerSettings.Load(context);
        if (parseResult.GetValue(ledger) is { } ledgerPath)
        {
            settings.LedgerPath = ledgerPath;
        }

        return settings;
    }

    public Session Open(ParseResult parseResult, CliContext context, TextWriter error)
    {
        var settings = Settings(parseResult, context, Ledger);
        settings.KeyPath = parseResult.GetValue(Key) ?? settings.KeyPath;
        settings.CatalogPath = parseResult.GetValue(Catalog) ?? settings.CatalogPath;
        settings.OutputFolder = parseResult.GetValue(OutDir) ?? settings.OutputFolder;
        settings.Operator = parseResult.GetValue(Operator) ?? settings.Operator;
        if (string.IsNullOrEmpty(settings.KeyPath))
        {
            throw new UserError(ExitCodes.Usage, "no signing key: give --key <private.pem> or set Signer:KeyPath.");
        }

        if (!PlanCatalog.TryLoad(settings.CatalogPath, out var catalog, out var catalogError))
        {
            throw new UserError(ExitCodes.InputUnreadable, catalogError);
        }

        var key = PrivateKeyFile.Load(new FileInfo(settings.KeyPath), () => Passphrase.Read(parseResult, context), error);
        try
        {
            var ledger = LicenseLedger.Open(settings.LedgerPath);
            return new Session(key, ledger, catalog, settings, context.Time.GetUtcNow(), parseResult.GetValue(Out), parseResult.GetValue(Json));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>An open key, ledger and catalog for one command.</summary>
    internal sealed class Session(SigningKey key, LicenseLedger ledger, PlanCatalog catalog, SignerSettings settings, DateTimeOffset now, string? outFile, bool json) : IDisposable
    {
        private readonly LicenseIssuer _issuer = new(key, ledger);

        public PlanCatalog Catalog => catalog;
        public LicenseLedger Ledger => ledger;

        /// <summary>While a ledger batch is open, files are not written: the batch writes them once its records are committed.</summary>
        public bool DeferWrites { get; set; }
        public DateTimeOffset Now { get; } = new(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
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

        /// <summary>Signs and records <paramref name="draft"/>, writes it where asked (after its record), and prints the result.</summary>
        public IssuedLicense Issue(string command, LicenseDocument draft, long? lineage, TextWriter output, IReadOnlyList<string>? notes = null)
        {
            // Every command ends here, whether its names came from a request, the command line or the
            // ledger's current license: a name that would display as something else is never signed.
            var spoofing = SpoofingCharacters.Problems(draft);
            if (spoofing.Count > 0)
            {
                throw new UserError(ExitCodes.InvalidRequest, $"the {command} request cannot be signed:\n  - " + string.Join("\n  - ", spoofing));
            }

            var problems = draft.Validate();
            if (problems.Count > 0)
            {
                throw new UserError(ExitCodes.InvalidRequest, "the license would break the format's rules:\n  - " + string.Join("\n  - ", problems));
            }

            var issued = _issuer.Issue(command, draft, lineage, settings.Operator);
            var file = Destination(issued.License);
            if (file is not null && !DeferWrites)
            {
                AtomicFile.Write(file, issued.Text, AtomicFile.WorldReadable, overwrite: false);
            }

            Report(output, command, issued, file, notes ?? []);
            return issued;
        }

        public void Report(TextWriter output, string command, IssuedLicense issued, string? file, IReadOnlyList<string> notes)
        {
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

        /// <summary>The token's current license from the ledger, as a document.</summary>
        public (LedgerEntry Entry, LicenseDocument License) CurrentLicense(string token)
        {
            var entry = ledger.Current(token)
                ?? throw new UserError(ExitCodes.RuleBroken, $"the ledger has no license for token {token}; issue one first (demo or issue).");
            var license = Format.UnverifiedLicense.Read(entry.Text).License
                ?? throw new UserError(ExitCodes.LedgerProblem, $"the ledger's license {entry.Serial} cannot be read back.");
            return (entry, license);
        }

        public void Dispose()
        {
            ledger.Dispose();
            key.Dispose();
        }
    }

    /// <summary>A token given on the command line, checked and in canonical form.</summary>
    public static string Token(string text, string what = "token")
    {
        var check = InstallationToken.Check(text);
        return check.Token?.ToString() ?? throw new UserError(ExitCodes.InvalidToken, $"the {what} is not valid: {check.Problem}");
    }

    /// <summary>Throws the broken rules, if any, as one message.</summary>
    public static void Enforce(IReadOnlyList<string> problems, string what)
    {
        if (problems.Count > 0)
        {
            throw new UserError(ExitCodes.RuleBroken, $"{what} breaks the contract rules:\n  - " + string.Join("\n  - ", problems));
        }
    }
}
