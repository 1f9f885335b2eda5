using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Issuing;

/// <summary>
/// The ledger's promises, the same test cases on every backend (<see cref="SqliteLedgerTests"/>,
/// <see cref="PostgresLedgerTests"/>): unique increasing serials, a lineage's revisions allocated under
/// its lock, reserve-sign-record surviving a crash at every step, several signers at once, the schema
/// versioned and migrated on open, the delivery server's reads.
/// </summary>
public abstract class LedgerContractTests : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>A new, empty ledger's setting (a path, or a PostgreSQL connection string).</summary>
    protected abstract string NewLedger();

    /// <summary>Runs <paramref name="sql"/> on the ledger's database directly, as another tool (or an older version of this one) would.</summary>
    protected abstract void Sql(string setting, string sql);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        LicenseIssuer.BeforeStep = null;
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
    }

    private sealed class SimulatedCrash : Exception
    {
    }

    private DeskOnLedger Desk(string? ledger = null) => Own(new DeskOnLedger(ledger: ledger ?? NewLedger()));

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private static InstallationToken[] Tokens(int count, int from = 0) => [.. Enumerable.Range(from, count).Select(i => InstallationToken.Create(
        TokenKeySource.MachineId, ServerEnvironment.BareMetal, PlatformTier.Uuid, i % 1024, [1, 2, 3, 4, (8 << 10) | 5, 16, 7, 1000 + i]))];

    [Fact]
    public void A_new_ledger_hands_out_serials_from_100001_each_one_greater_than_the_last()
    {
        var desk = Desk();

        var serials = Tokens(3).Select(t => desk.Activate(t).License.Serial).ToList();

        Assert.Equal([100001L, 100002L, 100003L], serials);
        Assert.Equal(3, desk.Ledger.CountIssued());
    }

    [Fact]
    public void A_lineage_gets_its_revisions_in_order_and_a_new_lineage_is_numbered_by_its_first_serial()
    {
        var desk = Desk();

        var first = desk.Ledger.Reserve(null, "token-a", "tester", "issue");
        var second = desk.Ledger.Reserve(first.Lineage, "token-a", "tester", "modify");
        var other = desk.Ledger.Reserve(null, "token-b", "tester", "issue");
        var third = desk.Ledger.Reserve(first.Lineage, "token-a", "tester", "modify");

        Assert.Equal((100001L, 100001L, 1), first);
        Assert.Equal((100002L, 100001L, 2), second);
        Assert.Equal((100003L, 100003L, 1), other);
        Assert.Equal((100004L, 100001L, 3), third);
        Assert.Equal(4, desk.Ledger.CountReserved());
    }

    [Fact]
    public void A_recorded_license_reads_back_exactly_as_it_was_signed()
    {
        var desk = Desk();

        var issued = desk.Activate();

        var read = Assert.Single(desk.Ledger.History(DeskOnLedger.Token.ToString(), null));
        Assert.Equal(issued.Entry, read);
        Assert.Equal(issued.Entry, desk.Ledger.Current(DeskOnLedger.Token.ToString()));
        Assert.Equal(issued.Entry, Assert.Single(desk.Ledger.History(null, DeskOnLedger.Acme.Name)));
        Assert.Equal(issued.Entry, Assert.Single(desk.Ledger.Lineage(issued.License.Lineage)));
        Assert.Equal(issued.Entry, Assert.Single(desk.Ledger.All()));
        Assert.Equal(desk.Now, read.IssuedAt);
        Assert.Equal(issued.License.ExpiresAt, read.ExpiresAt);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(read.Text))), read.Sha256);
        Assert.Null(desk.Ledger.Current(DeskOnLedger.NewToken.ToString()));
        Assert.False(desk.Ledger.HadDemo(DeskOnLedger.Token.ToString()));
    }

    public static TheoryData<string> CrashPoints() => ["reserved", "signed", "recorded"];

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public void A_crash_at_any_step_of_an_issue_never_reuses_a_serial_and_never_records_half_a_license(string step)
    {
        var desk = Desk();
        LicenseIssuer.BeforeStep = name =>
        {
            if (name == step)
            {
                throw new SimulatedCrash();
            }
        };

        Assert.Throws<SimulatedCrash>(() => desk.Desk.NewLicense(desk.NewLicense()));
        LicenseIssuer.BeforeStep = null;

        // What a crashed signer leaves: its reservation (burned, never handed out again), or its full record.
        using (var reopened = LicenseLedger.Open(desk.LedgerSetting))
        {
            Assert.Equal(step == "recorded" ? 0 : 1, reopened.CountReserved());
            Assert.Equal(step == "recorded" ? 1 : 0, reopened.CountIssued());
            Assert.All(reopened.All(), e => Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.Text))), e.Sha256));
        }

        var retry = desk.Activate(step == "recorded" ? DeskOnLedger.NewToken : DeskOnLedger.Token);
        Assert.Equal(100002, retry.License.Serial);
    }

    [Fact]
    public void A_batch_that_is_not_committed_leaves_none_of_its_records()
    {
        var desk = Desk();
        var key = TestLicenses.Key;
        var issuer = new LicenseIssuer(key, desk.Ledger);
        var draft = desk.Activate().License;

        using (desk.Ledger.BeginBatch())
        {
            issuer.Issue("modify", draft, draft.Lineage, "tester");
            issuer.Issue("issue", draft with { Token = DeskOnLedger.NewToken.ToString() }, null, "tester");
            Assert.Equal(3, desk.Ledger.CountIssued());
        }

        Assert.Equal(1, desk.Ledger.CountIssued());
        Assert.Equal(0, desk.Ledger.CountReserved());
        var next = issuer.Issue("modify", draft, draft.Lineage, "tester");
        Assert.Equal(2, next.License.Revision);
        Assert.True(next.License.Serial > 100001);
    }

    [Fact]
    public async Task Several_signers_at_once_get_distinct_serials_and_one_lineage_gets_every_revision_once()
    {
        const int Signers = 4;
        const int NewLicenses = 15;
        const int Revisions = NewLicenses;
        var setting = NewLedger();
        var first = Desk(setting).Activate().License;
        var serials = new ConcurrentBag<long>();
        var revisions = new ConcurrentBag<int>();

        // Each signer has its own connection, as separate processes on separate machines would; they start together.
        using var start = new Barrier(Signers);
        var signers = Enumerable.Range(0, Signers).Select(s => Task.Run(() =>
        {
            using var ledger = LicenseLedger.Open(setting);
            var issuer = new LicenseIssuer(TestLicenses.Key, ledger);
            start.SignalAndWait(TestContext.Current.CancellationToken);
            foreach (var token in Tokens(NewLicenses, 100 + (s * NewLicenses)))
            {
                serials.Add(issuer.Issue("issue", first with { Token = token.ToString() }, null, $"signer-{s}").License.Serial);
                var revised = issuer.Issue("modify", first, first.Lineage, $"signer-{s}").License;
                serials.Add(revised.Serial);
                revisions.Add(revised.Revision);
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(signers);

        var all = serials.ToList();
        Assert.Equal(Signers * (NewLicenses + Revisions), all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.All(all, s => Assert.True(s > first.Serial));
        Assert.Equal(Enumerable.Range(2, Signers * Revisions), revisions.Order());
        using var check = LicenseLedger.Open(setting);
        Assert.Equal(1 + all.Count, check.CountIssued());
        Assert.Equal(0, check.CountReserved());
        Assert.Equal(Enumerable.Range(1, 1 + (Signers * Revisions)), check.Lineage(first.Lineage).Select(e => e.Revision));
    }

    [Fact]
    public void A_new_ledger_is_at_the_current_schema_version_and_opening_it_again_changes_nothing()
    {
        var desk = Desk();
        var issued = desk.Activate();

        using var again = LicenseLedger.Open(desk.LedgerSetting);

        Assert.Equal(LicenseLedger.SchemaVersion, desk.Ledger.StoredSchemaVersion());
        Assert.Equal(LicenseLedger.SchemaVersion, again.StoredSchemaVersion());
        Assert.Equal(issued.Entry, Assert.Single(again.All()));
    }

    [Fact]
    public void A_ledger_from_before_schema_versions_is_migrated_on_open_and_keeps_every_license()
    {
        var setting = NewLedger();
        LedgerEntry issued;
        using (var desk = new DeskOnLedger(ledger: setting))
        {
            issued = desk.Activate().Entry;
        }

        Sql(setting, "DROP TABLE schema_version");

        using var reopened = LicenseLedger.Open(setting);
        Assert.Equal(LicenseLedger.SchemaVersion, reopened.StoredSchemaVersion());
        Assert.Equal(issued, Assert.Single(reopened.All()));
        Assert.Equal(issued.Serial + 1, reopened.Reserve(null, "token", "tester", "issue").Serial);
    }

    [Fact]
    public void A_ledger_a_newer_tool_has_migrated_is_refused_rather_than_written_in_a_schema_this_tool_does_not_know()
    {
        var setting = NewLedger();
        LicenseLedger.Open(setting).Dispose();
        Sql(setting, "INSERT INTO schema_version (version, applied_at) VALUES (99, '2030-01-01T00:00:00Z')");

        var refused = Assert.Throws<LedgerException>(() => LicenseLedger.Open(setting));

        Assert.Contains("schema version 99, newer than this tool knows", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_delivery_server_reads_each_tokens_newest_license_byte_for_byte()
    {
        var desk = Desk();
        desk.Activate();
        var modified = desk.Issued(desk.Desk.Modify(new Xcally.Licensing.Issuing.Requests.ModifyRequest(DeskOnLedger.Token, DeskOnLedger.Operator, desk.Now) { Agents = 40 }));

        using var reader = LedgerReader.Open(desk.LedgerSetting);

        var newest = reader.Newest(DeskOnLedger.Token.ToString());
        Assert.NotNull(newest);
        Assert.Equal(modified.License.Serial, newest.Serial);
        Assert.Equal(modified.Entry.Sha256, newest.Sha256);
        Assert.Equal(modified.Entry.Kind, newest.Kind);
        Assert.Equal(Encoding.UTF8.GetBytes(modified.Text), newest.File);
        Assert.Null(reader.Newest(DeskOnLedger.NewToken.ToString()));
    }

    [Fact]
    public void The_fetches_the_delivery_server_records_read_back_newest_last()
    {
        var desk = Desk();
        var at = new DateTimeOffset(2026, 11, 10, 9, 0, 0, 123, TimeSpan.Zero);
        desk.Ledger.RecordFetches(
        [
            new FetchRecord("token-a", at, FetchOutcome.Served, 100001, "ab", "10.0.0.1"),
            new FetchRecord("token-b", at, FetchOutcome.UnknownToken, null, null, "10.0.0.2"),
            new FetchRecord("token-a", at.AddSeconds(1), FetchOutcome.NotModified, 100001, "ab", "10.0.0.1"),
        ]);

        var fetches = desk.Ledger.Fetches("token-a");

        Assert.Equal(
            [new FetchRecord("token-a", at, FetchOutcome.Served, 100001, "ab", "10.0.0.1"), new FetchRecord("token-a", at.AddSeconds(1), FetchOutcome.NotModified, 100001, "ab", "10.0.0.1")],
            fetches);
        Assert.Equal(new FetchRecord("token-b", at, FetchOutcome.UnknownToken, null, null, "10.0.0.2"), Assert.Single(desk.Ledger.Fetches("token-b")));
        Assert.Equal(at.AddSeconds(1), Assert.Single(desk.Ledger.Fetches("token-a", limit: 1)).FetchedAt);
    }

    [Fact]
    public void The_delivery_server_refuses_to_read_where_there_is_no_ledger()
    {
        var setting = NewLedger();

        var refused = Assert.Throws<LedgerException>(() => LedgerReader.Open(setting));

        Assert.Contains("no ledger", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A ledger with a bit of everything: two lineages, a modification, a burned reservation, fetches.</summary>
    private DeskOnLedger Populated()
    {
        var desk = Desk();
        desk.Activate();
        desk.Issued(desk.Desk.Modify(new Xcally.Licensing.Issuing.Requests.ModifyRequest(DeskOnLedger.Token, DeskOnLedger.Operator, desk.Now) { Agents = 40 }));
        desk.Ledger.Reserve(null, DeskOnLedger.DemoToken.ToString(), "crashed-signer", "demo");
        desk.Activate(DeskOnLedger.NewToken, new Customer("Ünïcode Çustomer ☎", "it@example.com"));
        desk.Ledger.RecordFetches(
        [
            new FetchRecord(DeskOnLedger.Token.ToString(), new DateTimeOffset(2026, 11, 10, 9, 0, 0, 5, TimeSpan.Zero), FetchOutcome.Served, 100002, "ab", "10.0.0.1"),
            new FetchRecord(DeskOnLedger.DemoToken.ToString(), new DateTimeOffset(2026, 11, 10, 9, 0, 1, TimeSpan.Zero), FetchOutcome.UnknownToken, null, null, "10.0.0.2"),
        ]);
        return desk;
    }

    private static string Export(LicenseLedger ledger)
    {
        using var text = new StringWriter();
        LedgerTransfer.Export(ledger, text);
        return text.ToString();
    }

    [Fact]
    public void An_export_imported_into_a_new_ledger_gives_the_same_ledger_and_the_same_next_serial()
    {
        var desk = Populated();
        var export = Export(desk.Ledger);
        using var copy = LicenseLedger.Open(NewLedger());

        var counts = LedgerTransfer.Import(new StringReader(export), copy);

        Assert.Equal((3, 1, 2), counts);
        Assert.Equal(desk.Ledger.All(), copy.All());
        Assert.Equal(desk.Ledger.Reservations(), copy.Reservations());
        Assert.Equal(desk.Ledger.AllFetches(), copy.AllFetches());
        Assert.Equal(desk.Ledger.LastSerial(), copy.LastSerial());
        Assert.Equal(export, Export(copy));
        Assert.Equal(desk.Ledger.Reserve(100001, "t", "tester", "modify"), copy.Reserve(100001, "t", "tester", "modify"));
        Assert.Equal(desk.Ledger.Reserve(null, "t", "tester", "issue"), copy.Reserve(null, "t", "tester", "issue"));
    }

    [Fact]
    public void An_import_into_a_ledger_that_is_not_empty_is_refused_and_changes_nothing()
    {
        var desk = Populated();
        var export = Export(desk.Ledger);
        var before = desk.Ledger.All().ToList();

        var refused = Assert.Throws<LedgerException>(() => LedgerTransfer.Import(new StringReader(export), desk.Ledger));

        Assert.Contains("is not empty", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, desk.Ledger.All());
    }

    [Fact]
    public void A_damaged_export_is_refused_whole_with_its_line_and_nothing_is_imported()
    {
        var export = Export(Populated().Ledger);
        var lines = export.Split('\n');
        var damaged = System.Text.Json.Nodes.JsonNode.Parse(lines[2])!;
        damaged["text"] = damaged["text"]!.GetValue<string>().Replace('A', 'B');
        lines[2] = damaged.ToJsonString();
        using var copy = LicenseLedger.Open(NewLedger());

        var refused = Assert.Throws<InvalidDataException>(() => LedgerTransfer.Import(new StringReader(string.Join('\n', lines)), copy));

        Assert.StartsWith("line 3 of the export:", refused.Message, StringComparison.Ordinal);
        Assert.Contains("does not match its SHA-256", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, copy.CountIssued() + copy.CountReserved());
        Assert.Empty(copy.AllFetches());
    }

    [Fact]
    public void A_check_of_a_consistent_ledger_finds_nothing_and_a_record_edited_behind_the_tools_back_is_named()
    {
        var desk = Populated();
        var verifier = new LicenseVerifier(TestLicenses.Trusted, desk.Clock);
        Assert.Empty(LedgerCheck.Run(desk.Ledger, verifier, out var licenses));
        Assert.Equal(3, licenses);

        Sql(desk.LedgerSetting, "UPDATE licenses SET token = 'someone-else' WHERE serial = 100002");
        Sql(desk.LedgerSetting, "UPDATE licenses SET revision = 7 WHERE serial = 100004");

        var problems = LedgerCheck.Run(desk.Ledger, verifier, out _);
        Assert.Equal(3, problems.Count);
        Assert.StartsWith("serial 100002: the record and its signed file disagree on token (recorded someone-else, signed ", problems[0], StringComparison.Ordinal);
        Assert.Equal("serial 100004: the record and its signed file disagree on revision (recorded 7, signed 1).", problems[1]);
        Assert.Equal("lineage 100004: its revisions are 7, not 1 to 1.", problems[2]);
    }
}
