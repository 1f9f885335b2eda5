using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xcally.Licensing.Seats;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Seats;

/// <summary>
/// Model-based tests of the seats: random sequences of leases taken and released (some twice), named
/// seats assigned and unassigned, licenses installed (larger and smaller), expiry into trial mode,
/// restarts and crashes while saving drive the real service over a real state directory; after every
/// step its seats must be what a small model says: no lease beyond the limit in force when it was
/// taken, no lease lost or counted twice, named seats kept across restarts and crashes, and the
/// earliest assigned in force.
/// </summary>
public sealed class SeatModelProperties
{
    private static readonly SeatPool[] s_concurrent = [SeatPool.Agents, SeatPool.IvrChannels];
    private static readonly SeatPool[] s_named = [SeatPool.MobileAgents, SeatPool.Users];

    public abstract record Step
    {
        public sealed record Acquire(int Pool, int Holder) : Step;

        /// <summary>Releases the lease taken <paramref name="Index"/>-th (modulo those taken), whether or not it was released before.</summary>
        public sealed record Release(int Index) : Step;

        public sealed record Assign(int Pool, int Account) : Step;

        public sealed record Unassign(int Pool, int Account) : Step;

        public sealed record Install(int Agents, int MobileAgents) : Step;

        public sealed record Expire : Step;

        public sealed record Restart : Step;

        /// <summary>An assignment interrupted at a step of its save (0: before writing, 1: before the rename), then a restart.</summary>
        public sealed record CrashWhileAssigning(int Pool, int Account, int At) : Step;
    }

    public static Arbitrary<Step[]> Steps()
    {
        var step = Gen.Frequency(
            (8, from pool in Gen.Choose(0, 1) from holder in Gen.Choose(0, 20) select (Step)new Step.Acquire(pool, holder)),
            (6, Gen.Choose(0, 1000).Select(i => (Step)new Step.Release(i))),
            (5, from pool in Gen.Choose(0, 1) from account in Gen.Choose(0, 9) select (Step)new Step.Assign(pool, account)),
            (3, from pool in Gen.Choose(0, 1) from account in Gen.Choose(0, 9) select (Step)new Step.Unassign(pool, account)),
            (2, from agents in Gen.Choose(5, 9) from mobile in Gen.Choose(0, 6) select (Step)new Step.Install(agents, mobile)),
            (1, Gen.Constant((Step)new Step.Expire())),
            (1, Gen.Constant((Step)new Step.Restart())),
            (1, from pool in Gen.Choose(0, 1) from account in Gen.Choose(0, 9) from at in Gen.Choose(0, 1) select (Step)new Step.CrashWhileAssigning(pool, account, at)));
        return Gen.Choose(1, 60).SelectMany(n => Gen.ArrayOf(step, n)).ToArbitrary();
    }

    [Property(Arbitrary = [typeof(SeatModelProperties)], MaxTest = 60)]
    public void The_seats_follow_the_model_through_any_sequence_of_events(Step[] steps)
    {
        using var harness = new LicensingHarness();
        var service = harness.Start();
        var model = new Model();
        var leases = new List<SeatLease>();
        Compare(model, service, "start");

        for (var i = 0; i < steps.Length; i++)
        {
            var where = $"step {i} ({steps[i]})";
            switch (steps[i])
            {
                case Step.Acquire(var p, var holder):
                {
                    var pool = s_concurrent[p];
                    var limit = SeatPools.LimitOf(pool, service.Entitlements);
                    var expected = model.InUse[pool] < limit;
                    var acquired = service.Seats.TryAcquire(pool, $"holder-{holder}");
                    Assert.True(expected == acquired.Acquired, $"{where}: {model.InUse[pool]} in use, limit {limit}, acquired {acquired.Acquired} ({acquired.Reason})");
                    if (acquired.Acquired)
                    {
                        model.InUse[pool]++;
                        leases.Add(acquired.Lease);
                        model.Leases.Add((pool, service));
                    }
                    else
                    {
                        Assert.False(string.IsNullOrWhiteSpace(acquired.Reason), where);
                    }

                    break;
                }

                case Step.Release(var index) when leases.Count > 0:
                {
                    var at = index % leases.Count;
                    var firstTime = !leases[at].IsReleased;
                    Assert.Equal(firstTime, leases[at].Release());
                    if (firstTime && ReferenceEquals(model.Leases[at].Owner, service))
                    {
                        model.InUse[model.Leases[at].Pool]--;
                    }

                    break;
                }

                case Step.Assign(var p, var account):
                {
                    var pool = s_named[p];
                    var assigned = model.Named[pool];
                    var limit = SeatPools.LimitOf(pool, service.Entitlements);
                    var result = service.Seats.TryAssign(pool, $"account-{account}");
                    var id = $"account-{account}";
                    if (assigned.Contains(id))
                    {
                        Assert.Equal(SeatOutcome.AlreadyAssigned, result.Outcome);
                        Assert.Equal(assigned.IndexOf(id) < limit, result.InForce);
                    }
                    else if (assigned.Count < limit)
                    {
                        Assert.Equal(SeatOutcome.Assigned, result.Outcome);
                        assigned.Add(id);
                    }
                    else
                    {
                        Assert.Contains(result.Outcome, new[] { SeatOutcome.Full, SeatOutcome.OverLimit, SeatOutcome.NotLicensed });
                    }

                    break;
                }

                case Step.Unassign(var p, var account):
                {
                    var pool = s_named[p];
                    var id = $"account-{account}";
                    var result = service.Seats.Unassign(pool, id);
                    Assert.Equal(model.Named[pool].Remove(id) ? SeatOutcome.Unassigned : SeatOutcome.NotAssigned, result.Outcome);
                    break;
                }

                case Step.Install(var agents, var mobile):
                    harness.Clock.Advance(TimeSpan.FromHours(1));
                    Assert.True(service.Install(harness.License(agents: agents, mobileAgents: mobile, days: 30)).Accepted, where);
                    break;

                case Step.Expire:
                    harness.Clock.Advance(TimeSpan.FromDays(60));
                    service.Revalidate();
                    break;

                case Step.Restart:
                    service = harness.Start();
                    model.Restarted();
                    break;

                case Step.CrashWhileAssigning(var p, var account, var at):
                {
                    var crashAt = at == 0 ? "write-seats" : "rename-seats";
                    var pool = s_named[p];
                    var id = $"account-{account}";
                    var willSave = !model.Named[pool].Contains(id) && model.Named[pool].Count < SeatPools.LimitOf(pool, service.Entitlements);
                    service.Seats.Store.BeforeStep = s => { if (s == crashAt) { throw new SimulatedCrash(); } };
                    try
                    {
                        if (willSave)
                        {
                            Assert.Throws<SimulatedCrash>(() => service.Seats.TryAssign(pool, id));
                        }
                        else
                        {
                            Assert.NotEqual(SeatOutcome.Assigned, service.Seats.TryAssign(pool, id).Outcome);
                        }
                    }
                    finally
                    {
                        service.Seats.Store.BeforeStep = null;
                    }

                    service = harness.Start();
                    model.Restarted();
                    break;
                }
            }

            Compare(model, service, where);
        }
    }

    private static void Compare(Model model, LicensingService service, string where)
    {
        foreach (var pool in s_concurrent)
        {
            var usage = service.Seats.Usage(pool);
            Assert.True(model.InUse[pool] == usage.InUse, $"{where}: {pool} in use {usage.InUse}, model {model.InUse[pool]}");
            Assert.Equal(SeatPools.LimitOf(pool, service.Entitlements), usage.Licensed);
            Assert.Equal(usage.InUse > usage.Licensed, usage.OverLimitSince is not null);
        }

        foreach (var pool in s_named)
        {
            var assigned = service.Seats.AssignedAccounts(pool);
            Assert.True(model.Named[pool].SequenceEqual(assigned), $"{where}: {pool} [{string.Join(",", assigned)}], model [{string.Join(",", model.Named[pool])}]");
            var limit = SeatPools.LimitOf(pool, service.Entitlements);
            for (var i = 0; i < assigned.Count; i++)
            {
                Assert.Equal(i < limit, service.Seats.IsInForce(pool, assigned[i]));
            }

            Assert.Equal(assigned.Count > limit, service.Seats.Usage(pool).OverLimitSince is not null);
        }
    }

    private sealed class Model
    {
        public Dictionary<SeatPool, int> InUse { get; } = s_concurrent.ToDictionary(p => p, _ => 0);

        public Dictionary<SeatPool, List<string>> Named { get; } = s_named.ToDictionary(p => p, _ => new List<string>());

        /// <summary>Every lease taken, with the service that granted it: after a restart, releasing an old one frees nothing in the new.</summary>
        public List<(SeatPool Pool, LicensingService Owner)> Leases { get; } = [];

        /// <summary>Leases live in the process and end with it; named seats are on disk and stay.</summary>
        public void Restarted()
        {
            foreach (var pool in s_concurrent)
            {
                InUse[pool] = 0;
            }
        }
    }

    private sealed class SimulatedCrash : Exception;
}
