using System.CommandLine;
using System.Text;
using Xcally.Licensing.Document;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Requests;
using Xcally.Licensing.Signer.IO;
using Xcally.Licensing.Signer.Output;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// <c>xcally-license issue REQUEST</c>: a new billed license for a token that holds none, from a
/// request file; or many, from a folder of requests or a JSON-lines file.
/// </summary>
internal static class IssueCommand
{
    public const int MaxRequestSize = 256 * 1024;

    public static Command Create(CliContext context)
    {
        var request = new Argument<string>("request") { Description = "A request file (JSON; docs/signer.md), - for standard input, a folder of *.json requests, or a *.jsonl file of one request per line." };
        var token = new Option<string>("--token") { Description = "The installation token to bind the license to; replaces the request's token (single request only)." };
        var options = new IssuingOptions();

        var command = new Command("issue", "Issue a new billed license (activation of a new server) from a request, under the contract rules, recorded in the ledger.");
        command.Arguments.Add(request);
        command.Options.Add(token);
        options.AddTo(command);

        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var source = parseResult.GetRequiredValue(request);
            var requests = Requests(source, context);
            using var session = options.Open(parseResult, context, error);
            if (requests.Count == 1 && !IsBatch(source))
            {
                var (name, bytes) = requests[0];
                IssueOne(session, name, bytes, parseResult.GetValue(token), output);
                return ExitCodes.Success;
            }

            if (parseResult.GetValue(token) is not null)
            {
                throw new UserError(ExitCodes.Usage, "--token replaces one request's token; it cannot be used with a batch.");
            }

            if (!session.HasOutputFolder || parseResult.GetValue(options.Out) is not null)
            {
                throw new UserError(ExitCodes.Usage, "a batch writes one file per request: give --out-dir <folder> (or set Signer:OutputFolder), not --out.");
            }

            return IssueBatch(session, requests, context, output, error);
        }));
        return command;
    }

    private static bool IsBatch(string source) => Directory.Exists(source) || source.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);

    internal static List<(string Name, byte[] Bytes)> Requests(string source, CliContext context)
    {
        if (Directory.Exists(source))
        {
            var files = Directory.EnumerateFiles(source, "*.json").Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                throw new UserError(ExitCodes.InputUnreadable, $"the folder '{source}' holds no *.json request.");
            }

            return [.. files.Select(f => (Path.GetFileName(f), InputFile.Read(f, context, MaxRequestSize)))];
        }

        var bytes = InputFile.Read(source, context, MaxRequestSize * 64);
        if (source.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            var lines = Encoding.UTF8.GetString(bytes).Split('\n');
            return [.. lines.Select((line, i) => ($"line {i + 1}", line.Trim()))
                .Where(l => l.Item2.Length > 0)
                .Select(l => (l.Item1, Encoding.UTF8.GetBytes(l.Item2)))];
        }

        if (bytes.Length > MaxRequestSize)
        {
            throw new UserError(ExitCodes.InvalidRequest, $"'{source}' is larger than {MaxRequestSize / 1024} KiB; that is not a license request.");
        }

        return [(source, bytes)];
    }

    /// <summary>Issues one request: the same path alone or in a batch.</summary>
    internal static IssuedLicense IssueOne(IssuingOptions.Session session, string name, byte[] bytes, string? tokenOverride, TextWriter output)
    {
        if (!LicenseRequest.TryParse(bytes, out var parsed, out var parseError))
        {
            throw new UserError(ExitCodes.InvalidRequest, $"'{name}': {parseError}");
        }

        if (!parsed.TryCreateDocument(session.Now, tokenOverride, out var draft, out var problems))
        {
            throw new UserError(ExitCodes.InvalidRequest, $"'{name}' cannot be issued:\n  - " + string.Join("\n  - ", problems));
        }

        if (draft.Kind != LicenseKind.Subscription)
        {
            // A demo's contents and a deactivation's are fixed by the contract: the request names only who and which token.
            var extra = new[] { "plan", "billing", "supportPlan", "validFrom", "expiresAt", "graceDays", "staff", "channels", "modules", "sessions", "addOns", "ai", "plugins", "softwareUpdate", "appZone" }
                .Where(parsed.Has).ToList();
            if (extra.Count > 0)
            {
                throw new UserError(ExitCodes.InvalidRequest, $"'{name}': a {WireNames.Kinds.NameOf(draft.Kind)}'s contents are fixed by the contract; remove {string.Join(", ", extra.Select(f => $"\"{f}\""))} (a request for one names only kind, token and customer).");
            }

            return draft.Kind == LicenseKind.Demo
                ? LifecycleCommands.IssueDemo(session, draft.Token, draft.Customer, output)
                : LifecycleCommands.IssueDeactivation(session, draft.Token, output);
        }

        if (!session.Catalog.TryGet(draft.Plan!, out var plan))
        {
            throw new UserError(ExitCodes.InvalidRequest, $"'{name}': plan '{draft.Plan}' is not in the catalog (plans: {session.Catalog.PlanIds}).");
        }

        var license = draft with
        {
            Channels = parsed.Has("channels") ? draft.Channels : plan.Channels,
            Modules = parsed.Has("modules") ? draft.Modules : plan.Modules,
            Sessions = parsed.Has("sessions") ? draft.Sessions : plan.Sessions,
            ExpiresAt = parsed.Has("expiresAt") ? draft.ExpiresAt : ContractRules.PeriodEnd(draft.ValidFrom, draft.Billing!.Value),
        };

        var broken = ContractRules.CheckBilled(license, plan);
        if (ContractRules.CheckNotActive(session.Ledger, license.Token, session.Now) is { } active)
        {
            broken.Add(active);
        }

        IssuingOptions.Enforce(broken, $"'{name}'");
        return session.Issue("issue", license, lineage: null, output);
    }

    /// <summary>Requests per ledger commit: large enough that the commit's sync to disk is amortized, small enough that a crash loses little work.</summary>
    internal const int BatchChunkSize = 500;

    internal static int IssueBatch(IssuingOptions.Session session, List<(string Name, byte[] Bytes)> requests, CliContext context, TextWriter output, TextWriter error)
    {
        var failed = 0;
        var results = new List<(string Name, IssuedLicense? Issued, string? File, string? Problem)>();
        for (var start = 0; start < requests.Count; start += BatchChunkSize)
        {
            // Each chunk is one ledger transaction; its files are written only after it commits, so a crash
            // leaves either a chunk's records without their files (re-exportable from the ledger) or nothing.
            var chunk = new List<(string Name, IssuedLicense? Issued, string? Problem)>();
            session.DeferWrites = true;
            try
            {
                using var batch = session.Ledger.BeginBatch();
                for (var i = start; i < Math.Min(start + BatchChunkSize, requests.Count); i++)
                {
                    var (name, bytes) = requests[i];
                    if (context.ShowProgress)
                    {
                        TerminalWriter.ReturnToLineStart(error);
                        error.Write($"[{i + 1}/{requests.Count}] {name,-40}");
                    }

                    try
                    {
                        var issued = batch.Isolated(() => IssueOne(session, name, bytes, null, TextWriter.Null));
                        chunk.Add((name, issued, null));
                    }
                    catch (UserError e)
                    {
                        chunk.Add((name, null, e.Message.ReplaceLineEndings(" ")));
                    }
                }

                batch.Commit();
            }
            finally
            {
                session.DeferWrites = false;
            }

            // The files come from the issued licenses themselves, so a file can only be one the ledger committed.
            var files = chunk.Where(c => c.Issued is not null && session.Destination(c.Issued.License) is not null)
                .Select(c => (session.Destination(c.Issued!.License)!, c.Issued.Text)).ToList();
            var writeProblems = AtomicFile.WriteAll(files, AtomicFile.WorldReadable);
            var writeIndex = 0;
            for (var i = 0; i < chunk.Count; i++)
            {
                var (name, issued, problem) = chunk[i];
                var file = issued is null ? null : session.Destination(issued.License);
                if (file is not null && writeProblems[writeIndex++] is { } notWritten)
                {
                    problem = $"signed and recorded as serial {issued!.License.Serial}, but the file was not written: {notWritten} (the ledger keeps its text).";
                    issued = null;
                }

                if (problem is not null)
                {
                    failed++;
                }

                results.Add((name, issued, file, problem));
                if (!session.Json)
                {
                    output.WriteLine(issued is not null ? $"ok    {name}  serial {issued.License.Serial}  {file}" : $"error {name}  {problem}");
                }
            }
        }

        if (context.ShowProgress)
        {
            error.WriteLine();
        }

        if (session.Json)
        {
            JsonOutput.Write(output, w =>
            {
                w.WriteNumber("issued", results.Count - failed);
                w.WriteNumber("failed", failed);
                w.WriteStartArray("results");
                foreach (var (name, issued, file, problem) in results)
                {
                    w.WriteStartObject();
                    w.WriteString("request", name);
                    if (issued is not null)
                    {
                        session.WriteJson(w, "issue", issued, file, []);
                    }
                    else
                    {
                        w.WriteString("error", problem);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }
        else
        {
            output.WriteLine($"{results.Count - failed} issued, {failed} failed");
        }

        return failed == 0 ? ExitCodes.Success : ExitCodes.InvalidRequest;
    }
}
