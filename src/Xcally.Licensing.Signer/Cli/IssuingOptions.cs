using System.CommandLine;
using Xcally.Licensing.Issuing.Catalog;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Signer.Keys;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>The options every signing command shares, and the session they open: key, ledger, catalog, destination.</summary>
internal sealed class IssuingOptions
{
    public Option<string> Key { get; } = new("--key") { Description = "The private signing key: a PEM file, or a pkcs11: URI (RFC 7512) naming a key in an HSM (module: Signer:Pkcs11Module); default: the Signer:KeyPath setting." };
    public Option<string> Ledger { get; } = LedgerOption();
    public Option<string> Catalog { get; } = new("--catalog") { Description = "The plan catalog (JSON); default: the Signer:CatalogPath setting, else the catalog shipped with the tool." };
    public Option<string> Out { get; } = new("--out") { Description = "Write the license to this file (atomically; never overwritten)." };
    public Option<string> OutDir { get; } = new("--out-dir") { Description = "Write the license into this folder as <customer>-<serial>-r<revision>.lic; default: the Signer:OutputFolder setting, else standard output." };
    public Option<string> Operator { get; } = new("--operator") { Description = "Who signs, for the ledger; default: the Signer:Operator setting, else the user name." };
    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as JSON." };
    public PassphraseOptions Passphrase { get; } = new();
    public PinOptions Pin { get; } = new();

    public static Option<string> LedgerOption() => new("--ledger")
    {
        Description = "The issuance ledger: an SQLite file's path, or a PostgreSQL database (postgresql://user@host/db, or Host=...;Database=...; the password from PGPASSWORD, ~/.pgpass or the settings file, never here); default: the Signer:LedgerPath setting, else ~/.local/share/xcally-license/ledger.db.",
    };

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
        Pin.AddTo(command);
    }

    public static SignerSettings Settings(ParseResult parseResult, CliContext context, Option<string> ledger)
    {
        var settings = SignerSettings.Load(context);
        if (parseResult.GetValue(ledger) is { } ledgerPath)
        {
            // A command line is seen by every user of the machine (ps, /proc) and kept in shell history.
            if (LedgerLocation.Parse(ledgerPath).HasPassword)
            {
                throw new UserError(ExitCodes.Usage, "--ledger must not carry the database password (the command line is visible to other users and kept in shell history): remove it and use PGPASSWORD, a passfile (~/.pgpass or PGPASSFILE), or the Signer:LedgerPath setting in the settings file.");
            }

            settings.LedgerPath = ledgerPath;
        }

        return settings;
    }

    /// <summary>Opens the key, the ledger and the catalog the settings and options name.</summary>
    public IssuingSession Open(ParseResult parseResult, CliContext context, TextWriter error)
    {
        var settings = Settings(parseResult, context, Ledger);
        settings.KeyPath = parseResult.GetValue(Key) ?? settings.KeyPath;
        settings.CatalogPath = parseResult.GetValue(Catalog) ?? settings.CatalogPath;
        settings.OutputFolder = parseResult.GetValue(OutDir) ?? settings.OutputFolder;
        settings.Operator = parseResult.GetValue(Operator) ?? settings.Operator;
        if (string.IsNullOrEmpty(settings.KeyPath))
        {
            throw new UserError(ExitCodes.Usage, "no signing key: give --key <private.pem> (or --key 'pkcs11:token=...;object=...') or set Signer:KeyPath.");
        }

        if (!PlanCatalog.TryLoad(settings.CatalogPath, out var catalog, out var catalogError))
        {
            throw new UserError(ExitCodes.InputUnreadable, catalogError);
        }

        var key = SigningKeys.Open(
            settings.KeyPath,
            settings,
            () => Passphrase.Read(parseResult, context),
            uri => HsmPin.Read(parseResult.GetValue(Pin.File), parseResult.GetValue(Pin.StandardInput), uri, settings, context),
            error);
        try
        {
            var ledger = LicenseLedger.Open(settings.LedgerPath);
            return new IssuingSession(key, ledger, catalog, settings, context.Time.GetUtcNow(), parseResult.GetValue(Out), parseResult.GetValue(Json));
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>A token given on the command line, checked.</summary>
    public static InstallationToken Token(string text, string what = "token")
    {
        var check = InstallationToken.Check(text);
        return check.Token ?? throw new UserError(ExitCodes.InvalidToken, $"the {what} is not valid: {check.Problem}");
    }
}
