using System.Text;
using Xcally.Licensing.Seats;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Seats;

/// <summary>Seats with the contract's meaning: concurrent leases, named assignments, limits that follow the license state, shrinks that cut nothing.</summary>
public sealed class LicenseSeatsTests : IDisposable
{
    private readonly LicensingHarness _motion = new();

    public void Dispose() => _motion.Dispose();

    [Fact]
    public void Concurrent_agents_are_leased_up_to_the_licensed_count_and_then_refused_with_a_reason()
    {
        var licensing = Licensed(agents: 5);

        var leases = Enumerable.Range(0, 5).Select(i => licensing.Seats.TryAcquire(SeatPool.Agents, $"agent-{i}").EnsureAcquired()).ToList();
        var sixth = licensing.Seats.TryAcquire(SeatPool.Agents, "agent-5");

        Assert.False(sixth.Acquired);
        Assert.Equal(SeatOutcome.Full, sixth.Outcome);
        Assert.Equal("All 5 licensed concurrent agents are signed in. Sign one out or extend the license.", sixth.Reason);
        Assert.Equal(5, licensing.Seats.Usage(SeatPool.Agents).InUse);
        Assert.True(leases[0].Release());
        Assert.True(licensing.Seats.TryAcquire(SeatPool.Agents, "agent-5").Acquired);
    }

    [Fact]
    public void Releasing_a_lease_twice_returns_its_seat_once()
    {
        var licensing = Licensed(agents: 5);
        var lease = licensing.Seats.TryAcquire(SeatPool.Agents, "agent").EnsureAcquired();

        var first = lease.Release();
        var second = lease.Release();
        lease.Dispose();

        Assert.True(first);
        Assert.False(second);
        Assert.True(lease.IsReleased);
        Assert.Equal(0, licensing.Seats.Usage(SeatPool.Agents).InUse);
    }

    [Fact]
    public void A_refused_seat_throws_only_when_the_caller_asks_for_the_throwing_form()
    {
        var licensing = Licensed(agents: 5);
        for (var i = 0; i < 5; i++)
        {
            licensing.Seats.TryAcquire(SeatPool.Agents, $"agent-{i}");
        }

        var refused = licensing.Seats.TryAcquire(SeatPool.Agents, "one too many");
        var error = Assert.Throws<InvalidOperationException>(() => refused.EnsureAcquired());

        Assert.Equal(refused.Reason, error.Message);
    }

    [Fact]
    public void Unlicensed_the_trials_counts_apply_and_the_reason_says_so()
    {
        var licensing = _motion.Start();

        var first = licensing.Seats.TryAcquire(SeatPool.Agents, "a");
        var second = licensing.Seats.TryAcquire(SeatPool.Agents, "b");
        var third = licensing.Seats.TryAcquire(SeatPool.Agents, "c");
        var mobile = licensing.Seats.TryAssign(SeatPool.MobileAgents, "m");

        Assert.True(first.Acquired && second.Acquired);
        Assert.Equal("Unlicensed, XCALLY Motion allows 2 concurrent agents, and all are signed in. Sign one out, or install a valid license.", third.Reason);
        Assert.Equal(SeatOutcome.NotLicensed, mobile.Outcome);
        Assert.Equal("Unlicensed, XCALLY Motion allows no mobile agents. Install a valid license to use them.", mobile.Reason);
    }

    [Fact]
    public void A_smaller_license_cuts_no_agent_but_refuses_new_ones_and_says_since_when_it_is_over()
    {
        var licensing = Licensed(agents: 9);
        var changes = new List<SeatLimitEventArgs>();
        licensing.Seats.LimitChanged += (_, e) => changes.Add(e);
        var leases = Enumerable.Range(0, 7).Select(i => licensing.Seats.TryAcquire(SeatPool.Agents, $"agent-{i}").EnsureAcquired()).ToList();
        _motion.Clock.Advance(TimeSpan.FromHours(1));

        Assert.True(licensing.Install(_motion.License(agents: 5)).Accepted);
        var refused = licensing.Seats.TryAcquire(SeatPool.Agents, "agent-7");
        var usage = licensing.Seats.Usage(SeatPool.Agents);

        Assert.All(leases, l => Assert.False(l.IsReleased));
        Assert.Equal(SeatOutcome.OverLimit, refused.Outcome);
        Assert.Equal("7 concurrent agents are signed in and the license allows 5 (over the limit since 23 November 2026 13:00 UTC): no more until 3 sign out, or the license is extended.", refused.Reason);
        Assert.Equal("agents: 7 in use, 5 licensed, over the limit since 23 November 2026 13:00 UTC", usage.Message);
        Assert.Equal(usage, licensing.Status.Seats!.Single(s => s.Pool == SeatPool.Agents));
        var over = Assert.Single(changes);
        Assert.True(over.OverLimit);
        Assert.Contains("\"change\":\"over-limit\"", File.ReadAllText(_motion.PathOf("license.log")), StringComparison.Ordinal);

        leases[0].Release();
        Assert.Equal(SeatOutcome.OverLimit, licensing.Seats.TryAcquire(SeatPool.Agents, "agent-7").Outcome);
        Assert.Single(changes);

        leases[1].Release();

        Assert.Equal(2, changes.Count);
        Assert.False(changes[1].OverLimit);
        Assert.Null(licensing.Seats.Usage(SeatPool.Agents).OverLimitSince);
        Assert.Equal(SeatOutcome.Full, licensing.Seats.TryAcquire(SeatPool.Agents, "agent-7").Outcome);
        Assert.Contains("\"change\":\"within-limit\"", File.ReadAllText(_motion.PathOf("license.log")), StringComparison.Ordinal);

        leases[2].Release();

        Assert.True(licensing.Seats.TryAcquire(SeatPool.Agents, "agent-7").Acquired);
    }

    [Fact]
    public void Named_seats_survive_a_restart_in_the_order_they_were_assigned()
    {
        var licensing = Licensed(mobileAgents: 4);
        Assert.Equal(SeatOutcome.Assigned, licensing.Seats.TryAssign(SeatPool.MobileAgents, "ann").Outcome);
        Assert.Equal(SeatOutcome.Assigned, licensing.Seats.TryAssign(SeatPool.MobileAgents, "bob").Outcome);
        Assert.Equal(SeatOutcome.AlreadyAssigned, licensing.Seats.TryAssign(SeatPool.MobileAgents, "ann").Outcome);

        var restarted = _motion.Start();

        Assert.Equal(["ann", "bob"], restarted.Seats.AssignedAccounts(SeatPool.MobileAgents));
        Assert.True(restarted.Seats.IsInForce(SeatPool.MobileAgents, "bob"));
        Assert.Equal(SeatOutcome.Unassigned, restarted.Seats.Unassign(SeatPool.MobileAgents, "ann").Outcome);
        Assert.Equal(SeatOutcome.NotAssigned, restarted.Seats.Unassign(SeatPool.MobileAgents, "ann").Outcome);
        Assert.Equal(["bob"], _motion.Start().Seats.AssignedAccounts(SeatPool.MobileAgents));
    }

    [Fact]
    public void After_a_shrink_the_earliest_assigned_named_seats_stay_in_force()
    {
        var licensing = Licensed(mobileAgents: 4);
        foreach (var name in new[] { "ann", "bob", "cid", "dee" })
        {
            licensing.Seats.TryAssign(SeatPool.MobileAgents, name);
        }

        _motion.Clock.Advance(TimeSpan.FromHours(1));
        licensing.Install(_motion.License(mobileAgents: 2));

        Assert.True(licensing.Seats.IsInForce(SeatPool.MobileAgents, "ann"));
        Assert.True(licensing.Seats.IsInForce(SeatPool.MobileAgents, "bob"));
        Assert.False(licensing.Seats.IsInForce(SeatPool.MobileAgents, "cid"));
        Assert.False(licensing.Seats.IsInForce(SeatPool.MobileAgents, "dee"));
        var dee = licensing.Seats.TryAssign(SeatPool.MobileAgents, "dee");
        Assert.False(dee.InForce);
        Assert.Contains("not in force", dee.Reason, StringComparison.Ordinal);
        Assert.Equal(SeatOutcome.OverLimit, licensing.Seats.TryAssign(SeatPool.MobileAgents, "eve").Outcome);

        licensing.Seats.Unassign(SeatPool.MobileAgents, "ann");

        Assert.True(licensing.Seats.IsInForce(SeatPool.MobileAgents, "cid"));
        Assert.Equal("mobileAgents: 3 in use, 2 licensed, over the limit since 23 November 2026 13:00 UTC", _motion.Start().Seats.Usage(SeatPool.MobileAgents).Message);
    }

    [Fact]
    public void Trial_mode_after_expiry_limits_seats_to_the_trials_counts()
    {
        var licensing = Licensed(agents: 5, days: 10);
        var leases = Enumerable.Range(0, 4).Select(i => licensing.Seats.TryAcquire(SeatPool.Agents, $"agent-{i}").EnsureAcquired()).ToList();

        _motion.Clock.Advance(TimeSpan.FromDays(30));
        licensing.Revalidate();

        Assert.NotEqual(LicenseState.Active, licensing.State);
        Assert.Equal(2, licensing.Seats.Usage(SeatPool.Agents).Licensed);
        Assert.Equal(4, licensing.Seats.Usage(SeatPool.Agents).InUse);
        Assert.Equal(SeatOutcome.OverLimit, licensing.Seats.TryAcquire(SeatPool.Agents, "another").Outcome);
    }

    [Fact]
    public void A_seat_file_edited_by_hand_is_reported_and_its_assignments_kept()
    {
        var licensing = Licensed();
        licensing.Seats.TryAssign(SeatPool.MobileAgents, "ann");
        var path = _motion.PathOf(SeatStore.FileName);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"ann\"", "\"bob\"", StringComparison.Ordinal));

        var restarted = _motion.Start();

        Assert.Equal(["bob"], restarted.Seats.AssignedAccounts(SeatPool.MobileAgents));
        Assert.Contains("the saved named seats are edited by hand", File.ReadAllText(_motion.PathOf("license.log")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreadable_seat_file_is_kept_aside_before_anything_replaces_it()
    {
        Licensed();
        var path = _motion.PathOf(SeatStore.FileName);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes("{\"seats\": trunc"));

        var restarted = _motion.Start();
        restarted.Seats.TryAssign(SeatPool.MobileAgents, "ann");

        Assert.Equal("{\"seats\": trunc", File.ReadAllText(path + ".unreadable"));
        Assert.Equal(["ann"], _motion.Start().Seats.AssignedAccounts(SeatPool.MobileAgents));
    }

    [Theory]
    [InlineData("write-seats")]
    [InlineData("rename-seats")]
    public void A_crash_while_saving_an_assignment_leaves_the_assignments_before_it(string step)
    {
        var licensing = Licensed();
        licensing.Seats.TryAssign(SeatPool.MobileAgents, "ann");
        _motion.CrashBeforeStep = s => { if (s == step) { throw new SimulatedCrash(); } };
        var crashing = _motion.Start();

        Assert.Throws<SimulatedCrash>(() => crashing.Seats.TryAssign(SeatPool.MobileAgents, "bob"));
        _motion.CrashBeforeStep = null;
        var restarted = _motion.Start();

        Assert.Equal(["ann"], restarted.Seats.AssignedAccounts(SeatPool.MobileAgents));
        Assert.Empty(Directory.EnumerateFiles(_motion.StateDirectory, ".*.tmp"));
    }

    [Fact]
    public void When_the_seats_cannot_be_saved_the_assignment_is_refused_and_nothing_changes()
    {
        var licensing = Licensed();
        Directory.CreateDirectory(_motion.PathOf(SeatStore.FileName));

        var refused = licensing.Seats.TryAssign(SeatPool.MobileAgents, "ann");

        Assert.Equal(SeatOutcome.StorageFailed, refused.Outcome);
        Assert.StartsWith("The named seats could not be saved in the licensing state directory", refused.Reason, StringComparison.Ordinal);
        Assert.Empty(licensing.Seats.AssignedAccounts(SeatPool.MobileAgents));
    }

    [Fact]
    public void Misuse_throws_a_named_pool_leased_a_concurrent_pool_assigned_or_an_empty_id()
    {
        var seats = Licensed().Seats;

        Assert.Contains("named pool", Assert.Throws<ArgumentException>(() => seats.TryAcquire(SeatPool.Users, "u")).Message, StringComparison.Ordinal);
        Assert.Contains("concurrent pool", Assert.Throws<ArgumentException>(() => seats.TryAssign(SeatPool.Agents, "a")).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => seats.TryAcquire(SeatPool.Agents, string.Empty));
        Assert.Throws<ArgumentException>(() => seats.TryAssign(SeatPool.Users, " "));
        Assert.Throws<ArgumentException>(() => seats.TryAssign(SeatPool.Users, "line\nbreak"));
        Assert.Throws<ArgumentException>(() => seats.TryAssign(SeatPool.Users, new string('x', 257)));
        Assert.Throws<ArgumentOutOfRangeException>(() => seats.Usage((SeatPool)99));
    }

    [Fact]
    public void The_status_lists_every_pool_in_use_and_licensed()
    {
        var licensing = Licensed(agents: 5);
        licensing.Seats.TryAcquire(SeatPool.Agents, "a");
        licensing.Seats.TryAssign(SeatPool.Users, "u");

        var seats = licensing.Status.Seats!;

        Assert.Equal(7, seats.Count);
        Assert.Equal((1, 5, true), (seats[0].InUse, seats[0].Licensed, seats[0].Concurrent));
        var users = seats.Single(s => s.Pool == SeatPool.Users);
        Assert.Equal((1, 12, false), (users.InUse, users.Licensed, users.Concurrent));
        Assert.Contains("\"seats\":[{\"pool\":\"Agents\",\"concurrent\":true,\"inUse\":1,\"licensed\":5}", Encoding.UTF8.GetString(licensing.ExportLog()), StringComparison.Ordinal);
    }

    private LicensingService Licensed(int agents = 25, int mobileAgents = 4, int days = 365)
    {
        var licensing = _motion.Start();
        Assert.True(licensing.Install(_motion.License(agents: agents, mobileAgents: mobileAgents, days: days)).Accepted);
        return licensing;
    }

    private sealed class SimulatedCrash : Exception;
}
