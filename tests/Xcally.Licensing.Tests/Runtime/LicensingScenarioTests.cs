using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Runtime;

/// <summary>Motion's life with a license, through restarts, with a fake clock and a fake token source.</summary>
public sealed class LicensingScenarioTests : IDisposable
{
    private readonly LicensingHarness _motion = new();

    public void Dispose() => _motion.Dispose();

    private void Days(double days) => _motion.Clock.Advance(TimeSpan.FromDays(days));

    [Fact]
    public void A_fresh_install_is_unlicensed_with_trial_entitlements_until_a_license_is_pasted()
    {
        var service = _motion.Start();

        Assert.Equal(LicenseState.Unlicensed, service.State);
        Assert.Same(LicensingHarness.TrialEntitlements, service.Entitlements);
        Assert.Contains("No license is installed", service.Status.Reason, StringComparison.Ordinal);

        var result = service.Install(_motion.License());

        Assert.Equal(LicenseInstallOutcome.Installed, result.Outcome);
        Assert.Equal(LicenseState.Active, service.State);
        Assert.Equal(25, service.Entitlements.Staff.Agents);
        Assert.True(service.Entitlements.Channels.Contains(Channel.WhatsApp));
        Assert.Equal(LicenseState.Active, _motion.Start().State);
    }

    [Fact]
    public void A_hardware_change_starts_a_grace_period_that_survives_restarts_then_trial_then_a_license_for_the_new_token()
    {
        _motion.Start().Install(_motion.License());
        _motion.Tokens.Current = LicensingHarness.ChangedNicToken;

        var day1 = _motion.Start();
        Assert.Equal(LicenseState.Grace, day1.State);
        Assert.Equal(7, day1.Status.GraceDaysLeft);
        Assert.Equal(["NetworkCards"], day1.Status.TokenDiff!.Changed);
        Assert.Equal(25, day1.Entitlements.Staff.Agents);
        var graceEnd = day1.Status.GraceEndsAt;

        for (var day = 2; day <= 7; day++)
        {
            Days(1);
            var restarted = _motion.Start();
            Assert.Equal(LicenseState.Grace, restarted.State);
            Assert.Equal(graceEnd, restarted.Status.GraceEndsAt);
            Assert.Equal(8 - day, restarted.Status.GraceDaysLeft);
        }

        Days(1);
        var trial = _motion.Start();
        Assert.Equal(LicenseState.Trial, trial.State);
        Assert.Same(LicensingHarness.TrialEntitlements, trial.Entitlements);
        Assert.Contains("grace period ended", trial.Status.Reason, StringComparison.Ordinal);

        var moved = trial.Install(_motion.License(LicensingHarness.ChangedNicToken, agents: 26));
        Assert.True(moved.Accepted, moved.Message);
        Assert.Equal(LicenseState.Active, trial.State);
        Assert.Equal(LicenseState.Active, _motion.Start().State);
    }

    [Fact]
    public void Reverting_the_change_ends_the_grace_period()
    {
        _motion.Start().Install(_motion.License());
        _motion.Tokens.Current = LicensingHarness.ChangedNicToken;
        var service = _motion.Start();
        Assert.Equal(LicenseState.Grace, service.State);

        _motion.Tokens.Current = LicensingHarness.ServerToken;
        Days(2);

        Assert.Equal(LicenseState.Active, service.Revalidate().State);
        Assert.Null(service.Status.GraceEndsAt);
    }

    [Fact]
    public void A_token_that_looks_like_another_server_gets_no_grace()
    {
        _motion.Start().Install(_motion.License());
        _motion.Tokens.Current = LicensingHarness.ClonedServerToken;

        var service = _motion.Start();

        Assert.Equal(LicenseState.Trial, service.State);
        Assert.Equal("DifferentServer", service.Status.TokenDiff!.Verdict);
        Assert.Contains("another server", service.Status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_gives_the_licenses_grace_days_then_trial_and_a_renewal_restores_active()
    {
        var service = _motion.Start();
        service.Install(_motion.License(days: 30));

        Days(31);
        Assert.Equal(LicenseState.Grace, service.Revalidate().State);
        Assert.Equal(6, service.Status.GraceDaysLeft);
        Assert.Contains("expired", service.Status.Reason, StringComparison.Ordinal);

        Days(7);
        Assert.Equal(LicenseState.Trial, service.Revalidate().State);

        var renewed = service.Install(_motion.License(days: 30, agents: 30));
        Assert.True(renewed.Accepted, renewed.Message);
        Assert.Equal(LicenseState.Active, service.State);
        Assert.Equal(30, service.Entitlements.Staff.Agents);
    }

    [Fact]
    public void An_older_license_is_refused_even_though_genuine_and_the_same_license_again_changes_nothing()
    {
        var service = _motion.Start();
        var older = _motion.License(agents: 10);
        Days(1);
        var newer = _motion.License(agents: 20);
        Assert.True(service.Install(newer).Accepted);
        var before = _motion.Snapshot();

        var refused = service.Install(older);
        var again = service.Install(newer);

        Assert.Equal(LicenseInstallOutcome.Older, refused.Outcome);
        Assert.Contains("before the license installed here", refused.Message, StringComparison.Ordinal);
        Assert.Equal(LicenseInstallOutcome.AlreadyInstalled, again.Outcome);
        Assert.Equal(before, _motion.Snapshot());
        Assert.Equal(20, service.Entitlements.Staff.Agents);
    }

    [Fact]
    public void A_license_for_another_token_is_refused_with_the_token_diff_and_nothing_changes()
    {
        var service = _motion.Start();
        service.Install(_motion.License());
        var before = _motion.Snapshot();

        var result = service.Install(_motion.License(LicensingHarness.ChangedNicToken, agents: 40));

        Assert.Equal(LicenseInstallOutcome.WrongToken, result.Outcome);
        Assert.Contains(LicensingHarness.ChangedNicToken.ToString(), result.Message, StringComparison.Ordinal);
        Assert.Contains("network cards", result.Message, StringComparison.Ordinal);
        Assert.Equal(before, _motion.Snapshot());
    }

    [Fact]
    public void A_license_not_yet_valid_is_refused_with_the_date_it_becomes_valid()
    {
        var service = _motion.Start();
        var result = service.Install(_motion.License(validFrom: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal(LicenseInstallOutcome.NotYetValid, result.Outcome);
        Assert.Contains("2026-12-01", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_motion.Snapshot().Keys, k => k.StartsWith("license.lic", StringComparison.Ordinal));
    }

    [Fact]
    public void A_forged_paste_is_refused_with_the_verifiers_reason()
    {
        var service = _motion.Start();
        var forged = TestLicenses.ForeignKey.Issue(TestLicenses.Subscription with { Token = LicensingHarness.ServerToken.ToString() });

        var result = service.Install(forged);

        Assert.Equal(LicenseInstallOutcome.NotGenuine, result.Outcome);
        Assert.Contains("key", result.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(LicenseState.Unlicensed, service.State);
    }

    [Fact]
    public void A_deactivation_cannot_be_undone_by_pasting_the_old_license_nor_by_restarting()
    {
        var service = _motion.Start();
        var subscription = _motion.License();
        service.Install(subscription);
        Days(1);

        Assert.True(service.Install(_motion.License(kind: LicenseKind.Deactivation)).Accepted);
        Assert.Equal(LicenseState.Deactivated, service.State);
        Assert.Same(LicensingHarness.TrialEntitlements, service.Entitlements);

        Assert.Equal(LicenseInstallOutcome.Older, service.Install(subscription).Outcome);
        Assert.Equal(LicenseState.Deactivated, _motion.Start().State);
    }

    [Fact]
    public void Setting_the_clock_back_is_logged_and_gains_nothing()
    {
        var service = _motion.Start();
        service.Install(_motion.License(days: 30));
        Days(32);
        Assert.Equal(5, service.Revalidate().GraceDaysLeft);

        _motion.Clock.SetUtcNow(_motion.Clock.GetUtcNow().AddDays(-20));
        var restarted = _motion.Start();

        Assert.Equal(LicenseState.Grace, restarted.State);
        Assert.Equal(5, restarted.Status.GraceDaysLeft);
        Assert.Contains("\"event\":\"clock\"", System.Text.Encoding.UTF8.GetString(restarted.ExportLog()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edited")]
    [InlineData("deleted")]
    [InlineData("restored")]
    public void Tampering_with_the_stored_state_never_extends_a_grace_period(string tampering)
    {
        _motion.Start().Install(_motion.License());
        var oldState = File.ReadAllBytes(_motion.PathOf("state.json"));
        _motion.Tokens.Current = LicensingHarness.ChangedNicToken;
        _motion.Start();
        Days(6);
        Assert.Equal(LicenseState.Grace, _motion.Start().State);

        switch (tampering)
        {
            case "edited":
                File.WriteAllText(_motion.PathOf("state.json"), File.ReadAllText(_motion.PathOf("state.json")).Replace("2026-11-23", "2026-11-29", StringComparison.Ordinal));
                break;
            case "deleted":
                File.Delete(_motion.PathOf("state.json"));
                break;
            default:
                File.WriteAllBytes(_motion.PathOf("state.json"), oldState);
                break;
        }

        var afterTampering = _motion.Start();

        Assert.Equal(LicenseState.Trial, afterTampering.State);
        Assert.Contains("no grace period is available", afterTampering.Status.Reason, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"tamper\"", System.Text.Encoding.UTF8.GetString(afterTampering.ExportLog()), StringComparison.Ordinal);
        Assert.Equal(LicenseState.Trial, _motion.Start().State);
    }

    [Fact]
    public void Restoring_an_old_license_file_by_hand_is_detected_as_invalid()
    {
        var service = _motion.Start();
        var first = _motion.License(agents: 10);
        service.Install(first);
        Days(1);
        service.Install(_motion.License(agents: 20));

        File.WriteAllText(_motion.PathOf("license.lic"), first);

        var restarted = _motion.Start();
        Assert.Equal(LicenseState.Invalid, restarted.State);
        Assert.Contains("replaced or edited outside Motion", restarted.Status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupted_installed_file_or_a_key_no_longer_trusted_makes_the_state_invalid()
    {
        _motion.Start().Install(_motion.License());

        _motion.TrustedKeys = new TrustedKeys([TestLicenses.ForeignKey.PublicKey]);
        var untrusted = _motion.Start();
        Assert.Equal(LicenseState.Invalid, untrusted.State);
        Assert.Contains("trust", untrusted.Status.Reason, StringComparison.OrdinalIgnoreCase);

        _motion.TrustedKeys = TestLicenses.Trusted;
        var bytes = File.ReadAllBytes(_motion.PathOf("license.lic"));
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(_motion.PathOf("license.lic"), bytes);
        Assert.Equal(LicenseState.Invalid, _motion.Start().State);
    }

    [Fact]
    public void Each_state_change_raises_an_event_with_the_status_before_and_after()
    {
        var service = _motion.Start();
        var changes = new List<(LicenseState From, LicenseState To)>();
        service.StateChanged += (_, e) => changes.Add((e.Previous.State, e.Current.State));

        service.Install(_motion.License(days: 10));
        Days(11);
        service.Revalidate();
        Days(8);
        service.Revalidate();

        Assert.Equal([(LicenseState.Unlicensed, LicenseState.Active), (LicenseState.Active, LicenseState.Grace), (LicenseState.Grace, LicenseState.Trial)], changes);
    }

    [Fact]
    public void Without_a_computable_token_the_license_runs_in_grace_with_the_reason()
    {
        _motion.Start().Install(_motion.License());
        _motion.Tokens.Current = null;

        var service = _motion.Start();

        Assert.Equal(LicenseState.Grace, service.State);
        Assert.Contains("could not be compared", service.Status.Reason, StringComparison.Ordinal);
    }
}
