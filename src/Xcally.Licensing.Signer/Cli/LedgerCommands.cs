using System.CommandLine;
using Xcally.Licensing.Document;
using Xcally.Licensing.Format;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Signer.Output;

namespace Xcally.Licensing.Signer.Cli;

/// <summary><c>history</c> (a token's or a customer's licenses) and <c>diff</c> (two licenses, field by field).</summary>
internal static class LedgerCommands
{
    public static IEnumerable<Command> Create(CliContext context) => [History(context), Diff(context)];

    private static Command History(CliContext context)
    {
        var token = new Option<string>("--token") { Description = "The licenses issued for this token." };
        var customer = new Option<string>("--customer") { Description = "The licenses of this customer (every lineage that ever named it)." };
        var ledger = IssuingOptions.LedgerOption();
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("history", "List the licenses the ledger holds for a token or a customer, oldest first.");
        foreach (var option in new Option[] { token, customer, ledger, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var tokenValue = parseResult.GetValue(token) is { } t ? IssuingOptions.Token(t).ToString() : null;
            var customerValue = parseResult.GetValue(customer);
            if ((tokenValue is null) == (customerValue is null))
            {
                throw new UserError(ExitCodes.Usage, "give either --token or --customer.");
            }

            using var opened = LicenseLedger.Open(IssuingOptions.Settings(parseResult, context, ledger).LedgerPath);
            var entries = opened.History(tokenValue, customerValue);
            var fetches = tokenValue is null ? [] : opened.Fetches(tokenValue);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(output, w =>
                {
                    w.WriteStartArray("licenses");
                    foreach (var e in entries)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("serial", e.Serial);
                        w.WriteNumber("lineage", e.Lineage);
                        w.WriteNumber("revision", e.Revision);
                        w.WriteString("kind", e.Kind);
                        w.WriteString("command", e.Command);
                        w.WriteString("token", e.Token);
                        w.WriteString("customer", e.Customer);
                        w.WriteString("issuedAt", LicensePayloadWriter.FormatTimestamp(e.IssuedAt));
                        w.WriteString("validFrom", LicensePayloadWriter.FormatTimestamp(e.ValidFrom));
                        if (e.ExpiresAt is { } x)
                        {
                            w.WriteString("expiresAt", LicensePayloadWriter.FormatTimestamp(x));
                        }

                        w.WriteString("operator", e.Operator);
                        w.WriteString("sha256", e.Sha256);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    if (tokenValue is not null)
                    {
                        w.WriteStartArray("fetches");
                        foreach (var f in fetches)
                        {
                            w.WriteStartObject();
                            w.WriteString("fetchedAt", f.FetchedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
                            w.WriteString("outcome", FetchRecord.OutcomeName(f.Outcome));
                            if (f.Serial is { } serial)
                            {
                                w.WriteNumber("serial", serial);
                                w.WriteString("sha256", f.Sha256);
                            }

                            w.WriteString("client", f.Client);
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                    }
                });
                return ExitCodes.Success;
            }

            if (entries.Count == 0)
            {
                output.WriteLine("no licenses in the ledger for " + (tokenValue ?? customerValue));
                WriteFetches(output, tokenValue, fetches);
                return ExitCodes.Success;
            }

            output.WriteLine($"{"serial",-8} {"lineage",-8} {"rev",-4} {"kind",-13} {"command",-11} {"issued",-21} {"valid from",-21} {"expires",-21} operator  customer / token");
            foreach (var e in entries)
            {
                output.WriteLine($"{e.Serial,-8} {e.Lineage,-8} {e.Revision,-4} {e.Kind,-13} {e.Command,-11} {LicensePayloadWriter.FormatTimestamp(e.IssuedAt),-21} {LicensePayloadWriter.FormatTimestamp(e.ValidFrom),-21} {(e.ExpiresAt is { } x ? LicensePayloadWriter.FormatTimestamp(x) : "never"),-21} {SpoofingCharacters.Escape(e.Operator),-9} {SpoofingCharacters.Escape(e.Customer)} / {SpoofingCharacters.Escape(e.Token)}");
            }

            WriteFetches(output, tokenValue, fetches);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>"When did this server last fetch, and what did it get?": the delivery server's records, newest last.</summary>
    private static void WriteFetches(TextWriter output, string? token, IReadOnlyList<FetchRecord> fetches)
    {
        if (token is null)
        {
            return;
        }

        output.WriteLine();
        if (fetches.Count == 0)
        {
            output.WriteLine("never fetched from the delivery server");
            return;
        }

        output.WriteLine($"last {fetches.Count} fetches from the delivery server, oldest first:");
        foreach (var f in fetches)
        {
            var what = f.Outcome switch
            {
                FetchOutcome.Served => $"served serial {f.Serial}",
                FetchOutcome.NotModified => $"up to date with serial {f.Serial}",
                _ => "no license for this token (404)",
            };
            output.WriteLine($"  {f.FetchedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)}  {what}  from {SpoofingCharacters.Escape(f.Client)}");
        }
    }

    private static Command Diff(CliContext context)
    {
        var files = new Argument<string[]>("files") { Description = "Two license files (older first).", Arity = new ArgumentArity(0, 2) };
        var token = new Option<string>("--token") { Description = "Instead of files: the token's last two licenses in the ledger." };
        var ledger = IssuingOptions.LedgerOption();
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("diff", "Show what differs between two licenses, field by field: two files, or a token's last two licenses.");
        command.Arguments.Add(files);
        foreach (var option in new Option[] { token, ledger, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var paths = parseResult.GetValue(files) ?? [];
            (string Name, LicenseDocument License) before, after;
            if (parseResult.GetValue(token) is { } t)
            {
                var tokenValue = IssuingOptions.Token(t).ToString();
                using var opened = LicenseLedger.Open(IssuingOptions.Settings(parseResult, context, ledger).LedgerPath);
                var last = opened.Current(tokenValue) ?? throw new UserError(ExitCodes.RuleBroken, $"the ledger has no license for token {tokenValue}.");
                var lineage = opened.Lineage(last.Lineage);
                if (lineage.Count < 2)
                {
                    throw new UserError(ExitCodes.RuleBroken, $"license {last.Serial} is the first of its lineage; there is nothing to compare it with.");
                }

                before = ($"serial {lineage[^2].Serial}", Read(lineage[^2].Text, $"serial {lineage[^2].Serial}"));
                after = ($"serial {lineage[^1].Serial}", Read(lineage[^1].Text, $"serial {lineage[^1].Serial}"));
            }
            else if (paths.Length == 2)
            {
                before = (paths[0], Read(System.Text.Encoding.UTF8.GetString(InputFile.Read(paths[0], context)), paths[0]));
                after = (paths[1], Read(System.Text.Encoding.UTF8.GetString(InputFile.Read(paths[1], context)), paths[1]));
            }
            else
            {
                throw new UserError(ExitCodes.Usage, "give two license files, or --token.");
            }

            var changes = LicenseFields.Diff(before.License, after.License);
            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(output, w =>
                {
                    w.WriteString("before", before.Name);
                    w.WriteString("after", after.Name);
                    w.WriteStartArray("changes");
                    foreach (var (field, was, now) in changes)
                    {
                        w.WriteStartObject();
                        w.WriteString("field", field);
                        w.WriteString("before", was);
                        w.WriteString("after", now);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Success;
            }

            output.WriteLine($"{SpoofingCharacters.Escape(before.Name)} → {SpoofingCharacters.Escape(after.Name)} (unverified contents)");
            foreach (var (field, was, now) in changes)
            {
                output.WriteLine($"  {field,-16} {SpoofingCharacters.Escape(was)} → {SpoofingCharacters.Escape(now)}");
            }

            if (changes.Count == 0)
            {
                output.WriteLine("  no differences");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static LicenseDocument Read(string text, string name) =>
        UnverifiedLicense.Read(text) is { License: { } license } ? license : throw new UserError(ExitCodes.InputUnreadable, $"{name} is not a readable license.");
}
