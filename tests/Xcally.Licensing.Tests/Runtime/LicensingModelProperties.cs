using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Runtime;

/// <summary>
/// Model-based tests of the licensing policy: random sequences of what happens to a Motion server (time
/// passing, token changes, licenses pasted, the clock set back, the state file deleted or restored from
/// a copy, restarts) drive the real <see cref="LicensingService"/> over a real state directory, and after
/// every step its state must be what a small model of the rules in docs/integration.md says.
/// </summary>
public sealed class LicensingModelProperties
{
    public enum Paste
    {
        Newer,
        Older,
        NotYetValid,
        Expired,
        Deactivation,
        SameAgain,
    }

    public abstract record Step
    {
        public sealed record Advance(int Hours) : Step;

        public sealed record SetClockBack(int Hours) : Step;

        /// <summary>0: the licensed server; 1: the same server with a new network card; 2: a different server (a clone).</summary>
        public sealed record SetToken(int Server) : Step;

        /// <summary>A license pasted; <paramref name="ForServer"/> -1 is for the server's current token.</summary>
        public sealed record Install(Paste Kind, int ForServer, int Agents) : Step;

        public sealed record Restart : Step;

        public sealed record CopyState : Step;

        public sealed record RestoreStateCopy : Step;

        public sealed record DeleteState : Step;
    }

    public static Arbitrary<Step[]> Steps()
    {
        var step = Gen.Frequency(
            (6, Gen.Choose(1, 240).Select(h => (Step)new Step.Advance(h))),
            (1, Gen.Choose(1, 72).Select(h => (Step)new Step.SetClockBack(h))),
            (3, Gen.Choose(0, 2).Select(s => (Step)new Step.SetToken(s))),
            (6, from kind in Gen.Elements(Enum.GetValues<Paste>())
                from server in Gen.Frequency((4, Gen.Constant(-1)), (1, Gen.Choose(0, 2)))
                from agents in Gen.Choose(5, 9)
                select (Step)new Step.Install(kind, server, agents)),
            (2, Gen.Constant((Step)new Step.Restart())),
            (1, Gen.Constant((Step)new Step.CopyState())),
            (1, Gen.Constant((Step)new Step.RestoreStateCopy())),
            (1, Gen.Constant((Step)new Step.DeleteState())));
        return Gen.Choose(1, 30).SelectMany(n => Gen.ArrayOf(step, n)).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(LicensingModelProperties)], MaxTest = 60)]
    public void The_service_follows_the_model_of_the_rules_through_any_sequence_of_events(Step[] steps)
    {
        using var harness = new LicensingHarness();
        var model = new Model(harness.Clock.GetUtcNow());
        var service = harness.Start();
        model.Evaluate();
        Compare(model, service, "start");
        byte[]? stateCopy = null;

        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            switch (step)
            {
                case Step.Advance(var hours):
                    harness.Clock.Advance(TimeSpan.FromHours(hours));
                    model.Clock += TimeSpan.FromHours(hours);
                    break;
                case Step.SetClockBack(var hours):
                    harness.Clock.Advance(-TimeSpan.FromHours(hours));
                    model.Clock -= TimeSpan.FromHours(hours);
                    break;
                case Step.SetToken(var server):
                    harness.Tokens.Current = s_servers[server];
                    model.Server = server;
                    break;
                case Step.Install install:
                    var (text, license) = model.Prepare(install, harness);
                    var outcome = service.Install(text).Outcome;
                    var expected = model.Install(text, license);
                    if (outcome != expected)
                    {
                        throw new InvalidOperationException($"step {i} {step}: install was {outcome}, the model expects {expected}. {Describe(model, service)}");
                    }

                    break;
                case Step.Restart:
                    service = harness.Start();
                    break;
                case Step.CopyState:
                    stateCopy = File.Exists(service.Store.StatePath) ? File.ReadAllBytes(service.Store.StatePath) : null;
                    break;
                case Step.RestoreStateCopy when stateCopy is not null:
                    // The clock is put right first: the model does not follow what the log alone remembers of time.
                    model.PutClockRight(harness);
                    var same = File.ReadAllBytes(service.Store.StatePath).AsSpan().SequenceEqual(stateCopy);
                    File.WriteAllBytes(service.Store.StatePath, stateCopy);
                    service = harness.Start();
                    if (!same)
                    {
                        model.StateLost();
                    }

                    break;
                case Step.DeleteState:
                    model.PutClockRight(harness);
                    File.Delete(service.Store.StatePath);
                    service = harness.Start();
                    model.StateLost();
                    break;
            }

            service.Revalidate();
            model.Evaluate();
            Compare(model, service, $"step {i} {step}");
        }
    }

    private static readonly InstallationToken[] s_servers =
        [LicensingHarness.ServerToken, LicensingHarness.ChangedNicToken, LicensingHarness.ClonedServerToken];

    private static void Compare(Model model, LicensingService service, string after)
    {
        var status = service.Status;
        if (status.State != model.State || (model.State == LicenseState.Grace && status.GraceEndsAt != model.GraceEndsAt))
        {
            throw new InvalidOperationException($"after {after}: {Describe(model, service)}");
        }
    }

    private static string Describe(Model model, LicensingService service) =>
        $"service: {service.Status.State} (grace ends {service.Status.GraceEndsAt:O}; {service.Status.Reason}); model: {model.State} (grace ends {model.GraceEndsAt:O}; now {model.LatestSeen:O}, license {model.Installed}, grace started {model.GraceStartedAt:O}, forfeited {model.Forfeited})";

    /// <summary>The rules of docs/integration.md, written as plainly as they read.</summary>
    private sealed class Model(DateTimeOffset clock)
    {
        private const int GraceDays = 7;
        private string? _installedText;

        public DateTimeOffset Clock { get; set; } = clock;

        public DateTimeOffset LatestSeen { get; private set; } = clock;

        public int Server { get; set; }

        public License? Installed { get; private set; }

        public DateTimeOffset? NewestIssuedAt { get; private set; }

        public DateTimeOffset? GraceStartedAt { get; private set; }

        public bool Forfeited { get; private set; }

        public LicenseState State { get; private set; }

        public DateTimeOffset? GraceEndsAt { get; private set; }

        /// <summary>The clock can be set back, but time as the rules see it never goes back.</summary>
        private DateTimeOffset Now => Clock > LatestSeen ? Clock : LatestSeen;

        public (string Text, License License) Prepare(Step.Install install, LicensingHarness harness)
        {
            var now = Now;
            var server = install.ForServer < 0 ? Server : install.ForServer;
            if (install.Kind == Paste.SameAgain && _installedText is not null)
            {
                return (_installedText, Installed!);
            }

            var license = install.Kind switch
            {
                Paste.Older => new License(LicenseKind.Subscription, server, (NewestIssuedAt ?? now).AddDays(-1), (NewestIssuedAt ?? now).AddDays(-1), 30, install.Agents),
                Paste.NotYetValid => new License(LicenseKind.Subscription, server, now, now.AddDays(2), 30, install.Agents),
                Paste.Expired => new License(LicenseKind.Subscription, server, now.AddDays(-40), now.AddDays(-40), 30, install.Agents),
                Paste.Deactivation => new License(LicenseKind.Deactivation, server, now, now, 0, 0),
                _ => new License(LicenseKind.Subscription, server, now, now, 30, install.Agents),
            };
            var text = harness.License(s_servers[server], license.Days, license.IssuedAt, license.Kind, license.Kind == LicenseKind.Deactivation ? 25 : license.Agents, license.ValidFrom);
            return (text, license);
        }

        public LicenseInstallOutcome Install(string text, License license)
        {
            var now = Now;
            if (license.ValidFrom > now)
            {
                return LicenseInstallOutcome.NotYetValid;
            }

            if (license.ExpiresAt is { } expiresAt && expiresAt <= now)
            {
                return LicenseInstallOutcome.Expired;
            }

            if (text == _installedText)
            {
                return LicenseInstallOutcome.AlreadyInstalled;
            }

            if (Verdict(license.Server, Server) != TokenVerdict.Same)
            {
                return LicenseInstallOutcome.WrongToken;
            }

            if (NewestIssuedAt is { } newest && license.IssuedAt < newest)
            {
                return LicenseInstallOutcome.Older;
            }

            Installed = license;
            _installedText = text;
            NewestIssuedAt = NewestIssuedAt is { } n && n > license.IssuedAt ? n : license.IssuedAt;
            GraceStartedAt = null;
            Forfeited = false;
            LatestSeen = now;
            return LicenseInstallOutcome.Installed;
        }

        /// <summary>The state file is gone or is an old copy: what it remembered is lost, and grace with it.</summary>
        public void StateLost()
        {
            GraceStartedAt = null;
            Forfeited = Installed is not null;
            NewestIssuedAt = Installed?.IssuedAt;
        }

        public void PutClockRight(LicensingHarness harness)
        {
            if (Clock < LatestSeen)
            {
                harness.Clock.SetUtcNow(LatestSeen);
                Clock = LatestSeen;
            }
        }

        public void Evaluate()
        {
            var now = Now;
            LatestSeen = now;
            GraceEndsAt = null;
            if (Installed is not { } license)
            {
                State = LicenseState.Unlicensed;
                return;
            }

            if (license.Kind == LicenseKind.Deactivation)
            {
                State = LicenseState.Deactivated;
                return;
            }

            var verdict = Verdict(license.Server, Server);
            if (verdict == TokenVerdict.DifferentServer)
            {
                State = LicenseState.Trial;
                return;
            }

            DateTimeOffset? graceEnd = null;
            if (verdict == TokenVerdict.Same)
            {
                GraceStartedAt = null;
            }
            else
            {
                GraceStartedAt ??= now;
                graceEnd = GraceStartedAt.Value.AddDays(GraceDays);
            }

            if (license.ExpiresAt is { } expiresAt && now >= expiresAt)
            {
                var expiryGraceEnd = expiresAt.AddDays(GraceDays);
                graceEnd = graceEnd is null || expiryGraceEnd < graceEnd ? expiryGraceEnd : graceEnd;
            }

            if (graceEnd is null)
            {
                State = LicenseState.Active;
            }
            else if (!Forfeited && now < graceEnd)
            {
                State = LicenseState.Grace;
                GraceEndsAt = graceEnd;
            }
            else
            {
                State = LicenseState.Trial;
            }
        }

        private static TokenVerdict Verdict(int licensed, int current) =>
            licensed == current ? TokenVerdict.Same : InstallationToken.Compare(s_servers[licensed], s_servers[current]).Verdict;
    }

    private sealed record License(LicenseKind Kind, int Server, DateTimeOffset IssuedAt, DateTimeOffset ValidFrom, int Days, int Agents)
    {
        public DateTimeOffset? ExpiresAt => Kind == LicenseKind.Deactivation ? null : ValidFrom.AddDays(Days);
    }
}
