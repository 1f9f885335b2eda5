using System.Text;
using BenchmarkDotNet.Attributes;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Catalog;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Issuing.Requests;
using Xcally.Licensing.Signer.Cli;

namespace Xcally.Licensing.Benchmarks;

/// <summary>
/// The licensing team's batch of new licenses, with a fresh ledger each time, in-process through the
/// issuing desk's batch: parse, contract rules, reserve, sign, record (the target: 10,000 in at most
/// 5 s); and the whole command, which also writes each file atomically to the output folder.
/// </summary>
[MemoryDiagnoser]
public class BatchIssueBenchmarks
{
    private string _root = string.Empty;
    private string _requests = string.Empty;
    private string _keyFile = string.Empty;
    private string _ledger = string.Empty;
    private string _outputFolder = string.Empty;
    private int _iteration;

    [Params(10_000)]
    public int Licenses { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _root = Directory.CreateTempSubdirectory("xcally-batch-").FullName;
        _keyFile = Path.Combine(BenchmarkLicenses.RepositoryRoot(), "keys.example", "example.private.pem");
        _requests = Path.Combine(_root, "requests.jsonl");
        WriteRequests(_requests, Licenses);
    }

    /// <summary>Writes <paramref name="count"/> new-license requests, each for a different token, as JSON lines.</summary>
    public static void WriteRequests(string path, int count)
    {
        var lines = new StringBuilder();
        var random = new Random(20261123);
        for (var i = 0; i < count; i++)
        {
            var token = RandomToken(random);
            lines.Append("{\"kind\":\"subscription\",\"token\":\"").Append(token)
                .Append("\",\"customer\":{\"name\":\"Customer ").Append(i)
                .Append("\",\"email\":\"it@customer").Append(i)
                .Append(".example\"},\"plan\":\"omnichannel\",\"billing\":\"annual\",\"supportPlan\":\"platinum\",")
                .Append("\"staff\":{\"admins\":1,\"users\":12,\"agents\":25,\"telephones\":25,\"mobileAgents\":4},")
                .Append("\"addOns\":[\"webRtc\"],\"ai\":[\"aiBots\"],\"plugins\":[],\"softwareUpdate\":true,\"appZone\":true}\n");
        }

        File.WriteAllText(path, lines.ToString());
    }

    [IterationSetup]
    public void FreshLedger()
    {
        _iteration++;
        _ledger = Path.Combine(_root, $"ledger-{_iteration}.db");
        _outputFolder = Path.Combine(_root, $"out-{_iteration}");
    }

    /// <summary>
    /// Checks the iteration's ledger and files, and leaves them until <see cref="Cleanup"/>: on a file
    /// system without a journal (this machine's ext4), every new file's inode allocation skips, one by
    /// one, the inodes freed in its block group during the last one to six minutes, so deleting the
    /// 10,000 files here made the next iteration measure that scan (5 s and more) instead of the tool.
    /// </summary>
    [IterationCleanup]
    public void CheckOutput()
    {
        var files = Directory.GetFiles(_outputFolder, "*.lic").Length;
        using (var ledger = LicenseLedger.Open(_ledger))
        {
            var issued = ledger.CountIssued();
            if (issued != Licenses || (files != 0 && files != Licenses))
            {
                throw new InvalidOperationException($"The batch recorded {issued} and wrote {files} of {Licenses} licenses.");
            }
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_root, recursive: true);

    /// <summary>Signing and ledger, through the issuing desk's batch: every request parsed, checked, signed and recorded; no files written.</summary>
    [Benchmark]
    public long IssueBatchSigningAndLedger()
    {
        var context = new CliContext { ShowProgress = false, StandardInput = TextReader.Null };
        if (!PlanCatalog.TryLoad(Path.Combine(BenchmarkLicenses.RepositoryRoot(), "src", "Xcally.Licensing.Signer", "catalog", "plans.json"), out var catalog, out var error))
        {
            throw new InvalidOperationException(error);
        }

        var now = context.Time.GetUtcNow();
        var requests = IssueCommand.Requests(_requests, context).Select(r => new WrittenRequest(r.Name, r.Bytes, Token: null, "benchmark", now)).ToList();
        using var key = BenchmarkLicenses.ExampleKey();
        using var ledger = LicenseLedger.Open(_ledger);
        var refused = new IssuingDesk(key, ledger, catalog).IssueBatch(requests).SelectMany(chunk => chunk).Count(r => !r.Result.IsIssued);
        Directory.CreateDirectory(_outputFolder);
        return refused == 0 ? ledger.CountIssued() : throw new InvalidOperationException($"The batch refused {refused} requests.");
    }

    /// <summary>The whole command as the team runs it, writing the 10,000 files.</summary>
    [Benchmark]
    public int IssueBatchWithFiles()
    {
        var context = new CliContext { ShowProgress = false, StandardInput = TextReader.Null };
        var exitCode = SignerCommand.Run(
            ["issue", _requests, "--key", _keyFile, "--ledger", _ledger, "--out-dir", _outputFolder],
            context,
            TextWriter.Null,
            TextWriter.Null);
        return exitCode == 0 ? exitCode : throw new InvalidOperationException($"The batch failed with exit code {exitCode}.");
    }

    private static string RandomToken(Random random)
    {
        Span<int> groups = stackalloc int[8];
        for (var i = 0; i < groups.Length; i++)
        {
            groups[i] = random.Next(1, 1 << 20);
        }

        return InstallationToken.Create(TokenKeySource.MachineId, ServerEnvironment.BareMetal, PlatformTier.Model, random.Next(1 << 10), groups).ToString();
    }
}
