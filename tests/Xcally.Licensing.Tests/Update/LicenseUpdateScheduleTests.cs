using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xcally.Licensing.Issuing.Requests;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Update;

/// <summary>
/// The automatic update's schedule in a real host, driven by a fake clock (no waiting for real time),
/// against the real delivery server: nothing before the host has started, a first check within a
/// tenth of the interval, then one per interval.
/// </summary>
public sealed class LicenseUpdateScheduleTests : IDisposable
{
    private readonly LicensingHarness _motion = new();

    public void Dispose() => _motion.Dispose();

    private static IHost Build(LicensingHarness motion, TimeProvider clock, Uri? endpoint, string interval = "00:10:00")
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        var settings = new Dictionary<string, string?> { ["Licensing:StateDirectory"] = motion.StateDirectory, ["Licensing:Update:Interval"] = interval };
        if (endpoint is not null)
        {
            settings["Licensing:Update:Endpoint"] = endpoint.ToString();
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(clock);
        builder.Services.AddXcallyLicensing(builder.Configuration, host =>
        {
            host.TrustedKeys = TestLicenses.Trusted;
            host.TrialEntitlements = LicensingHarness.TrialEntitlements;
            host.TokenSource = motion.Tokens;
        });
        return builder.Build();
    }

    /// <summary>Moves the fake clock on in small steps until the updater has checked, as its timer would see time pass.</summary>
    private static async Task<LicenseUpdateStatus> NextCheck(LicenseUpdater updater, FakeTimeProvider clock, TimeSpan step, int steps)
    {
        var checkedOnce = new TaskCompletionSource<LicenseUpdateStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        updater.Checked += status => checkedOnce.TrySetResult(status);
        for (var i = 0; i < steps && !checkedOnce.Task.IsCompleted; i++)
        {
            clock.Advance(step);
            await Task.WhenAny(checkedOnce.Task, Task.Delay(100, TestContext.Current.CancellationToken));
        }

        Assert.True(checkedOnce.Task.IsCompleted, $"no check within {step * steps} of fake time");
        return await checkedOnce.Task;
    }

    [Fact]
    public async Task The_first_check_comes_within_a_tenth_of_the_interval_after_the_start_and_the_next_one_interval_later()
    {
        var clock = new FakeTimeProvider(_motion.Clock.GetUtcNow());
        using var desk = new DeskOnLedger(clock.GetUtcNow());
        desk.Activate(LicensingHarness.ServerToken);
        await using var server = await RunningDeliveryServer.StartAsync(desk.LedgerPath);
        using var host = Build(_motion, clock, server.Address);
        var started = clock.GetUtcNow();
        await host.StartAsync(TestContext.Current.CancellationToken);
        var updater = host.Services.GetRequiredService<LicenseUpdater>();
        var licensing = host.Services.GetRequiredService<LicensingService>();

        var first = await NextCheck(updater, clock, TimeSpan.FromSeconds(5), 40);

        Assert.Equal(LicenseUpdateOutcome.Installed, first.Outcome);
        Assert.Equal(LicenseState.Active, licensing.State);
        Assert.InRange(first.LastAttempt!.Value - started, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(70));
        Assert.InRange(first.NextAttempt!.Value - first.LastAttempt.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(11));

        desk.Clock.SetUtcNow(clock.GetUtcNow());
        desk.Issued(desk.Desk.Modify(new ModifyRequest(LicensingHarness.ServerToken, DeskOnLedger.Operator, desk.Now) { Agents = 40 }));
        var second = await NextCheck(updater, clock, TimeSpan.FromMinutes(1), 15);

        Assert.Equal(LicenseUpdateOutcome.Installed, second.Outcome);
        Assert.InRange(second.LastAttempt!.Value - first.LastAttempt.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(12));
        Assert.Equal(2, licensing.License?.Revision);
        Assert.Equal(40, licensing.Entitlements.Staff.Agents);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_failed_check_is_retried_within_half_an_hour_and_the_status_shows_when()
    {
        var clock = new FakeTimeProvider(_motion.Clock.GetUtcNow());
        using var host = Build(_motion, clock, new Uri("http://127.0.0.1:1/"), interval: "06:00:00");
        await host.StartAsync(TestContext.Current.CancellationToken);
        var updater = host.Services.GetRequiredService<LicenseUpdater>();

        var failed = await NextCheck(updater, clock, TimeSpan.FromSeconds(10), 20);

        Assert.Equal(LicenseUpdateOutcome.Failed, failed.Outcome);
        Assert.InRange(failed.NextAttempt!.Value - failed.LastAttempt!.Value, TimeSpan.FromMinutes(26), TimeSpan.FromMinutes(34));
        Assert.Equal(failed, host.Services.GetRequiredService<LicensingService>().Status.Update);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public void Without_an_endpoint_there_is_no_updater_and_the_status_has_no_update()
    {
        using var host = Build(_motion, new FakeTimeProvider(_motion.Clock.GetUtcNow()), endpoint: null);

        Assert.Null(host.Services.GetService<LicenseUpdater>());
        Assert.Null(host.Services.GetRequiredService<LicensingService>().Status.Update);
    }
}
