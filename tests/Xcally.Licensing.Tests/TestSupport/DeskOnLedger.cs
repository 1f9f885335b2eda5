using Microsoft.Extensions.Time.Testing;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Catalog;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Issuing.Requests;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>
/// The issuing desk with no command line in front of it: a real ledger (an SQLite file in a temporary
/// folder, or the ledger setting given: a PostgreSQL database), the team's key, the shipped plan catalog
/// and a clock the test moves.
/// </summary>
internal sealed class DeskOnLedger : IDisposable
{
    public const string Operator = "tester";

    public static readonly InstallationToken Token = InstallationToken.Parse(SignerDesk.Token);
    public static readonly InstallationToken NewToken = InstallationToken.Parse(SignerDesk.NewToken);
    public static readonly InstallationToken DemoToken = InstallationToken.Parse(SignerDesk.DemoToken);

    public static readonly Customer Acme = new("Acme Contact Center", "it@acme.example");

    private readonly TempFolder _folder = new();

    public DeskOnLedger(DateTimeOffset? now = null, string? ledger = null)
    {
        Clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 11, 10, 9, 0, 0, TimeSpan.Zero));
        LedgerSetting = ledger ?? LedgerPath;
        Ledger = LicenseLedger.Open(LedgerSetting);
        Catalog = LoadCatalog(RepositoryFiles.PathOf("src/Xcally.Licensing.Signer/catalog/plans.json"));
        Desk = new IssuingDesk(TestLicenses.Key, Ledger, Catalog);
    }

    public FakeTimeProvider Clock { get; }

    public DateTimeOffset Now => Clock.GetUtcNow();

    public string LedgerPath => _folder.File("ledger.db");

    /// <summary>The ledger setting the desk was opened with (<see cref="LedgerPath"/> unless given).</summary>
    public string LedgerSetting { get; }

    public LicenseLedger Ledger { get; }

    public PlanCatalog Catalog { get; }

    public IssuingDesk Desk { get; }

    public string File(string name) => _folder.File(name);

    public static PlanCatalog LoadCatalog(string path)
    {
        Assert.True(PlanCatalog.TryLoad(path, out var catalog, out var error), error);
        return catalog;
    }

    /// <summary>The new billed license of samples/requests/new-license.json, as the typed request, for <paramref name="token"/>.</summary>
    public NewLicenseRequest NewLicense(InstallationToken? token = null, Customer? customer = null) =>
        new("new-license", token ?? Token, customer ?? Acme, "omnichannel", BillingFrequency.Annual, SupportPlan.Platinum, new StaffCounts(1, 12, 25, 25, 4), Operator, Now)
        {
            Modules = EntitlementSet<Module>.Of(Module.ContactsManager, Module.Dialer, Module.Jscripty, Module.Inspectors, Module.Timings),
            Sessions = new SessionLimits(30, 60),
            AddOns = EntitlementSet<AddOn>.Of(AddOn.WebRtc, AddOn.WindowsPhonebar, AddOn.ScreenRecording, AddOn.RealTimeTranslator),
            Ai = EntitlementSet<AiFeature>.Of(AiFeature.AiBots, AiFeature.AiAssistants, AiFeature.AgentAssistants, AiFeature.VoiceQualityAnalysis),
            Plugins = EntitlementSet<Plugin>.Of(Plugin.DataRetention, Plugin.QueueManager),
            AppZone = true,
        };

    /// <summary>Issues the new billed license for <paramref name="token"/>.</summary>
    public IssuedLicense Activate(InstallationToken? token = null, Customer? customer = null) => Issued(Desk.NewLicense(NewLicense(token, customer)));

    /// <summary>The issued license of <paramref name="result"/>, whose signed text verifies as its document.</summary>
    public IssuedLicense Issued(IssueResult result)
    {
        Assert.True(result.IsIssued, result.ToString());
        Assert.Null(result.Refusal);
        var verified = new LicenseVerifier(TestLicenses.Trusted, Clock).Verify(result.License.Text);
        Assert.True(verified.IsGenuine, verified.Reason);
        Assert.Equal(result.License.License.Serial, verified.License.Serial);
        Assert.Equal(result.License.License.Serial, result.License.Entry.Serial);
        return result.License;
    }

    /// <summary>Runs an operation that must be refused with <paramref name="code"/>, and checks it left no record and no reservation.</summary>
    public Refusal Refused(RefusalCode code, Func<IssuingDesk, IssueResult> operation)
    {
        var issuedBefore = Ledger.CountIssued();

        var result = operation(Desk);

        Assert.False(result.IsIssued, result.ToString());
        Assert.Null(result.License);
        Assert.Equal(code, result.Refusal.Code);
        Assert.Equal(issuedBefore, Ledger.CountIssued());
        Assert.Equal(0, Ledger.CountReserved());
        return result.Refusal;
    }

    public void Dispose()
    {
        Ledger.Dispose();
        _folder.Dispose();
    }
}
