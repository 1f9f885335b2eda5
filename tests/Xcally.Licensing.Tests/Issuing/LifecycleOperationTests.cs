using Microsoft.Data.Sqlite;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Requests;
using Xcally.Licensing.Tests.TestSupport;
using static Xcally.Licensing.Tests.TestSupport.DeskOnLedger;

namespace Xcally.Licensing.Tests.Issuing;

/// <summary>
/// The requests after activation called on the issuing desk itself, with no command line: modify,
/// contract, move, reactivate, deactivate, renew. Each happy path, and each refusal with its code,
/// against a real ledger.
/// </summary>
public sealed class LifecycleOperationTests : IDisposable
{
    private readonly DeskOnLedger _desk = new();

    public void Dispose() => _desk.Dispose();

    private ModifyRequest Modify(InstallationToken? token = null) => new(token ?? Token, Operator, _desk.Now);

    private ContractRequest Contract(InstallationToken? token = null) => new(token ?? Token, Operator, _desk.Now);

    private RenewRequest Renew(InstallationToken? token = null) => new(token ?? Token, Operator, _desk.Now);

    private ReactivateRequest Reactivate(InstallationToken? token = null) => new(token ?? Token, Operator, _desk.Now);

    private DeactivateRequest Deactivate(InstallationToken? token = null) => new(token ?? Token, Operator, _desk.Now);

    private MoveRequest Move(InstallationToken? from = null, InstallationToken? to = null) => new(from ?? Token, to ?? NewToken, Operator, _desk.Now);

    public static TheoryData<string> RequestsAfterActivation() => ["modify", "contract", "move", "reactivate", "deactivate", "renew"];

    /// <summary>Each request after activation, by name, for <paramref name="token"/>, asking for a change the current license does not have.</summary>
    private IssueResult Ask(IssuingDesk desk, string request, InstallationToken token) => request switch
    {
        "modify" => desk.Modify(Modify(token) with { Agents = 30 }),
        "contract" => desk.Contract(Contract(token) with { Billing = BillingFrequency.Monthly }),
        "move" => desk.Move(Move(token, token.Equals(NewToken) ? Token : NewToken)),
        "reactivate" => desk.Reactivate(Reactivate(token)),
        "deactivate" => desk.Deactivate(Deactivate(token)),
        "renew" => desk.Renew(Renew(token)),
        _ => throw new ArgumentOutOfRangeException(nameof(request), request, null),
    };

    [Fact]
    public void Modify_sets_totals_adds_and_removes_items_as_the_next_revision_of_the_lineage()
    {
        var first = _desk.Activate().License;
        _desk.Clock.Advance(TimeSpan.FromDays(3));

        var result = _desk.Desk.Modify(Modify() with { Agents = 40, MobileAgents = 6, Add = ["botify", "customization"], Remove = ["queueManager"] });

        var modified = _desk.Issued(result).License;
        Assert.Equal((first.Lineage, 2), (modified.Lineage, modified.Revision));
        Assert.Equal(first.Staff with { Agents = 40, MobileAgents = 6 }, modified.Staff);
        Assert.Equal(EntitlementSet<Plugin>.Of(Plugin.DataRetention, Plugin.Botify), modified.Plugins);
        Assert.True(modified.AddOns.Contains(AddOn.Customization));
        Assert.Equal(first.ExpiresAt, modified.ExpiresAt);
        Assert.Equal(_desk.Now, modified.ValidFrom);
        Assert.Empty(result.Notes);
        Assert.Equal("modify", result.License!.Entry.Command);
    }

    [Fact]
    public void A_decrease_after_the_20th_waits_for_the_first_of_next_month_and_says_so_and_by_the_20th_takes_effect_at_once()
    {
        _desk.Activate();
        _desk.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 20, 18, 0, 0, TimeSpan.Zero));
        var byThe20th = _desk.Issued(_desk.Desk.Modify(Modify() with { Agents = 20 })).License;
        _desk.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero));

        var after = _desk.Desk.Modify(Modify() with { Remove = ["dataRetention"] });

        Assert.Equal(new DateTimeOffset(2026, 11, 20, 18, 0, 0, TimeSpan.Zero), byThe20th.ValidFrom);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), _desk.Issued(after).License.ValidFrom);
        Assert.Contains("takes effect on 2026-12-01T00:00:00Z", Assert.Single(after.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void Modify_to_a_negative_total_is_refused_as_an_invalid_quantity()
    {
        _desk.Activate();

        var refusal = _desk.Refused(RefusalCode.InvalidQuantity, desk => desk.Modify(Modify() with { Telephones = -1 }));

        Assert.Equal("quantities are totals and cannot be negative.", refusal.Message);
    }

    [Fact]
    public void Modify_with_a_name_that_is_no_add_on_AI_feature_or_plugin_is_refused_listing_them()
    {
        _desk.Activate();

        var refusal = _desk.Refused(RefusalCode.UnknownItem, desk => desk.Modify(Modify() with { Add = ["botify", "teleportation"] }));

        Assert.StartsWith("'teleportation' is not an add-on (webRtc, ", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("a plugin (dataRetention, botify, ", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Modify_that_gives_the_current_totals_and_items_is_refused_as_nothing_to_change()
    {
        _desk.Activate();

        _desk.Refused(RefusalCode.NothingToChange, desk => desk.Modify(Modify() with { Agents = 25, Add = ["webRtc"], Remove = ["botify"] }));
    }

    [Fact]
    public void Modify_keeps_the_billed_rules()
    {
        _desk.Activate();

        var refusal = _desk.Refused(RefusalCode.ContractRuleBroken, desk => desk.Modify(Modify() with { Agents = 3, Remove = ["aiAssistants"] }));

        Assert.StartsWith("the modification breaks the contract rules:", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("at least 5 concurrent agents", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("AI agent assistants come only together with AI assistants", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Modify_of_a_license_whose_plan_has_left_the_catalog_is_refused_as_an_unknown_plan()
    {
        _desk.Activate();
        var catalog = _desk.File("plans.json");
        File.WriteAllText(catalog, """{ "plans": { "voice": { "channels": ["voice"] } } }""");
        var desk = new IssuingDesk(TestLicenses.Key, _desk.Ledger, LoadCatalog(catalog));

        var refusal = _desk.Refused(RefusalCode.UnknownPlan, _ => desk.Modify(Modify() with { Agents = 30 }));

        Assert.Equal("the license's plan 'omnichannel' is no longer in the catalog (plans: voice); change it with 'contract --plan'.", refusal.Message);
    }

    [Fact]
    public void Contract_changes_plan_support_plan_billing_and_white_label()
    {
        _desk.Activate();

        var changed = _desk.Issued(_desk.Desk.Contract(Contract() with { Plan = "digital", SupportPlan = SupportPlan.Silver, Billing = BillingFrequency.Monthly, WhiteLabel = true })).License;

        Assert.True(_desk.Catalog.TryGet("digital", out var digital));
        Assert.Equal(("digital", digital.Channels, digital.Modules, digital.Sessions), (changed.Plan, changed.Channels, changed.Modules, changed.Sessions));
        Assert.Equal((SupportPlan.Silver, BillingFrequency.Monthly), (changed.SupportPlan!.Value, changed.Billing!.Value));
        Assert.Equal(_desk.Now.AddMonths(1), changed.ExpiresAt);
        Assert.True(changed.AddOns.Contains(AddOn.Customization));
    }

    [Fact]
    public void Contract_to_a_plan_the_catalog_lacks_is_refused_as_an_unknown_plan()
    {
        _desk.Activate();

        var refusal = _desk.Refused(RefusalCode.UnknownPlan, desk => desk.Contract(Contract() with { Plan = "galactic" }));

        Assert.Equal("plan 'galactic' is not in the catalog (plans: digital, omnichannel, voice).", refusal.Message);
    }

    [Fact]
    public void Contract_that_gives_the_current_terms_is_refused_as_nothing_to_change()
    {
        _desk.Activate();

        _desk.Refused(RefusalCode.NothingToChange, desk => desk.Contract(Contract() with { Plan = "omnichannel", Billing = BillingFrequency.Annual, WhiteLabel = false }));
    }

    [Fact]
    public void Contract_to_a_plan_without_text_channels_is_refused_for_the_real_time_translator()
    {
        _desk.Activate();

        var refusal = _desk.Refused(RefusalCode.ContractRuleBroken, desk => desk.Contract(Contract() with { Plan = "voice" }));

        Assert.Contains("the real-time translator applies to the text channels, and plan 'voice' has none", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Move_issues_the_current_license_for_the_new_token_and_gives_the_token_diff()
    {
        var first = _desk.Activate().License;

        var result = _desk.Desk.Move(Move());

        var moved = _desk.Issued(result).License;
        Assert.Equal((NewToken.ToString(), first.Lineage, 2), (moved.Token, moved.Lineage, moved.Revision));
        Assert.Equal((first.Staff, first.ExpiresAt), (moved.Staff, moved.ExpiresAt));
        Assert.NotNull(result.TokenChange);
        Assert.Equal((Token, NewToken), (result.TokenChange.Licensed, result.TokenChange.Current));
        Assert.Equal($"token diff: {result.TokenChange.Reason}", result.Notes[0]);
        Assert.Equal(NewToken.ToString(), _desk.Ledger.Current(NewToken.ToString())!.Token);
    }

    [Fact]
    public void Move_also_signs_the_old_tokens_deactivation_in_the_same_transaction_so_the_old_server_can_be_sent_it()
    {
        var first = _desk.Activate().License;

        var result = _desk.Desk.Move(Move());

        var deactivation = Assert.Single(result.Alongside);
        var verified = new LicenseVerifier(TestLicenses.Trusted, _desk.Clock).Verify(deactivation.Text);
        Assert.True(verified.IsGenuine, verified.Reason);
        Assert.Equal((LicenseKind.Deactivation, Token.ToString(), first.Lineage, 3), (verified.License.Kind, verified.License.Token, verified.License.Lineage, verified.License.Revision));
        Assert.Equal(deactivation.Entry.Serial, _desk.Ledger.Current(Token.ToString())!.Serial);
        Assert.Contains(result.Notes, n => n.Contains($"deactivation is serial {deactivation.License.Serial}", StringComparison.Ordinal));
        Assert.Equal(0, _desk.Ledger.CountReserved());
    }

    [Fact]
    public void Move_to_a_token_that_holds_an_active_license_is_refused_and_still_gives_the_token_diff()
    {
        _desk.Activate();
        _desk.Activate(NewToken, new Customer("Other", "it@other.example"));

        var result = _desk.Desk.Move(Move());

        Assert.Equal(RefusalCode.ContractRuleBroken, result.Refusal?.Code);
        Assert.StartsWith($"the move breaks the contract rules:\n  - token {NewToken} already holds an active license", result.Refusal!.Message, StringComparison.Ordinal);
        Assert.NotNull(result.TokenChange);
    }

    [Fact]
    public void Reactivate_starts_a_new_billing_period_now_on_a_new_token_with_the_token_diff()
    {
        _desk.Activate();
        _desk.Clock.Advance(TimeSpan.FromDays(400));

        var result = _desk.Desk.Reactivate(Reactivate() with { NewToken = NewToken });

        var reactivated = _desk.Issued(result).License;
        Assert.Equal((NewToken.ToString(), _desk.Now, _desk.Now.AddYears(1)), (reactivated.Token, reactivated.ValidFrom, reactivated.ExpiresAt!.Value));
        Assert.Equal(NewToken, result.TokenChange?.Current);
    }

    [Fact]
    public void Reactivate_on_the_same_token_compares_no_tokens()
    {
        _desk.Activate();
        _desk.Clock.Advance(TimeSpan.FromDays(400));

        var result = _desk.Desk.Reactivate(Reactivate() with { NewToken = Token });

        Assert.Equal(Token.ToString(), _desk.Issued(result).License.Token);
        Assert.Null(result.TokenChange);
    }

    [Fact]
    public void Reactivate_on_a_new_token_that_holds_an_active_license_is_refused_as_a_broken_contract_rule()
    {
        _desk.Activate();
        _desk.Activate(NewToken, new Customer("Other", "it@other.example"));

        var refusal = _desk.Refused(RefusalCode.ContractRuleBroken, desk => desk.Reactivate(Reactivate() with { NewToken = NewToken }));

        Assert.StartsWith("the re-activation breaks the contract rules:", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Renew_extends_one_billing_period_from_the_current_expiry_and_is_valid_at_once()
    {
        var first = _desk.Activate().License;
        _desk.Clock.Advance(TimeSpan.FromDays(300));

        var renewed = _desk.Issued(_desk.Desk.Renew(Renew())).License;

        Assert.Equal((_desk.Now, first.ExpiresAt!.Value.AddYears(1)), (renewed.ValidFrom, renewed.ExpiresAt!.Value));
    }

    [Fact]
    public void Renew_after_the_expiry_runs_one_billing_period_from_now()
    {
        _desk.Activate();
        _desk.Clock.Advance(TimeSpan.FromDays(400));

        var renewed = _desk.Issued(_desk.Desk.Renew(Renew())).License;

        Assert.Equal(_desk.Now.AddYears(1), renewed.ExpiresAt);
    }

    [Fact]
    public void Deactivate_signs_a_deactivation_that_grants_nothing_and_never_expires_as_the_next_revision()
    {
        var first = _desk.Activate().License;

        var deactivation = _desk.Issued(_desk.Desk.Deactivate(Deactivate()));

        var license = deactivation.License;
        Assert.Equal((LicenseKind.Deactivation, first.Lineage, 2, "deactivate"), (license.Kind, license.Lineage, license.Revision, deactivation.Entry.Command));
        Assert.Null(license.ExpiresAt);
        Assert.Equal(StaffCounts.None, license.Staff);
        Assert.True(license.Channels.IsEmpty && license.AddOns.IsEmpty && license.Plugins.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(RequestsAfterActivation))]
    public void A_request_for_a_token_the_ledger_does_not_know_is_refused_as_an_unknown_token(string request)
    {
        var refusal = _desk.Refused(RefusalCode.UnknownToken, desk => Ask(desk, request, NewToken));

        Assert.Equal($"the ledger has no license for token {NewToken}; issue one first (demo or issue).", refusal.Message);
    }

    [Theory]
    [MemberData(nameof(RequestsAfterActivation))]
    public void A_request_for_a_deactivated_token_is_refused_as_deactivated(string request)
    {
        _desk.Activate();
        var deactivation = _desk.Issued(_desk.Desk.Deactivate(Deactivate()));

        var refusal = _desk.Refused(RefusalCode.Deactivated, desk => Ask(desk, request, Token));

        Assert.Equal($"token {Token} was deactivated (serial {deactivation.License.Serial}); {request} is not possible. A new activation uses 'issue'.", refusal.Message);
    }

    [Theory]
    [InlineData("modify")]
    [InlineData("contract")]
    [InlineData("reactivate")]
    [InlineData("renew")]
    public void A_request_for_billed_licenses_on_a_demo_is_refused_as_not_billed(string request)
    {
        _desk.Issued(_desk.Desk.Demo(new DemoRequest(DemoToken, new Customer("Globex", "it@globex.example"), Operator, _desk.Now)));

        var refusal = _desk.Refused(RefusalCode.NotBilled, desk => Ask(desk, request, DemoToken));

        Assert.Contains($"{request} applies to billed licenses", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_demo_can_be_moved_and_deactivated()
    {
        _desk.Issued(_desk.Desk.Demo(new DemoRequest(DemoToken, new Customer("Globex", "it@globex.example"), Operator, _desk.Now)));

        var moved = _desk.Issued(_desk.Desk.Move(Move(DemoToken, NewToken))).License;
        var deactivated = _desk.Issued(_desk.Desk.Deactivate(Deactivate(NewToken))).License;

        Assert.Equal((LicenseKind.Demo, LicenseKind.Deactivation), (moved.Kind, deactivated.Kind));
    }

    [Fact]
    public void A_current_license_that_cannot_be_read_back_is_refused_not_rebuilt()
    {
        var first = _desk.Activate().License;
        using (var connection = new SqliteConnection($"Data Source={_desk.LedgerPath};Pooling=False"))
        {
            connection.Open();
            using var damage = connection.CreateCommand();
            damage.CommandText = "UPDATE licenses SET text = 'not a license' WHERE serial = $serial";
            damage.Parameters.AddWithValue("$serial", first.Serial);
            Assert.Equal(1, damage.ExecuteNonQuery());
        }

        var refusal = _desk.Refused(RefusalCode.UnreadableLedgerEntry, desk => desk.Renew(Renew()));

        Assert.Equal($"the ledger's license {first.Serial} cannot be read back.", refusal.Message);
    }

    [Fact]
    public void A_name_from_the_ledger_that_would_display_as_something_else_is_refused_naming_the_request()
    {
        var first = _desk.Activate();
        // A license from before the signer refused such names, recorded through the issuer below the desk.
        new LicenseIssuer(TestLicenses.Key, _desk.Ledger).Issue("modify", first.License with { Customer = new Customer("Acme \u202Egnp.exe", "it@acme.example") }, first.License.Lineage, "before-the-rule");

        var refusal = _desk.Refused(RefusalCode.SpoofingName, desk => desk.Renew(Renew()));

        Assert.StartsWith("the renew request cannot be signed:\n  - customer.name: character 6 is U+202E", refusal.Message, StringComparison.Ordinal);
    }
}
