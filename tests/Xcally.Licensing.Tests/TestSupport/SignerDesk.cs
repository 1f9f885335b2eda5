using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Xcally.Licensing.Signer.Cli;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>The licensing team's desk: one ledger, one key, one output folder, a clock, and the real command-line parser.</summary>
internal sealed class SignerDesk : IDisposable
{
    public const string Token = "47S3F-TM9BW-BDSY1-N58Q4-QNCBM-08NSY-000GK-3ZYP5-EG2HW";
    public const string NewToken = "47S3F-TM9BW-BDSY1-N58Q4-97FR1-08NSY-000GK-3ZYP5-EG2HW";
    public const string DemoToken = TestLicenses.InstallationToken;

    private readonly TempFolder _folder = new();

    public SignerDesk(DateTimeOffset? now = null)
    {
        Clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 10, 9, 0, 0, TimeSpan.Zero));
        KeyPath = _folder.WritePrivateKey("team.pem", TestLicenses.Key.ExportPem(default));
    }

    public FakeTimeProvider Clock { get; }

    public string KeyPath { get; }

    public string Ledger => _folder.File("ledger.db");

    public string OutDir => _folder.File("out");

    public string File(string name) => _folder.File(name);

    /// <summary>Runs a signing command with --json and returns the exit code, the parsed output (if any) and the error text.</summary>
    public (int ExitCode, JsonElement Json, string Error) Sign(params string[] args)
    {
        var result = Run([.. args, "--key", KeyPath, "--out-dir", OutDir, "--json"]);
        var json = result.ExitCode == 0 && result.Output.Length > 0 ? JsonDocument.Parse(result.Output).RootElement.Clone() : default;
        return (result.ExitCode, json, result.Error);
    }

    public Cli.Result Run(params string[] args)
    {
        var context = new CliContext
        {
            Time = Clock,
            StandardInput = TextReader.Null,
            ShowProgress = false,
            Settings = new Dictionary<string, string?> { ["Signer:LedgerPath"] = Ledger, ["Signer:Operator"] = "tester" },
        };
        return Cli.Run(context, args);
    }

    /// <summary>The document in an issued file, verified with the team's key.</summary>
    public LicenseDocument Read(JsonElement issued)
    {
        var result = new LicenseVerifier(TestLicenses.Trusted, Clock).Verify(System.IO.File.ReadAllText(issued.GetProperty("file").GetString()!));
        Assert.True(result.IsGenuine, result.Reason);
        return result.License!;
    }

    public string NewLicenseRequest(string? edit = null, string? with = null)
    {
        var text = RepositoryFiles.Read("samples/requests/new-license.json");
        if (edit is not null)
        {
            Assert.Contains(edit, text, StringComparison.Ordinal);
            text = text.Replace(edit, with, StringComparison.Ordinal);
        }

        var path = File($"request-{Guid.NewGuid():N}.json");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => _folder.Dispose();
}
