using Xcally.Licensing.Installation;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>
/// A Motion host in a box: a state directory, a fake clock and a fake token source that survive
/// "restarts" (each <see cref="Start"/> creates a new <see cref="LicensingService"/> over the same files).
/// </summary>
internal sealed class LicensingHarness : IDisposable
{
    public static readonly InstallationToken ServerToken = MakeToken(keyTag: 0x155, platform: 0x11111, nic: 0x22222, ip: 0x33333);
    public static readonly InstallationToken ChangedNicToken = MakeToken(keyTag: 0x155, platform: 0x11111, nic: 0x44444, ip: 0x33333);
    public static readonly InstallationToken ClonedServerToken = MakeToken(keyTag: 0x155, platform: 0x55555, nic: 0x66666, ip: 0x77777, disk: 0x12121);

    public static readonly LicenseEntitlements TrialEntitlements = new()
    {
        Staff = new StaffCounts(1, 1, 2, 1, 0),
        Channels = EntitlementSet<Channel>.Of(Channel.Voice),
    };

    private readonly TempFolder _folder = new();

    public LicensingHarness()
    {
        Clock = new AdjustableClock(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    }

    public AdjustableClock Clock { get; }

    public FakeTokenSource Tokens { get; } = new() { Current = ServerToken };

    public string StateDirectory => _folder.Path;

    public TrustedKeys TrustedKeys { get; set; } = TestLicenses.Trusted;

    public Action<string>? CrashBeforeStep { get; set; }

    public LicensingService Start()
    {
        var service = new LicensingService(
            new LicensingOptions { StateDirectory = StateDirectory },
            new LicensingHostSettings { TrustedKeys = TrustedKeys, TrialEntitlements = TrialEntitlements, TokenSource = Tokens },
            Clock);
        service.Store.BeforeStep = CrashBeforeStep;
        service.Seats.Store.BeforeStep = CrashBeforeStep;
        return service;
    }

    /// <summary>A subscription for <paramref name="token"/>, issued now, valid for <paramref name="days"/> days.</summary>
    public string License(InstallationToken? token = null, int days = 365, DateTimeOffset? issuedAt = null, LicenseKind kind = LicenseKind.Subscription, int agents = 25, DateTimeOffset? validFrom = null, int mobileAgents = 4)
    {
        var issued = issuedAt ?? Clock.GetUtcNow();
        var document = TestLicenses.Subscription with
        {
            Serial = 5000 + agents + (100 * mobileAgents),
            Kind = kind,
            IssuedAt = issued,
            ValidFrom = validFrom ?? issued,
            ExpiresAt = kind == LicenseKind.Deactivation ? null : (validFrom ?? issued).AddDays(days),
            Token = (token ?? ServerToken).ToString(),
            Staff = TestLicenses.Subscription.Staff with { Agents = agents, MobileAgents = mobileAgents },
        };
        if (kind == LicenseKind.Deactivation)
        {
            document = document with
            {
                Staff = StaffCounts.None, Channels = default, Modules = default, Sessions = SessionLimits.None, AddOns = default,
                Ai = default, Plugins = default, SoftwareUpdate = false, AppZone = false,
            };
        }

        return TestLicenses.Key.Issue(document);
    }

    public string PathOf(string name) => Path.Combine(StateDirectory, name);

    public IReadOnlyDictionary<string, byte[]> Snapshot() =>
        Directory.EnumerateFiles(StateDirectory).Where(f => !f.EndsWith(".log", StringComparison.Ordinal) && !f.EndsWith(".log.1", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes);

    public void Dispose() => _folder.Dispose();

    private static InstallationToken MakeToken(int keyTag, int platform, int nic, int ip, int disk = 0x0ABCD) =>
        InstallationToken.Create(TokenKeySource.MachineId, ServerEnvironment.BareMetal, PlatformTier.Uuid, keyTag,
            [0x0F0F0, platform, disk, nic, (8 << 10) | 0x2A, 16, 0x01234, ip]);

    /// <summary>A clock the test can move either way (the system clock can be set back; FakeTimeProvider cannot).</summary>
    internal sealed class AdjustableClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;

        public void SetUtcNow(DateTimeOffset value) => _now = value;
    }

    internal sealed class FakeTokenSource : IInstallationTokenSource
    {
        public InstallationToken? Current { get; set; }

        public InstallationTokenReading Read() => Current is null
            ? new InstallationTokenReading(InstallationTokenStatus.NoIdentity, "no identity (test)", null, ServerEnvironment.Unknown, "test", null, [])
            : new InstallationTokenReading(InstallationTokenStatus.Computed, null, Current, Current.Environment, "test", Current.KeySource, []);
    }
}
