using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Runtime;

public sealed class EntitlementQueryTests
{
    [Fact]
    public void Entitlement_queries_allocate_nothing()
    {
        using var motion = new LicensingHarness();
        var service = motion.Start();
        service.Install(motion.License());
        var hits = 0;
        Query(service, ref hits);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            Query(service, ref hits);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(hits > 0);
    }

    [Fact]
    public async Task Queries_from_many_threads_during_installs_always_see_a_whole_license()
    {
        using var motion = new LicensingHarness();
        var service = motion.Start();
        service.Install(motion.License(agents: 10));
        using var stop = new CancellationTokenSource();
        var torn = 0;
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var entitlements = service.Entitlements;
                if (entitlements.Staff.Agents is not (10 or 11 or 12 or 13 or 14 or 15))
                {
                    Interlocked.Increment(ref torn);
                }
            }
        }, TestContext.Current.CancellationToken)).ToArray();

        for (var agents = 11; agents <= 15; agents++)
        {
            motion.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.True(service.Install(motion.License(agents: agents)).Accepted);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Assert.Equal(0, torn);
        Assert.Equal(15, service.Entitlements.Staff.Agents);
    }

    private static void Query(LicensingService service, ref int hits)
    {
        var entitlements = service.Entitlements;
        hits += entitlements.Channels.Contains(Channel.WhatsApp) ? 1 : 0;
        hits += entitlements.Modules.Contains(Module.Dialer) ? 1 : 0;
        hits += entitlements.AddOns.Contains(AddOn.WebRtc) ? 1 : 0;
        hits += entitlements.Ai.Contains(AiFeature.AiBots) ? 1 : 0;
        hits += entitlements.Plugins.Contains(Plugin.Botify) ? 1 : 0;
        hits += entitlements.Staff.Agents > 0 ? 1 : 0;
        hits += service.State == LicenseState.Active ? 1 : 0;
    }
}
