using System.Text;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Issuing.Requests;
using Xcally.Licensing.Tests.TestSupport;
using static Xcally.Licensing.Tests.TestSupport.DeskOnLedger;

namespace Xcally.Licensing.Tests.Issuing;

/// <summary>
/// The activating requests called on the issuing desk itself, with no command line: the demo, the new
/// billed license, the written request (a request file) and the batch. Each happy path, and each refusal
/// with its code, against a real ledger.
/// </summary>
public sealed class ActivationOperationTests : IDisposable
{
    private static readonly Customer Globex = new("Globex", "it@globex.example");

    private readonly DeskOnLedger _desk = new();

    public void Dispose() => _desk.Dispose();

    private DemoRequest Demo(InstallationToken token, Customer? customer = null) => new(token, customer ?? Globex, Operator, _desk.Now);

    private WrittenRequest Written(string name, string json, string? token = null) => new(name, Encoding.UTF8.GetBytes(json), token, Operator, _desk.Now);

    private WrittenRequest Sample(string file) => Written(file, RepositoryFiles.Read($"samples/requests/{file}"));

    private static InstallationToken[] Tokens(int count) => [.. Enumerable.Range(0, count).Select(i => InstallationToken.Create(
        TokenKeySource.MachineId, ServerEnvironment.BareMetal, PlatformTier.Uuid, i % 1024, [1, 2, 3, 4, (8 << 10) | 5, 16, 7, 1000 + i]))];

    [Fact]
    public void A_demo_is_signed_and_recorded_for_30_days_with_the_contents_the_contract_fixes()
    {
        var issued = _desk.Issued(_desk.Desk.Demo(Demo(DemoToken)));

        var demo = issued.License;
        Assert.Equal(LicenseKind.Demo, demo.Kind);
        Assert.Equal(_desk.Now, demo.ValidFrom);
        Assert.Equal(TimeSpan.FromDays(30), demo.ExpiresAt - demo.ValidFrom);
        Assert.Equal(new StaffCounts(1, 0, 3, 1, 1), demo.Staff);
        Assert.Equal(EntitlementSet<AddOn>.All, demo.AddOns);
        Assert.Equal(100001, demo.Serial);
        var recorded = Assert.Single(_desk.Ledger.History(DemoToken.ToString(), null));
        Assert.Equal(issued.Entry, recorded);
        Assert.Equal(("demo", Operator), (recorded.Command, recorded.Operator));
    }

    [Fact]
    public void A_second_demo_for_a_token_is_refused_as_a_broken_contract_rule()
    {
        _desk.Issued(_desk.Desk.Demo(Demo(DemoToken)));
        _desk.Clock.Advance(TimeSpan.FromDays(40));

        var refusal = _desk.Refused(RefusalCode.ContractRuleBroken, desk => desk.Demo(Demo(DemoToken)));

        Assert.StartsWith("the demo breaks the contract rules:", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("already had a demo", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_demo_for_a_token_that_holds_an_active_license_is_refused_as_a_broken_contract_rule()
    {
        _desk.Activate();

        var refusal = _desk.Refused(RefusalCode.ContractRuleBroken, desk => desk.Demo(Demo(Token)));

        Assert.Contains($"token {Token} already holds an active license", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_demo_for_a_name_that_would_display_as_something_else_is_refused_naming_the_character()
    {
        var refusal = _desk.Refused(RefusalCode.SpoofingName, desk => desk.Demo(Demo(DemoToken, new Customer("Glo\u202Ebex", "it@globex.example"))));

        Assert.StartsWith("the demo request cannot be signed:", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("customer.name: character 4 is U+202E", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_billed_license_takes_what_the_request_leaves_out_from_the_plan_and_runs_one_billing_period()
    {
        var request = _desk.NewLicense() with { Modules = null, Sessions = null };

        var issued = _desk.Issued(_desk.Desk.NewLicense(request));

        Assert.True(_desk.Catalog.TryGet("omnichannel", out var plan));
        var license = issued.License;
        Assert.Equal((LicenseKind.Subscription, 100001L, 100001L, 1), (license.Kind, license.Serial, license.Lineage, license.Revision));
        Assert.Equal((plan.Channels, plan.Modules, plan.Sessions), (license.Channels, license.Modules, license.Sessions));
        Assert.Equal(_desk.Now, license.ValidFrom);
        Assert.Equal(_desk.Now.AddYears(1), license.ExpiresAt);
        Assert.Equal(("issue", Token.ToString()), (issued.Entry.Command, issued.Entry.Token));
    }

    [Fact]
    public void A_new_billed_license_keeps_the_modules_sessions_and_dates_it_asks_for()
    {
        var validFrom = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        var request = _desk.NewLicense() with { ValidFrom = validFrom, ExpiresAt = validFrom.AddMonths(18), Modules = EntitlementSet<Module>.Of(Module.Dialer), Sessions = new SessionLimits(2, 3) };

        var license = _desk.Issued(_desk.Desk.NewLicense(request)).License;

        Assert.Equal((validFrom, validFrom.AddMonths(18)), (license.ValidFrom, license.ExpiresAt!.Value));
        Assert.Equal((EntitlementSet<Module>.Of(Module.Dialer), new SessionLimits(2, 3)), (license.Modules, license.Sessions));
    }

    [Fact]
    public void A_new_billed_license_for_a_plan_the_catalog_lacks_is_refused_naming_the_plans()
    {
        var refusal = _desk.Refused(RefusalCode.UnknownPlan, desk => desk.NewLicense(_desk.NewLicense() with { Plan = "galactic" }));

        Assert.Equal("'new-license': plan 'galactic' is not in the catalog (plans: digital, omnichannel, voice).", refusal.Message);
    }

    [Fact]
    public void A_new_billed_license_that_breaks_contract_rules_is_refused_with_every_rule_it_breaks()
    {
        var request = _desk.NewLicense() with
        {
            Staff = new StaffCounts(1, 12, 4, 4, 0),
            Ai = EntitlementSet<AiFeature>.Of(AiFeature.AgentAssistants),
            Channels = EntitlementSet<Channel>.Of(Channel.Voice),
        };

        var refusal = _desk.Refused(RefusalCode.ContractRuleBroken, desk => desk.NewLicense(request));

        Assert.StartsWith("'new-license' breaks the contract rules:", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("at least 5 concurrent agents", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("AI agent assistants come only together with AI assistants", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("the channels come from plan 'omnichannel'", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_billed_license_for_a_token_that_is_already_active_is_refused_as_a_broken_contract_rule()
    {
        _desk.Activate();

        var refusal = _desk.Refused(RefusalCode.ContractRuleBroken, desk => desk.NewLicense(_desk.NewLicense(customer: new Customer("Another", "it@another.example"))));

        Assert.Contains("already holds an active license (serial 100001, revision 1, subscription, for Acme Contact Center)", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_billed_license_that_breaks_the_format_is_refused_before_a_serial_is_reserved()
    {
        var refusal = _desk.Refused(RefusalCode.FormatRuleBroken, desk => desk.NewLicense(_desk.NewLicense() with { GraceDays = 31 }));

        Assert.Equal("the license would break the format's rules:\n  - graceDays must be from 0 to 30.", refusal.Message);
    }

    [Fact]
    public void A_written_request_issues_the_new_license_the_deactivation_or_the_demo_its_kind_names()
    {
        var subscription = _desk.Issued(_desk.Desk.Issue(Sample("new-license.json")));
        var deactivation = _desk.Issued(_desk.Desk.Issue(Sample("deactivation.json")));
        var demo = _desk.Issued(_desk.Desk.Issue(Sample("demo.json")));

        Assert.Equal((LicenseKind.Subscription, "issue"), (subscription.License.Kind, subscription.Entry.Command));
        Assert.Equal((LicenseKind.Deactivation, "deactivate", subscription.License.Lineage), (deactivation.License.Kind, deactivation.Entry.Command, deactivation.License.Lineage));
        Assert.Equal((LicenseKind.Demo, "demo", "Globex Trial"), (demo.License.Kind, demo.Entry.Command, demo.License.Customer.Name));
    }

    [Fact]
    public void A_written_new_license_request_is_the_same_license_as_the_typed_request()
    {
        var written = _desk.Issued(_desk.Desk.Issue(Sample("new-license.json")));
        using var other = new DeskOnLedger(_desk.Now);

        var typed = other.Issued(other.Desk.NewLicense(other.NewLicense()));

        Assert.Equal(typed.Text, written.Text);
    }

    [Fact]
    public void A_written_request_with_a_token_given_apart_is_bound_to_that_token()
    {
        var issued = _desk.Issued(_desk.Desk.Issue(Written("request.json", RepositoryFiles.Read("samples/requests/new-license.json"), token: NewToken.ToString())));

        Assert.Equal(NewToken.ToString(), issued.License.Token);
    }

    [Theory]
    [InlineData("{ nope", "'bad.json': not valid JSON at line 1")]
    [InlineData("""{ "kind": "demo", "colour": "red" }""", "'bad.json': unknown field 'colour' in the request")]
    [InlineData("""{ "kind": "demo", "customer": { "name": "Globex", "email": "it@globex.example" } }""", "'bad.json' cannot be issued:\n  - the request has no token")]
    [InlineData("""{ "kind": "demo", "token": "4BKGJ-J1BPJ-TC4NV-DVNHY-22HTC-04S93-00084-FEAMM-D8CG6", "customer": { "name": "Globex", "email": "it@globex.example" }, "staff": { "agents": 50 } }""", "'bad.json': a demo's contents are fixed by the contract; remove \"staff\"")]
    public void A_written_request_that_cannot_be_read_is_refused_as_an_invalid_request_naming_it(string json, string message)
    {
        var refusal = _desk.Refused(RefusalCode.InvalidRequest, desk => desk.Issue(Written("bad.json", json)));

        Assert.StartsWith(message, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_commits_once_per_chunk_and_yields_each_chunk_only_after_its_commit()
    {
        var tokens = Tokens(IssuingDesk.BatchChunkSize + 1);
        var template = RepositoryFiles.Read("samples/requests/new-license.json");
        var requests = tokens.Select((t, i) => Written($"line {i + 1}", template, t.ToString())).ToList();
        var started = new List<int>();
        var committedWhenYielded = new List<long>();

        var chunks = _desk.Desk.IssueBatch(requests, started.Add).Select(chunk =>
        {
            // Another connection sees only what the ledger has committed.
            using var reader = LicenseLedger.Open(_desk.LedgerPath);
            committedWhenYielded.Add(reader.CountIssued());
            return chunk;
        }).ToList();

        Assert.Equal([IssuingDesk.BatchChunkSize, 1], chunks.Select(c => c.Count));
        Assert.Equal([IssuingDesk.BatchChunkSize, IssuingDesk.BatchChunkSize + 1L], committedWhenYielded);
        Assert.Equal(Enumerable.Range(0, requests.Count), started);
        Assert.Equal(requests, chunks.SelectMany(c => c).Select(c => c.Request));
        Assert.All(chunks.SelectMany(c => c), c => Assert.True(c.Result.IsIssued, c.Result.ToString()));
    }

    [Fact]
    public void A_failure_before_a_chunk_is_committed_rolls_that_chunk_back_and_keeps_the_committed_ones()
    {
        // The tool writes a chunk's files while the next is issued and fails here if they could not be written.
        var tokens = Tokens(IssuingDesk.BatchChunkSize + 1);
        var template = RepositoryFiles.Read("samples/requests/new-license.json");
        var requests = tokens.Select((t, i) => Written($"line {i + 1}", template, t.ToString())).ToList();
        var commits = 0;

        var chunks = new List<int>();
        Assert.Throws<IOException>(() =>
        {
            foreach (var chunk in _desk.Desk.IssueBatch(requests, beforeCommit: () => _ = ++commits == 2 ? throw new IOException("disk full") : 0))
            {
                chunks.Add(chunk.Count);
            }
        });

        Assert.Equal([IssuingDesk.BatchChunkSize], chunks);
        Assert.Equal((IssuingDesk.BatchChunkSize, 0L), (_desk.Ledger.CountIssued(), _desk.Ledger.CountReserved()));
    }

    [Fact]
    public void A_refused_request_in_a_batch_is_one_result_among_the_issued_ones()
    {
        var tokens = Tokens(2);
        var template = RepositoryFiles.Read("samples/requests/new-license.json");
        var requests = new[]
        {
            Written("a.json", template, tokens[0].ToString()),
            Written("b.json", template.Replace("\"agents\": 25", "\"agents\": 2", StringComparison.Ordinal), tokens[1].ToString()),
            Written("c.json", template, tokens[0].ToString()),
            Written("d.json", template, tokens[1].ToString()),
        };

        var results = _desk.Desk.IssueBatch(requests).SelectMany(c => c).Select(c => c.Result).ToList();

        Assert.Equal([true, false, false, true], results.Select(r => r.IsIssued));
        Assert.Equal(RefusalCode.ContractRuleBroken, results[1].Refusal!.Code);
        Assert.Contains("at least 5 concurrent agents", results[1].Refusal!.Message, StringComparison.Ordinal);
        Assert.Contains("already holds an active license", results[2].Refusal!.Message, StringComparison.Ordinal);
        Assert.Equal((2, 0), (_desk.Ledger.CountIssued(), _desk.Ledger.CountReserved()));
    }

    [Fact]
    public void A_missing_request_is_misuse_and_throws_while_a_refusal_never_does()
    {
        var desk = _desk.Desk;

        Assert.Throws<ArgumentNullException>("request", () => desk.Issue(null!));
        Assert.Throws<ArgumentNullException>("request", () => desk.Demo(null!));
        Assert.Throws<ArgumentNullException>("request", () => desk.NewLicense(null!));
        Assert.Throws<ArgumentNullException>("request", () => desk.Modify(null!));
        Assert.Throws<ArgumentNullException>("request", () => desk.Contract(null!));
        Assert.Throws<ArgumentNullException>("request", () => desk.Move(null!));
        Assert.Throws<ArgumentNullException>("request", () => desk.Reactivate(null!));
        Assert.Throws<ArgumentNullException>("request", () => desk.Deactivate(null!));
        Assert.Throws<ArgumentNullException>("request", () => desk.Renew(null!));
        Assert.Throws<ArgumentNullException>("requests", () => desk.IssueBatch(null!));
    }
}
