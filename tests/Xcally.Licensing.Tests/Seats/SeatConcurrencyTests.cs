using System.Collections.Concurrent;
using System.Diagnostics;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Seats;

/// <summary>Many threads on one pool for a bounded time: never over the limit, every seat counted exactly once.</summary>
public sealed class SeatConcurrencyTests : IDisposable
{
    private const int Threads = 64;
    private static readonly TimeSpan s_duration = TimeSpan.FromMilliseconds(750);

    private readonly LicensingHarness _motion = new();

    public void Dispose() => _motion.Dispose();

    [Fact]
    public async Task Sixty_four_threads_acquiring_and_releasing_never_exceed_the_limit_and_leave_the_count_exact()
    {
        var licensing = Licensed(agents: 25);
        var seats = licensing.Seats;
        var acquired = new long[Threads];
        var released = new long[Threads];
        var highest = 0;
        using var start = new Barrier(Threads);

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Factory.StartNew(() =>
        {
            var random = new Random(t);
            start.SignalAndWait();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < s_duration)
            {
                var result = seats.TryAcquire(SeatPool.Agents, $"agent-{t}");
                if (!result.Acquired)
                {
                    continue;
                }

                acquired[t]++;
                var inUse = seats.Usage(SeatPool.Agents).InUse;
                InterlockedMax(ref highest, inUse);
                if (result.Lease.Release())
                {
                    released[t]++;
                }

                // Now and then a second release, as a caller that cleans up twice would: it must free nothing.
                if (random.Next(8) == 0)
                {
                    Assert.False(result.Lease.Release());
                }
            }
        }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        Assert.True(acquired.Sum() > Threads, $"only {acquired.Sum()} leases taken: the test did not contend");
        Assert.Equal(acquired.Sum(), released.Sum());
        Assert.InRange(highest, 1, 25);
        Assert.Equal(0, seats.Usage(SeatPool.Agents).InUse);
    }

    [Fact]
    public async Task Leases_released_by_other_threads_while_the_license_shrinks_and_grows_are_each_counted_once()
    {
        var licensing = Licensed(agents: 25);
        var seats = licensing.Seats;
        var handOff = new ConcurrentQueue<SeatLease>();
        long taken = 0;
        var overLimitGrants = 0;

        // Every thread waits, without spinning, until all exist: 32 spinning takers would otherwise keep
        // this thread from creating the releasers before the time is up.
        using var go = new ManualResetEventSlim();
        using var stop = new CancellationTokenSource();

        var takers = Enumerable.Range(0, Threads / 2).Select(t => Task.Factory.StartNew(() =>
        {
            go.Wait();
            while (!stop.IsCancellationRequested)
            {
                var result = seats.TryAcquire(SeatPool.Agents, $"agent-{t}");
                if (result.Acquired)
                {
                    Interlocked.Increment(ref taken);
                    // The limits change under it (5, 25, 10, 20): a lease granted just before a shrink may
                    // exceed the new limit, but never the largest one in force at any time.
                    if (seats.Usage(SeatPool.Agents).InUse > 25)
                    {
                        Interlocked.Increment(ref overLimitGrants);
                    }

                    handOff.Enqueue(result.Lease);
                }
            }
        }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        var releasers = Enumerable.Range(0, Threads / 2).Select(_ => Task.Factory.StartNew(() =>
        {
            go.Wait();
            while (!stop.IsCancellationRequested || !handOff.IsEmpty)
            {
                if (handOff.TryDequeue(out var lease))
                {
                    lease.Release();
                    lease.Release();
                }
            }
        }, TestContext.Current.CancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        var installer = Task.Run(() =>
        {
            go.Wait();
            var agents = new[] { 5, 25, 10, 20 };
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                _motion.Clock.Advance(TimeSpan.FromMinutes(1));
                Assert.True(licensing.Install(_motion.License(agents: agents[i % agents.Length])).Accepted);
            }
        }, TestContext.Current.CancellationToken);

        go.Set();
        stop.CancelAfter(s_duration);
        await Task.WhenAll([.. takers, .. releasers, installer]);
        while (handOff.TryDequeue(out var left))
        {
            left.Release();
        }

        Assert.True(taken > Threads, $"only {taken} leases taken: the test did not contend");
        Assert.Equal(0, overLimitGrants);
        Assert.Equal(0, seats.Usage(SeatPool.Agents).InUse);
        Assert.Null(seats.Usage(SeatPool.Agents).OverLimitSince);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var seen = Volatile.Read(ref target);
        while (value > seen)
        {
            var previous = Interlocked.CompareExchange(ref target, value, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    private LicensingService Licensed(int agents)
    {
        var licensing = _motion.Start();
        Assert.True(licensing.Install(_motion.License(agents: agents)).Accepted);
        return licensing;
    }
}
