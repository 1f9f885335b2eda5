using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Issuing;

/// <summary>Each license-portal request type end to end: the command-line parser, the ledger, the signed file.</summary>
public sealed class PortalRequestTests : IDisposable
{
    private readonly SignerDesk _desk = new();

    public void Dispose() => _desk.Dispose();

    private LicenseDocument Activate()
    {
        var issued = _desk.Sign("issue", _desk.NewLicenseRequest());
        Assert.Equal(0, issued.ExitCode);
        return _desk.Read(issued.Json);
    }

    [Fact]
    public void A_demo_lasts_30_days_with_the_fixed_contents()
    {
        var result = _desk.Sign("demo", "--token", SignerDesk.DemoToken, "--customer", "Globex", "--email", "it@globex.example");
        var demo = _desk.Read(result.Json);

        Assert.Equal(LicenseKind.Demo, demo.Kind);
        Assert.Equal(TimeSpan.FromDays(30), demo.ExpiresAt - demo.ValidFrom);
        Assert.Equal(new StaffCounts(1, 0, 3, 1, 1), demo.Staff);
        Assert.Equal(EntitlementSet<AddOn>.All, demo.AddOns);
        Assert.True(demo.AddOns.Contains(AddOn.WebRtc) && demo.AddOns.Contains(AddOn.WindowsPhonebar));
    }

    [Fact]
    public void The_demo_request_file_issues_the_same_demo()
    {
        var result = _desk.Sign("issue", RepositoryFiles.PathOf("samples/requests/demo.json"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("demo", result.Json.GetProperty("kind").GetString());
    }

    [Fact]
    public void A_new_billed_license_takes_its_channels_from_the_plan_and_runs_one_billing_period()
    {
        var license = Activate();

        Assert.Equal(100001, license.Serial);
        Assert.Equal(license.Serial, license.Lineage);
        Assert.Equal(EntitlementSet<Channel>.All, license.Channels);
        Assert.Equal(license.ValidFrom.AddYears(1), license.ExpiresAt);
    }

    [Fact]
    public void Modify_sets_totals_adds_and_removes_items_as_the_next_revision()
    {
        var first = Activate();

        var result = _desk.Sign("modify", "--token", SignerDesk.Token, "--agents", "40", "--mobile-agents", "6", "--add", "botify", "--add", "customization");
        var modified = _desk.Read(result.Json);

        Assert.Equal(first.Lineage, modified.Lineage);
        Assert.Equal(2, modified.Revision);
        Assert.Equal(40, modified.Staff.Agents);
        Assert.Equal(6, modified.Staff.MobileAgents);
        Assert.True(modified.Plugins.Contains(Plugin.Botify));
        Assert.True(modified.AddOns.Contains(AddOn.Customization));
        Assert.Equal(first.ExpiresAt, modified.ExpiresAt);
        Assert.Equal(_desk.Clock.GetUtcNow(), modified.ValidFrom);
    }

    [Fact]
    public void A_decrease_after_the_20th_takes_effect_on_the_first_of_next_month_and_by_the_20th_at_once()
    {
        Activate();
        _desk.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 18, 0, 0, TimeSpan.Zero));
        var byThe20th = _desk.Read(_desk.Sign("modify", "--token", SignerDesk.Token, "--agents", "20").Json);
        _desk.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));
        var after = _desk.Sign("modify", "--token", SignerDesk.Token, "--remove", "dataRetention");
        var increase = _desk.Read(_desk.Sign("modify", "--token", SignerDesk.Token, "--agents", "22").Json);

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 18, 0, 0, TimeSpan.Zero), byThe20th.ValidFrom);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), _desk.Read(after.Json).ValidFrom);
        Assert.Contains("2026-12-01", after.Json.GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(_desk.Clock.GetUtcNow(), increase.ValidFrom);
    }

    [Fact]
    public void Contract_changes_plan_support_billing_and_white_label()
    {
        Activate();

        var changed = _desk.Read(_desk.Sign("contract", "--token", SignerDesk.Token, "--plan", "digital", "--support-plan", "silver", "--billing", "monthly", "--white-label", "on", "--catalog", RepositoryFiles.PathOf("src/Xcally.Licensing.Signer/catalog/plans.json")).Json);

        Assert.Equal("digital", changed.Plan);
        Assert.False(changed.Channels.Contains(Channel.Voice));
        Assert.True(changed.Channels.Contains(Channel.WhatsApp));
        Assert.Equal(SupportPlan.Silver, changed.SupportPlan);
        Assert.Equal(BillingFrequency.Monthly, changed.Billing);
        Assert.Equal(changed.ValidFrom.AddMonths(1), changed.ExpiresAt);
        Assert.True(changed.AddOns.Contains(AddOn.Customization));
    }

    [Fact]
    public void Move_shows_the_token_diff_and_issues_the_license_for_the_new_token()
    {
        var first = Activate();

        var result = _desk.Run("move", "--from", SignerDesk.Token, "--to", SignerDesk.NewToken, "--key", _desk.KeyPath, "--out-dir", _desk.OutDir);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("network cards  CHANGED", result.Output, StringComparison.Ordinal);
        var history = _desk.Run("history", "--token", SignerDesk.NewToken);
        Assert.Contains("move", history.Output, StringComparison.Ordinal);
        Assert.Contains($"{first.Lineage}", history.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Reactivate_starts_a_new_billing_period_today_even_on_a_new_token()
    {
        Activate();
        _desk.Clock.Advance(TimeSpan.FromDays(400));

        var reactivated = _desk.Read(_desk.Sign("reactivate", "--token", SignerDesk.Token, "--new-token", SignerDesk.NewToken).Json);

        Assert.Equal(SignerDesk.NewToken, reactivated.Token);
        Assert.Equal(_desk.Clock.GetUtcNow(), reactivated.ValidFrom);
        Assert.Equal(reactivated.ValidFrom.AddYears(1), reactivated.ExpiresAt);
    }

    [Fact]
    public void Renew_extends_by_one_billing_period_from_the_current_expiry()
    {
        var first = Activate();

        var renewed = _desk.Read(_desk.Sign("renew", "--token", SignerDesk.Token).Json);

        Assert.Equal(first.ExpiresAt!.Value.AddYears(1), renewed.ExpiresAt);
        Assert.Equal(_desk.Clock.GetUtcNow(), renewed.ValidFrom);
    }

    [Fact]
    public void Deactivate_signs_a_deactivation_that_Motion_installs_and_that_ends_the_lineage()
    {
        Activate();

        var deactivation = _desk.Read(_desk.Sign("deactivate", "--token", SignerDesk.Token).Json);
        var modifyAfter = _desk.Sign("modify", "--token", SignerDesk.Token, "--agents", "30");

        Assert.Equal(LicenseKind.Deactivation, deactivation.Kind);
        Assert.Null(deactivation.ExpiresAt);
        Assert.Equal(ExitCodes.RuleBroken, modifyAfter.ExitCode);
        Assert.Contains("was deactivated", modifyAfter.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void History_and_diff_follow_a_tokens_licenses()
    {
        Activate();
        _desk.Sign("modify", "--token", SignerDesk.Token, "--agents", "30");

        var history = System.Text.Json.JsonDocument.Parse(_desk.Run("history", "--customer", "Acme Contact Center", "--json").Output).RootElement.GetProperty("licenses");
        var diff = System.Text.Json.JsonDocument.Parse(_desk.Run("diff", "--token", SignerDesk.Token, "--json").Output).RootElement.GetProperty("changes");

        Assert.Equal(["issue", "modify"], history.EnumerateArray().Select(e => e.GetProperty("command").GetString()));
        Assert.All(history.EnumerateArray(), e => Assert.Equal("tester", e.GetProperty("operator").GetString()));
        Assert.Contains(diff.EnumerateArray(), c => c.GetProperty("field").GetString() == "agents" && c.GetProperty("before").GetString() == "25" && c.GetProperty("after").GetString() == "30");
    }

    [Fact]
    public void Diff_of_two_files_lists_the_fields_that_changed()
    {
        var first = _desk.Sign("issue", _desk.NewLicenseRequest());
        var second = _desk.Sign("modify", "--token", SignerDesk.Token, "--users", "15");

        var result = _desk.Run("diff", first.Json.GetProperty("file").GetString()!, second.Json.GetProperty("file").GetString()!);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("users            12 → 15", result.Output, StringComparison.Ordinal);
    }
}
