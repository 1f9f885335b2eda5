using System.Diagnostics;
using System.Text.Json;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Issuing;

public sealed class LedgerTests : IDisposable
{
    private readonly SignerDesk _desk = new();

    public void Dispose() => _desk.Dispose();

    private sealed class SimulatedCrash : Exception
    {
    }

    private static string[] Tokens(int count) => [.. Enumerable.Range(0, count).Select(i => InstallationToken.Create(
        TokenKeySource.MachineId, ServerEnvironment.BareMetal, PlatformTier.Uuid, i % 1024, [1, 2, 3, 4, (8 << 10) | 5, 16, 7, 1000 + i]).ToString())];

    private string Request(string token, string customer = "Acme Contact Center") =>
        RepositoryFiles.Read("samples/requests/new-license.json").ReplaceLineEndings(" ")
            .Replace(SignerDesk.Token, token, StringComparison.Ordinal)
            .Replace("Acme Contact Center", customer, StringComparison.Ordinal);

    [Fact]
    public void Every_signed_file_is_recorded_with_its_hash_operator_and_time()
    {
        var issued = _desk.Sign("issue", _desk.NewLicenseRequest());

        using var ledger = LicenseLedger.Open(_desk.Ledger);
        var entry = Assert.Single(ledger.History(SignerDesk.Token, null));
        Assert.Equal(issued.Json.GetProperty("serial").GetInt64(), entry.Serial);
        Assert.Equal(issued.Json.GetProperty("sha256").GetString(), entry.Sha256);
        Assert.Equal(File.ReadAllText(issued.Json.GetProperty("file").GetString()!), entry.Text);
        Assert.Equal("tester", entry.Operator);
        Assert.Equal(_desk.Clock.GetUtcNow(), entry.IssuedAt);
    }

    public static TheoryData<string> CrashPoints() => ["reserved", "signed", "recorded"];

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public void A_crash_in_the_middle_of_an_issue_never_reuses_a_serial_and_never_leaves_a_file_without_its_record(string step)
    {
        LicenseIssuer.BeforeStep = name =>
        {
            if (name == step)
            {
                throw new SimulatedCrash();
            }
        };
        try
        {
            // The tool turns the simulated crash into its internal-error exit; on disk it is a process dying at that step.
            var crashed = _desk.Run("issue", _desk.NewLicenseRequest(), "--key", _desk.KeyPath, "--out-dir", _desk.OutDir);
            Assert.Equal(70, crashed.ExitCode);
            Assert.Contains(nameof(SimulatedCrash), crashed.Error, StringComparison.Ordinal);
        }
        finally
        {
            LicenseIssuer.BeforeStep = null;
        }

        using (var ledger = LicenseLedger.Open(_desk.Ledger))
        {
            var recorded = ledger.History(SignerDesk.Token, null).Select(e => e.Sha256).ToHashSet();
            foreach (var file in Directory.Exists(_desk.OutDir) ? Directory.GetFiles(_desk.OutDir) : [])
            {
                Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))), recorded);
            }
        }

        // After the crash the next issue gets a new serial; the crashed one is never handed out again.
        var retry = step == "recorded"
            ? _desk.Sign("issue", _desk.NewLicenseRequest(SignerDesk.Token, SignerDesk.NewToken))
            : _desk.Sign("issue", _desk.NewLicenseRequest());
        Assert.Equal(0, retry.ExitCode);
        Assert.Equal(100002, retry.Json.GetProperty("serial").GetInt64());
    }

    [Fact]
    public async Task Two_processes_issuing_at_the_same_time_never_collide()
    {
        var signer = Path.Combine(RepositoryFiles.Root, "src", "Xcally.Licensing.Signer", "bin", AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "Xcally.Licensing.Signer.dll");
        Assert.SkipUnless(File.Exists(signer), $"the signer is not built at {signer}");
        var tokens = Tokens(40);
        var batches = new[] { tokens[..20], tokens[20..] }.Select((batch, i) =>
        {
            var path = _desk.File($"batch-{i}.jsonl");
            File.WriteAllLines(path, batch.Select(t => Request(t, $"Customer {t[^5..]}")));
            return path;
        }).ToArray();

        var runs = batches.Select(batch => Task.Run(() => RunSigner(signer, "issue", batch, "--key", _desk.KeyPath, "--ledger", _desk.Ledger, "--out-dir", _desk.OutDir, "--json"), TestContext.Current.CancellationToken)).ToArray();
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Error));
        var serials = results.SelectMany(r => JsonDocument.Parse(r.Output).RootElement.GetProperty("results").EnumerateArray().Select(e => e.GetProperty("serial").GetInt64())).ToList();
        Assert.Equal(40, serials.Count);
        Assert.Equal(40, serials.Distinct().Count());
        Assert.Equal(40, Directory.GetFiles(_desk.OutDir).Length);
        using var ledger = LicenseLedger.Open(_desk.Ledger);
        Assert.Equal(0, ledger.CountReserved());
    }

    [Fact]
    public void A_batch_from_a_folder_or_json_lines_gives_one_result_per_request_each_as_if_issued_alone()
    {
        var tokens = Tokens(3);
        var folder = Directory.CreateDirectory(_desk.File("requests")).FullName;
        File.WriteAllText(Path.Combine(folder, "a.json"), Request(tokens[0]));
        File.WriteAllText(Path.Combine(folder, "b.json"), Request(tokens[1]).Replace("\"agents\": 25", "\"agents\": 2", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, "c.json"), Request(tokens[2]));

        var batch = _desk.Run("issue", folder, "--key", _desk.KeyPath, "--out-dir", _desk.OutDir);

        Assert.Equal(Xcally.Licensing.Signer.Cli.ExitCodes.InvalidRequest, batch.ExitCode);
        var lines = batch.Output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ok    a.json", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("error b.json", lines[1], StringComparison.Ordinal);
        Assert.Contains("at least 5 concurrent agents", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("ok    c.json", lines[2], StringComparison.Ordinal);
        Assert.Equal("2 issued, 1 failed", lines[3]);

        // The same request issued alone (in a fresh ledger, at the same time) gives the same license.
        using var alone = new SignerDesk(_desk.Clock.GetUtcNow());
        var single = alone.Sign("issue", WriteTo(alone.File("a.json"), Request(tokens[0])));
        var fromBatch = File.ReadAllText(Directory.GetFiles(_desk.OutDir).Order(StringComparer.Ordinal).First());
        Assert.Equal(File.ReadAllText(single.Json.GetProperty("file").GetString()!), fromBatch);

        var jsonl = WriteTo(_desk.File("more.jsonl"), string.Join("\n", Tokens(5)[3..].Select(t => Request(t))));
        var fromLines = _desk.Run("issue", jsonl, "--key", _desk.KeyPath, "--out-dir", _desk.OutDir);
        Assert.Equal(0, fromLines.ExitCode);
        Assert.Contains("2 issued, 0 failed", fromLines.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_file_over_the_size_limit_is_refused_whole_and_nothing_is_issued()
    {
        var lines = Tokens(3).Select(t => Request(t)).ToList();
        var jsonl = WriteTo(_desk.File("big.jsonl"), string.Join("\n", lines));
        var context = new Xcally.Licensing.Signer.Cli.CliContext
        {
            StandardInput = TextReader.Null,
            ShowProgress = false,
            MaxBatchFileSize = lines[0].Length + lines[1].Length + 10,
            Settings = new Dictionary<string, string?> { ["Signer:LedgerPath"] = _desk.Ledger, ["Signer:Operator"] = "tester" },
        };

        var result = TestSupport.Cli.Run(context, "issue", jsonl, "--key", _desk.KeyPath, "--out-dir", _desk.OutDir);

        Assert.Equal(Xcally.Licensing.Signer.Cli.ExitCodes.InvalidRequest, result.ExitCode);
        Assert.Contains("split the batch into smaller files. Nothing was issued.", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_desk.OutDir) && Directory.EnumerateFileSystemEntries(_desk.OutDir).Any());
        using var ledger = LicenseLedger.Open(_desk.Ledger);
        Assert.Equal(0, ledger.CountIssued());
    }

    [Fact]
    public void A_crash_in_the_middle_of_a_batch_leaves_none_of_its_records_and_none_of_its_files()
    {
        var tokens = Tokens(4);
        var jsonl = WriteTo(_desk.File("crash.jsonl"), string.Join("\n", tokens.Select(t => Request(t))));
        var signed = 0;
        LicenseIssuer.BeforeStep = name =>
        {
            if (name == "signed" && ++signed == 3)
            {
                throw new SimulatedCrash();
            }
        };
        try
        {
            var crashed = _desk.Run("issue", jsonl, "--key", _desk.KeyPath, "--out-dir", _desk.OutDir);
            Assert.Equal(70, crashed.ExitCode);
        }
        finally
        {
            LicenseIssuer.BeforeStep = null;
        }

        // The batch's records were one transaction and its files wait for the commit: nothing of it remains.
        Assert.False(Directory.Exists(_desk.OutDir) && Directory.EnumerateFileSystemEntries(_desk.OutDir).Any());
        using (var ledger = LicenseLedger.Open(_desk.Ledger))
        {
            Assert.Equal(0, ledger.CountIssued());
            Assert.Equal(0, ledger.CountReserved());
        }

        var retry = _desk.Run("issue", jsonl, "--key", _desk.KeyPath, "--out-dir", _desk.OutDir);
        Assert.Equal(0, retry.ExitCode);
        Assert.Equal(4, Directory.GetFiles(_desk.OutDir, "*.lic").Length);
    }

    [Fact]
    public void A_refused_request_in_a_batch_leaves_no_reservation_and_the_others_are_issued()
    {
        var tokens = Tokens(3);
        var lines = new[] { Request(tokens[0]), Request(tokens[0], "Second Customer"), Request(tokens[1]) };
        var jsonl = WriteTo(_desk.File("mixed.jsonl"), string.Join("\n", lines));

        var batch = _desk.Run("issue", jsonl, "--key", _desk.KeyPath, "--out-dir", _desk.OutDir);

        // The second request is for a token the first just licensed, inside the same uncommitted batch.
        Assert.Equal(Xcally.Licensing.Signer.Cli.ExitCodes.InvalidRequest, batch.ExitCode);
        Assert.Contains("error line 2", batch.Output, StringComparison.Ordinal);
        Assert.Contains("already holds an active license", batch.Output, StringComparison.Ordinal);
        using var ledger = LicenseLedger.Open(_desk.Ledger);
        Assert.Equal(2, ledger.CountIssued());
        Assert.Equal(0, ledger.CountReserved());
        Assert.Equal(2, Directory.GetFiles(_desk.OutDir, "*.lic").Length);
    }

    [Fact]
    public void A_batch_file_that_cannot_be_written_is_reported_with_its_serial_and_nothing_is_overwritten()
    {
        var token = Tokens(1)[0];
        var jsonl = WriteTo(_desk.File("one.jsonl"), Request(token));
        Directory.CreateDirectory(_desk.OutDir);
        var existing = Path.Combine(_desk.OutDir, "acme-contact-center-100001-r1.lic");
        File.WriteAllText(existing, "someone else's file");

        var batch = _desk.Run("issue", jsonl, "--key", _desk.KeyPath, "--out-dir", _desk.OutDir);

        Assert.NotEqual(0, batch.ExitCode);
        Assert.Contains("signed and recorded as serial 100001, but the file was not written", batch.Output, StringComparison.Ordinal);
        Assert.Equal("someone else's file", File.ReadAllText(existing));
        Assert.Empty(Directory.GetFiles(_desk.OutDir, ".*.tmp"));
    }

    [Fact]
    public void A_batch_of_several_chunks_prints_its_lines_in_order_and_writes_each_file_as_the_ledger_holds_it()
    {
        // Each chunk's files are written while the next chunk is issued; nothing of that may show.
        var tokens = Tokens(IssuingDesk.BatchChunkSize + 2);
        var jsonl = WriteTo(_desk.File("chunks.jsonl"), string.Join("\n", tokens.Select((t, i) => Request(t, $"Customer {i}"))));

        var batch = _desk.Run("issue", jsonl, "--key", _desk.KeyPath, "--out-dir", _desk.OutDir);

        Assert.Equal(0, batch.ExitCode);
        var lines = batch.Output.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var ledger = LicenseLedger.Open(_desk.Ledger);
        var expected = tokens.Select((t, i) => Assert.Single(ledger.History(t, null)))
            .Select((entry, i) => $"ok    line {i + 1}  serial {entry.Serial}  {Path.Combine(Path.GetFullPath(_desk.OutDir), $"customer-{i}-{entry.Serial}-r1.lic")}")
            .Append($"{tokens.Length} issued, 0 failed");
        Assert.Equal(expected, lines);
        Assert.All(tokens, t =>
        {
            var entry = Assert.Single(ledger.History(t, null));
            Assert.Equal(entry.Text, File.ReadAllText(Path.Combine(_desk.OutDir, $"{entry.Customer.ToLowerInvariant().Replace(' ', '-')}-{entry.Serial}-r1.lic")));
        });
        Assert.Empty(Directory.GetFiles(_desk.OutDir, ".*.tmp"));
    }

    [Fact]
    public void A_batch_needs_an_output_folder()
    {
        var jsonl = WriteTo(_desk.File("x.jsonl"), Request(Tokens(1)[0]));

        var result = _desk.Run("issue", jsonl, "--key", _desk.KeyPath);

        Assert.Equal(Xcally.Licensing.Signer.Cli.ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--out-dir", result.Error, StringComparison.Ordinal);
    }

    private static string WriteTo(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    private static (int ExitCode, string Output, string Error) RunSigner(string dll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(2));
        return (process.ExitCode, output.Result, error.Result);
    }
}
