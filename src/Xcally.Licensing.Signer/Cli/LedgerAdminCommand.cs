using System.CommandLine;
using Xcally.Licensing.Issuing.Ledger;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// <c>ledger export</c>, <c>ledger import</c> and <c>ledger check</c>: moving a ledger between SQLite and
/// PostgreSQL without loss, and checking a whole ledger (after a move, a restore, an incident).
/// </summary>
internal static class LedgerAdminCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("ledger", "Move a whole ledger between SQLite and PostgreSQL (export, import), or check it (check).");
        command.Subcommands.Add(Export(context));
        command.Subcommands.Add(Import(context));
        command.Subcommands.Add(Check(context));
        return command;
    }

    private static Command Export(CliContext context)
    {
        var ledger = IssuingOptions.LedgerOption();
        var output = new Option<string>("--out") { Description = "Write the export to this file (never overwritten); default: standard output." };
        var command = new Command("export", "Write the whole ledger as JSON lines: every license with its signed file, every burned reservation, every fetch, and the highest serial handed out.");
        command.Options.Add(ledger);
        command.Options.Add(output);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (stdout, error) =>
        {
            using var opened = LicenseLedger.Open(IssuingOptions.Settings(parseResult, context, ledger).LedgerPath);
            if (parseResult.GetValue(output) is not { } path)
            {
                LedgerTransfer.Export(opened, stdout);
                return ExitCodes.Success;
            }

            // The export holds every license: it is written whole or not at all, and never over another file.
            var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
            try
            {
                (int Licenses, int Reserved, int Fetches) counts;
                using (var writer = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false)))
                {
                    counts = LedgerTransfer.Export(opened, writer);
                }

                File.Move(temporary, path, overwrite: false);
                error.WriteLine($"exported {counts.Licenses} licenses, {counts.Reserved} burned reservations and {counts.Fetches} fetches from {opened.Path} to {path}");
            }
            catch (IOException e) when (File.Exists(path))
            {
                throw new UserError(ExitCodes.OutputFailed, $"'{path}' already exists; the export never overwrites a file. ({e.Message})");
            }
            finally
            {
                File.Delete(temporary);
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Import(CliContext context)
    {
        var file = new Argument<string>("export") { Description = "The export (JSON lines, from ledger export), or - for standard input." };
        var ledger = IssuingOptions.LedgerOption();
        var command = new Command("import", "Fill a new, empty ledger with an export, in one transaction: serials, revisions and signed files as they were, and no serial handed out again.");
        command.Arguments.Add(file);
        command.Options.Add(ledger);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var source = parseResult.GetValue(file)!;
            using var reader = source == "-" ? null : new StreamReader(source, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
            using var opened = LicenseLedger.Open(IssuingOptions.Settings(parseResult, context, ledger).LedgerPath);
            try
            {
                var (licenses, reserved, fetches) = LedgerTransfer.Import(reader ?? context.StandardInput, opened);
                output.WriteLine($"imported {licenses} licenses, {reserved} burned reservations and {fetches} fetches into {opened.Path}");
            }
            catch (InvalidDataException e)
            {
                throw new UserError(ExitCodes.InputUnreadable, $"{e.Message} Nothing was imported.");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Check(CliContext context)
    {
        var ledger = IssuingOptions.LedgerOption();
        var trust = new TrustOptions(required: true);
        var command = new Command("check", "Check the whole ledger: every recorded file re-verified with the given public keys and compared with its record, every lineage's revisions and every serial consistent.");
        command.Options.Add(ledger);
        trust.AddTo(command);
        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var keys = trust.Read(parseResult, error) ?? throw new UserError(ExitCodes.Usage, "give the team's public key (--public-key) to verify the recorded files with.");
            using var opened = LicenseLedger.Open(IssuingOptions.Settings(parseResult, context, ledger).LedgerPath);
            var problems = LedgerCheck.Run(opened, new LicenseVerifier(keys, context.Time), out var licenses);
            foreach (var problem in problems)
            {
                output.WriteLine($"problem {problem}");
            }

            output.WriteLine(problems.Count == 0
                ? $"ok: {licenses} licenses verified, every lineage and serial consistent ({opened.Path})"
                : $"{problems.Count} problems in {licenses} licenses ({opened.Path})");
            return problems.Count == 0 ? ExitCodes.Success : ExitCodes.LedgerProblem;
        }));
        return command;
    }
}
