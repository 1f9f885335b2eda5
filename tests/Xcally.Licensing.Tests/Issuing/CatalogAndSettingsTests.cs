using Xcally.Licensing.Issuing.Catalog;
using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Issuing;

public sealed class CatalogAndSettingsTests : IDisposable
{
    private readonly SignerDesk _desk = new();

    public void Dispose() => _desk.Dispose();

    [Fact]
    public void The_shipped_catalog_loads_with_its_three_plans()
    {
        Assert.True(PlanCatalog.TryLoad(RepositoryFiles.PathOf("src/Xcally.Licensing.Signer/catalog/plans.json"), out var catalog, out var error), error);
        Assert.Equal(["digital", "omnichannel", "voice"], catalog.Plans.Select(p => p.Id).Order(StringComparer.Ordinal));
        Assert.True(catalog.TryGet("voice", out var voice) && voice.HasVoice);
    }

    [Theory]
    [InlineData("""{"plans":{"voice":{"channels":["voice","telepathy"]}}}""", "'telepathy' is not one of")]
    [InlineData("""{"plans":{"voice":{"channels":["voice"],"price":10}}}""", "plans.voice.price: unknown field")]
    [InlineData("""{"plans":{"Voice Plan":{"channels":["voice"]}}}""", "a plan id is lower-case")]
    [InlineData("""{"plans":{"empty":{"channels":[]}}}""", "at least one channel")]
    [InlineData("""{"plans":{"voice":{"channels":["voice"],"sessions":{"ivrChannels":-1}}}}""", "whole number")]
    [InlineData("""{"plan":{}}""", "unknown field")]
    [InlineData("""{ nope""", "not valid JSON")]
    public void A_broken_catalog_is_refused_when_loaded_naming_the_problem(string json, string problem)
    {
        var path = _desk.File("plans.json");
        File.WriteAllText(path, json);

        Assert.False(PlanCatalog.TryLoad(path, out _, out var error));
        Assert.Contains(problem, error, StringComparison.Ordinal);

        var issue = _desk.Sign("issue", _desk.NewLicenseRequest(), "--catalog", path);
        Assert.Equal(ExitCodes.InputUnreadable, issue.ExitCode);
        Assert.Contains(problem, issue.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_setting_is_an_error_not_ignored()
    {
        var context = new CliContext
        {
            Time = _desk.Clock,
            StandardInput = TextReader.Null,
            ShowProgress = false,
            Settings = new Dictionary<string, string?> { ["Signer:LedgerPath"] = _desk.Ledger, ["Signer:PrivateKeyText"] = "-----BEGIN PRIVATE KEY-----" },
        };

        var result = TestSupport.Cli.Run(context, "history", "--token", SignerDesk.Token);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("PrivateKeyText", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_key_the_tool_says_how_to_give_one()
    {
        var result = _desk.Run("renew", "--token", SignerDesk.Token);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--key", result.Error, StringComparison.Ordinal);
    }
}

/// <summary>Changes the process's current folder, so it runs alone.</summary>
[Collection(ProcessWideState.Name)]
public sealed class SettingsFileTests : IDisposable
{
    private readonly SignerDesk _desk = new();

    public void Dispose() => _desk.Dispose();

    [Fact]
    public void Settings_from_a_file_in_the_current_folder_point_at_the_ledger_and_output_folder()
    {
        var folder = Directory.CreateDirectory(_desk.File("desk")).FullName;
        File.WriteAllText(Path.Combine(folder, "xcally-license.json"), $$"""{ "Signer": { "OutputFolder": "{{_desk.File("from-settings").Replace("\\", "\\\\", StringComparison.Ordinal)}}" } }""");
        var previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(folder);
            var result = _desk.Run("issue", _desk.NewLicenseRequest(), "--key", _desk.KeyPath);
            Assert.Equal(0, result.ExitCode);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }

        Assert.Single(Directory.GetFiles(_desk.File("from-settings")));
    }
}
