using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Runtime;

/// <summary>
/// A crash at any point of an install leaves either the old or the new license installed and valid:
/// the install is interrupted before each of its steps in turn, then Motion restarts.
/// </summary>
public sealed class InterruptedInstallTests
{
    private sealed class SimulatedCrash : Exception
    {
    }

    public static TheoryData<string> Steps()
    {
        // Record the steps of a real install, so a new step is covered without editing this list.
        using var motion = new LicensingHarness();
        motion.Start().Install(motion.License(agents: 10));
        var steps = new List<string>();
        motion.CrashBeforeStep = steps.Add;
        motion.Clock.Advance(TimeSpan.FromHours(1));
        motion.Start().Install(motion.License(agents: 20));
        return [.. steps.Distinct()];
    }

    [Fact]
    public void An_install_has_the_expected_steps()
    {
        Assert.Equal(["write-new", "record-pending", "rename-state", "keep-previous", "rename-previous", "rename-into-place", "record-installed"], Steps().Select(row => (string)row.Data));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_crash_before_any_step_leaves_the_old_or_the_new_license_installed_and_valid(string step)
    {
        using var motion = new LicensingHarness();
        motion.Start().Install(motion.License(agents: 10));
        motion.Clock.Advance(TimeSpan.FromHours(1));
        var newLicense = motion.License(agents: 20);

        var seen = 0;
        motion.CrashBeforeStep = name =>
        {
            // "rename-state" happens twice (pending, then installed): crash at each occurrence in turn.
            if (name == step && seen++ == 0)
            {
                throw new SimulatedCrash();
            }
        };
        Assert.Throws<SimulatedCrash>(() => motion.Start().Install(newLicense));

        motion.CrashBeforeStep = null;
        var restarted = motion.Start();

        Assert.Equal(LicenseState.Active, restarted.State);
        Assert.Contains(restarted.Entitlements.Staff.Agents, new[] { 10, 20 });
        Assert.DoesNotContain(Directory.EnumerateFiles(motion.StateDirectory), f => f.EndsWith(".tmp", StringComparison.Ordinal));

        // Whatever survived, the install can be completed and the state stays consistent across another restart.
        var again = restarted.Install(newLicense);
        Assert.True(again.Accepted, again.Message);
        Assert.Equal(20, motion.Start().Entitlements.Staff.Agents);
        Assert.Equal(LicenseState.Active, motion.Start().State);
    }

    [Fact]
    public void A_crash_at_the_second_state_write_completes_the_install_on_restart()
    {
        using var motion = new LicensingHarness();
        motion.Start().Install(motion.License(agents: 10));
        motion.Clock.Advance(TimeSpan.FromHours(1));
        var renames = 0;
        motion.CrashBeforeStep = name =>
        {
            if (name == "rename-state" && ++renames == 2)
            {
                throw new SimulatedCrash();
            }
        };

        Assert.Throws<SimulatedCrash>(() => motion.Start().Install(motion.License(agents: 20)));
        motion.CrashBeforeStep = null;
        var restarted = motion.Start();

        Assert.Equal(LicenseState.Active, restarted.State);
        Assert.Equal(20, restarted.Entitlements.Staff.Agents);
        Assert.Contains("completed-after-restart", System.Text.Encoding.UTF8.GetString(restarted.ExportLog()), StringComparison.Ordinal);
    }
}
