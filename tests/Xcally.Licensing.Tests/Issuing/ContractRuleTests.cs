using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Issuing;

/// <summary>Every contract rule, broken once: a clear message, the documented exit code, nothing signed.</summary>
public sealed class ContractRuleTests : IDisposable
{
    private readonly SignerDesk _desk = new();

    public void Dispose() => _desk.Dispose();

    private void AssertRefused((int ExitCode, System.Text.Json.JsonElement Json, string Error) result, string message, int exitCode = ExitCodes.RuleBroken)
    {
        Assert.Equal(exitCode, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    private int FilesWritten() => Directory.Exists(_desk.OutDir) ? Directory.GetFiles(_desk.OutDir).Length : 0;

    [Fact]
    public void A_billed_license_needs_at_least_five_agents()
    {
        AssertRefused(_desk.Sign("issue", _desk.NewLicenseRequest("\"agents\": 25", "\"agents\": 4")), "at least 5 concurrent agents");
        Assert.Equal(0, FilesWritten());
    }

    [Fact]
    public void One_admin_is_always_included()
    {
        var result = _desk.Sign("issue", _desk.NewLicenseRequest("\"admins\": 1", "\"admins\": 0"));

        // The format itself already requires the admin on a subscription, before the contract rules run.
        Assert.Equal(ExitCodes.InvalidRequest, result.ExitCode);
        Assert.Contains("admin", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Agent_assistants_come_only_with_AI_assistants()
    {
        AssertRefused(_desk.Sign("issue", _desk.NewLicenseRequest("\"aiAssistants\", ", "")), "AI agent assistants come only together with AI assistants");
    }

    [Fact]
    public void The_real_time_translator_needs_a_text_channel()
    {
        _desk.Sign("issue", _desk.NewLicenseRequest());

        AssertRefused(_desk.Sign("contract", "--token", SignerDesk.Token, "--plan", "voice"), "the real-time translator applies to the text channels");
    }

    [Fact]
    public void Channels_come_from_the_plan()
    {
        AssertRefused(_desk.Sign("issue", _desk.NewLicenseRequest("\"plan\": \"omnichannel\",", "\"plan\": \"omnichannel\", \"channels\": [\"voice\"],")), "the channels come from plan 'omnichannel'");
    }

    [Fact]
    public void A_plan_must_be_in_the_catalog()
    {
        AssertRefused(_desk.Sign("issue", _desk.NewLicenseRequest("\"omnichannel\"", "\"galactic\"")), "plan 'galactic' is not in the catalog", ExitCodes.InvalidRequest);
    }

    [Fact]
    public void A_token_gets_one_demo_and_none_over_an_active_license()
    {
        Assert.Equal(0, _desk.Sign("demo", "--token", SignerDesk.DemoToken, "--customer", "G", "--email", "g@g.example").ExitCode);
        _desk.Clock.Advance(TimeSpan.FromDays(40));
        AssertRefused(_desk.Sign("demo", "--token", SignerDesk.DemoToken, "--customer", "G", "--email", "g@g.example"), "already had a demo");

        _desk.Sign("issue", _desk.NewLicenseRequest());
        AssertRefused(_desk.Sign("demo", "--token", SignerDesk.Token, "--customer", "A", "--email", "a@a.example"), "already holds an active license");
    }

    [Fact]
    public void A_new_billed_license_is_refused_for_a_token_that_is_already_active()
    {
        _desk.Sign("issue", _desk.NewLicenseRequest());

        AssertRefused(_desk.Sign("issue", _desk.NewLicenseRequest()), "already holds an active license");
        Assert.Equal(1, FilesWritten());
    }

    [Fact]
    public void Modify_keeps_the_billed_rules()
    {
        _desk.Sign("issue", _desk.NewLicenseRequest());

        AssertRefused(_desk.Sign("modify", "--token", SignerDesk.Token, "--agents", "3"), "at least 5 concurrent agents");
        AssertRefused(_desk.Sign("modify", "--token", SignerDesk.Token, "--remove", "aiAssistants"), "AI agent assistants come only together with AI assistants");
        AssertRefused(_desk.Sign("modify", "--token", SignerDesk.Token, "--add", "teleportation"), "is not an add-on", ExitCodes.Usage);
    }

    [Fact]
    public void Requests_cannot_choose_their_own_serial()
    {
        AssertRefused(_desk.Sign("issue", _desk.NewLicenseRequest("\"kind\": \"subscription\",", "\"kind\": \"subscription\", \"serial\": 7,")), "come from the ledger", ExitCodes.InvalidRequest);
    }

    [Fact]
    public void A_mistyped_token_on_the_command_line_names_the_group()
    {
        AssertRefused(_desk.Sign("renew", "--token", SignerDesk.Token.Replace("TM9BW", "TM9BX", StringComparison.Ordinal)), "Re-read group 2", ExitCodes.InvalidToken);
    }

    [Fact]
    public void A_command_for_a_token_the_ledger_does_not_know_says_so()
    {
        AssertRefused(_desk.Sign("renew", "--token", SignerDesk.NewToken), "the ledger has no license for token");
    }

    [Fact]
    public void A_demo_cannot_be_modified_or_renewed_as_if_billed()
    {
        _desk.Sign("demo", "--token", SignerDesk.DemoToken, "--customer", "G", "--email", "g@g.example");

        AssertRefused(_desk.Sign("renew", "--token", SignerDesk.DemoToken), "applies to billed licenses");
    }
}
