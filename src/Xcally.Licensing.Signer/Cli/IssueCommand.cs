using System.CommandLine;
using System.Text;
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
                return session.Write(session.Desk.Issue(new WrittenRequest(name, bytes, parseResult.GetValue(token), session.Operator, session.Now)), output, error);
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

        var bytes = InputFile.Read(source, context, context.MaxBatchFileSize);
        if (source.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            // Read only up to the limit: a larger file must be refused whole, never issued up to a cut line.
            if (bytes.Length > context.MaxBatchFileSize)
            {
                throw new UserError(ExitCodes.InvalidRequest, $"'{source}' is larger than {context.MaxBatchFileSize / (1024 * 1024)} MiB; split the batch into smaller files. Nothing was issued.");
            }

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

    /// <summary>
    /// Issues every request through the desk's batch (one ledger commit per chunk), writes each chunk's
    /// files once it is committed, and prints one line per request and a total.
    /// </summary>
    internal static int IssueBatch(IssuingSession session, List<(string Name, byte[] Bytes)> requests, CliContext context, TextWriter output, TextWriter error)
    {
        var written = requests.Select(r => new WrittenRequest(r.Name, r.Bytes, Token: null, session.Operator, session.Now)).ToList();
        var results = new List<(string Name, IssuedLicense? Issued, string? File, string? Problem)>();
        var failed = 0;
        void Progress(int i)
        {
            if (context.ShowProgress)
            {
                TerminalWriter.ReturnToLineStart(error);
                error.Write($"[{i + 1}/{written.Count}] {written[i].Name,-40}");
            }
        }

        void Report(IReadOnlyList<(WrittenRequest Request, IssueResult Result)> chunk, List<(string Path, string Text)> files, string?[] writeProblems)
        {
            var writeIndex = 0;
            foreach (var (request, result) in chunk)
            {
                var issued = result.License;
                var problem = result.Refusal?.Message.ReplaceLineEndings(" ");
                string? file = null;
                if (issued is not null)
                {
                    file = files[writeIndex].Path;
                    if (writeProblems[writeIndex++] is { } notWritten)
                    {
                        problem = $"signed and recorded as serial {issued.License.Serial}, but the file was not written: {notWritten} (the ledger keeps its text).";
                        issued = null;
                    }
                }

                if (problem is not null)
                {
                    failed++;
                }

                results.Add((request.Name, issued, file, problem));
                if (!session.Json)
                {
                    output.WriteLine(issued is not null ? $"ok    {request.Name}  serial {issued.License.Serial}  {file}" : $"error {request.Name}  {problem}");
                }
            }
        }

        // A chunk's files are written on the other core while the desk issues the next chunk (they wait
        // on the file system, the desk on the signature and the ledger), and its lines are printed once
        // they are written: the same output as writing each chunk in turn. The desk waits for them before
        // its next commit, so a failure there stops the batch with the ledger as it would have stopped.
        (IReadOnlyList<(WrittenRequest Request, IssueResult Result)> Chunk, List<(string Path, string Text)> Files, Task<string?[]> Writing)? pending = null;
        void FinishPending()
        {
            if (pending is { } previous)
            {
                pending = null;
                Report(previous.Chunk, previous.Files, previous.Writing.GetAwaiter().GetResult());
            }
        }

        var finished = false;
        try
        {
            foreach (var chunk in session.Desk.IssueBatch(written, Progress, beforeCommit: FinishPending))
            {
                // The ledger has committed the chunk: its files may be written now, and only from the licenses it holds.
                var files = chunk.Where(c => c.Result.IsIssued).Select(c => (Path: session.Destination(c.Result.License!.License)!, c.Result.License.Text)).ToList();
                pending = (chunk, files, Task.Run(() => AtomicFile.WriteAll(files, AtomicFile.WorldReadable)));
            }

            FinishPending();
            finished = true;
        }
        finally
        {
            // The desk failed while a committed chunk's files were being written: they are finished and
            // reported, as they were before the batch went on; the desk's failure is the one that counts.
            if (!finished && pending is { } committed)
            {
                pending = null;
                try
                {
                    Report(committed.Chunk, committed.Files, committed.Writing.GetAwaiter().GetResult());
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Their records are in the ledger, which keeps their text.
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
