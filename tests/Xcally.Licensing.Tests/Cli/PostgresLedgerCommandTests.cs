using System.Diagnostics;
using System.Text.Json;
using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Cli;

/// <summary>
/// The tool on a PostgreSQL ledger: the password never on the command line, the commands unchanged, and
/// several signer processes issuing into one database at once.
/// </summary>
public sealed class PostgresLedgerCommandTests : IDisposable
{
    private readonly SignerDesk _desk = new();

    public PostgresLedgerCommandTests() => File.WriteAllText(_desk.File("team.public.pem"), TestLicenses.Key.PublicKey.ExportPem());

    public void Dispose() => _desk.Dispose();

    [Theory]
    [InlineData("postgresql://signer:s3cret@db.invalid/ledger")]
    [InlineData("Host=db.invalid;Database=ledger;Username=signer;Password=s3cret")]
    public void A_database_password_given_with_ledger_on_the_command_line_is_refused_before_anything_is_opened(string ledger)
    {
        foreach (var args in new[] { new[] { "issue", _desk.NewLicenseRequest(), "--key", _desk.KeyPath, "--ledger", ledger }, ["history", "--token", SignerDesk.Token, "--ledger", ledger], ["serve", "--ledger", ledger] })
        {
            var result = _desk.Run(args);

            Assert.Equal(ExitCodes.Usage, result.ExitCode);
            Assert.Contains("--ledger must not carry the database password", result.Error, StringComparison.Ordinal);
            Assert.Contains("PGPASSWORD", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_password_in_the_settings_is_accepted_and_the_commands_work_on_the_database()
    {
        var database = PostgresServer.Shared.CreateDatabase();
        var context = new CliContext
        {
            Time = _desk.Clock,
            StandardInput = TextReader.Null,
            ShowProgress = false,
            Settings = new Dictionary<string, string?> { ["Signer:LedgerPath"] = database + ";Password=from-the-settings-file", ["Signer:Operator"] = "tester" },
        };

        var issued = TestSupport.Cli.Run(context, "issue", _desk.NewLicenseRequest(), "--key", _desk.KeyPath, "--out-dir", _desk.OutDir, "--json");
        var history = _desk.Run("history", "--token", SignerDesk.Token, "--ledger", database, "--json");

        Assert.True(issued.ExitCode == 0, issued.Error);
        Assert.Equal(100001, JsonDocument.Parse(issued.Output).RootElement.GetProperty("serial").GetInt64());
        Assert.True(history.ExitCode == 0, history.Error);
        var license = Assert.Single(JsonDocument.Parse(history.Output).RootElement.GetProperty("licenses").EnumerateArray());
        Assert.Equal(100001, license.GetProperty("serial").GetInt64());
        Assert.DoesNotContain("from-the-settings-file", issued.Output + issued.Error + history.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Four_signer_processes_issuing_into_one_database_at_once_lose_nothing_and_never_collide()
    {
        var signer = Path.Combine(RepositoryFiles.Root, "src", "Xcally.Licensing.Signer", "bin", AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0", "Xcally.Licensing.Signer.dll");
        Assert.SkipUnless(File.Exists(signer), $"the signer is not built at {signer}");
        var database = PostgresServer.Shared.CreateDatabase();
        var request = RepositoryFiles.Read("samples/requests/new-license.json").ReplaceLineEndings(" ");
        var batches = Enumerable.Range(0, 4).Select(p =>
        {
            var path = _desk.File($"batch-{p}.jsonl");
            File.WriteAllLines(path, Enumerable.Range(0, 25).Select(i =>
            {
                var token = InstallationToken.Create(TokenKeySource.MachineId, ServerEnvironment.BareMetal, PlatformTier.Uuid, i, [1, 2, 3, 4, (8 << 10) | 5, 16, 7, 1000 + (p * 100) + i]).ToString();
                return request.Replace(SignerDesk.Token, token, StringComparison.Ordinal).Replace("Acme Contact Center", $"Customer {p}-{i}", StringComparison.Ordinal);
            }));
            return path;
        }).ToArray();

        var runs = batches.Select(batch => Task.Run(() => RunSigner(signer, "issue", batch, "--key", _desk.KeyPath, "--ledger", database, "--out-dir", _desk.OutDir, "--json"), TestContext.Current.CancellationToken));
        var results = await Task.WhenAll(runs);

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Error));
        Assert.All(results, r => Assert.Equal(string.Empty, r.Error));
        var serials = results.SelectMany(r => JsonDocument.Parse(r.Output).RootElement.GetProperty("results").EnumerateArray().Select(e => e.GetProperty("serial").GetInt64())).ToList();
        Assert.Equal(100, serials.Count);
        Assert.Equal(100, serials.Distinct().Count());
        Assert.Equal(100, Directory.GetFiles(_desk.OutDir, "*.lic").Length);
        using var ledger = Xcally.Licensing.Issuing.Ledger.LicenseLedger.Open(database);
        Assert.Equal(100, ledger.CountIssued());
        Assert.Equal(0, ledger.CountReserved());
        Assert.Equal(serials.Order(), ledger.All().Select(e => e.Serial));
    }

    [Fact]
    public async Task The_delivery_server_serves_from_a_postgresql_ledger()
    {
        var database = PostgresServer.Shared.CreateDatabase();
        using (var desk = new DeskOnLedger(ledger: database))
        {
            desk.Activate();
        }

        await using var server = await RunningDeliveryServer.StartAsync(database);
        using var response = await server.Client.GetAsync(new Uri($"/v1/licenses/{SignerDesk.Token}", UriKind.Relative), TestContext.Current.CancellationToken);
        using var unknown = await server.Client.GetAsync(new Uri($"/v1/licenses/{SignerDesk.NewToken}", UriKind.Relative), TestContext.Current.CancellationToken);
        await server.StopAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, unknown.StatusCode);
        using var ledger = Xcally.Licensing.Issuing.Ledger.LicenseLedger.Open(database);
        var served = Assert.Single(ledger.All());
        Assert.Equal(served.Text, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(Xcally.Licensing.Issuing.Ledger.FetchOutcome.Served, Assert.Single(ledger.Fetches(SignerDesk.Token)).Outcome);
        Assert.Equal(Xcally.Licensing.Issuing.Ledger.FetchOutcome.UnknownToken, Assert.Single(ledger.Fetches(SignerDesk.NewToken)).Outcome);
    }

    [Fact]
    public void A_ledger_moves_from_sqlite_to_postgresql_and_back_unchanged_and_checks_clean_on_each()
    {
        Assert.Equal(0, _desk.Sign("issue", _desk.NewLicenseRequest()).ExitCode);
        Assert.Equal(0, _desk.Sign("modify", "--token", SignerDesk.Token, "--agents", "40").ExitCode);
        var database = PostgresServer.Shared.CreateDatabase();
        var back = _desk.File("back.db");

        var export = _desk.Run("ledger", "export", "--out", _desk.File("ledger.jsonl"));
        var toPostgres = _desk.Run("ledger", "import", _desk.File("ledger.jsonl"), "--ledger", database);
        var fromPostgres = _desk.Run("ledger", "export", "--ledger", database);
        File.WriteAllText(_desk.File("again.jsonl"), fromPostgres.Output);
        var toSqlite = _desk.Run("ledger", "import", _desk.File("again.jsonl"), "--ledger", back);
        var checks = new[] { _desk.Ledger, database, back }.Select(l => _desk.Run("ledger", "check", "--ledger", l, "--public-key", _desk.File("team.public.pem"))).ToList();

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.True(toPostgres.ExitCode == 0, toPostgres.Error);
        Assert.StartsWith("imported 2 licenses, 0 burned reservations and 0 fetches into postgresql database", toPostgres.Output, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(_desk.File("ledger.jsonl")), fromPostgres.Output);
        Assert.True(toSqlite.ExitCode == 0, toSqlite.Error);
        Assert.Equal(fromPostgres.Output, _desk.Run("ledger", "export", "--ledger", back).Output);
        Assert.All(checks, c =>
        {
            Assert.True(c.ExitCode == 0, c.Output + c.Error);
            Assert.StartsWith("ok: 2 licenses verified", c.Output, StringComparison.Ordinal);
        });
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
