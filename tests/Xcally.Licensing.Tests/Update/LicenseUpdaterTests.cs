using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Update;

/// <summary>
/// The automatic update against real servers on loopback: the delivery server for the happy path, and
/// a Kestrel server that misbehaves for every fault. After each, the installed license is unchanged,
/// the status says why, and the next check is scheduled.
/// </summary>
public sealed class LicenseUpdaterTests : IDisposable
{
    private readonly LicensingHarness _motion = new();

    public void Dispose() => _motion.Dispose();

    [Fact]
    public async Task A_newer_license_on_the_delivery_server_is_installed_without_a_paste_and_then_reported_up_to_date()
    {
        using var desk = new DeskOnLedger(_motion.Clock.GetUtcNow());
        var issued = desk.Activate(LicensingHarness.ServerToken);
        await using var server = await RunningDeliveryServer.StartAsync(desk.LedgerPath);
        using var motion = new MotionWithUpdate(_motion, server.Address);

        var first = await motion.Updater.UpdateNowAsync(TestContext.Current.CancellationToken);
        var second = await motion.Updater.UpdateNowAsync(TestContext.Current.CancellationToken);

        Assert.Equal(LicenseUpdateOutcome.Installed, first.Outcome);
        Assert.Equal(LicenseState.Active, motion.Licensing.State);
        Assert.Equal(issued.License.Serial, motion.Licensing.License?.Serial);
        Assert.Contains($"License {issued.License.Serial} (revision 1) installed", first.Message, StringComparison.Ordinal);
        Assert.Equal(LicenseUpdateOutcome.UpToDate, second.Outcome);
        Assert.Equal(second.LastAttempt, second.LastSuccess);
        Assert.Equal(second, motion.Licensing.Status.Update);
        Assert.True(second.NextAttempt > second.LastAttempt + TimeSpan.FromHours(5));
        Assert.Equal([Xcally.Licensing.Issuing.Ledger.FetchOutcome.Served, Xcally.Licensing.Issuing.Ledger.FetchOutcome.NotModified], await FetchOutcomes(desk, 2));
        Assert.Contains("\"source\":\"update\"", File.ReadAllText(_motion.PathOf(Xcally.Licensing.Runtime.LicenseLog.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_license_for_the_servers_token_says_to_ask_for_a_move_and_keeps_the_installed_license()
    {
        using var desk = new DeskOnLedger(_motion.Clock.GetUtcNow());
        desk.Activate(LicensingHarness.ClonedServerToken);
        await using var server = await RunningDeliveryServer.StartAsync(desk.LedgerPath);
        using var motion = new MotionWithUpdate(_motion, server.Address);
        motion.Licensing.Install(_motion.License());
        var before = _motion.Snapshot();

        var status = await motion.Updater.UpdateNowAsync(TestContext.Current.CancellationToken);

        Assert.Equal(LicenseUpdateOutcome.NoLicenseForToken, status.Outcome);
        Assert.Contains("ask XCALLY to move the license", status.Message, StringComparison.Ordinal);
        Assert.Contains(LicensingHarness.ServerToken.ToString(), status.Message, StringComparison.Ordinal);
        Assert.Equal(before, _motion.Snapshot());
    }

    public static TheoryData<string, string> Faults() => new()
    {
        { "500", "answered 500" },
        { "503 with Retry-After", "answered 503" },
        { "timeout", "did not answer in time" },
        { "reset mid-body", "the connection broke before the whole answer arrived" },
        { "endless body", "more than a license can be" },
        { "wrong content type", "'text/html', not a license" },
        { "redirect", "answered 302" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_server_fault_fails_the_check_keeps_the_installed_license_and_schedules_the_next(string fault, string expected)
    {
        await using var server = await FaultyLicenseServer.StartAsync();
        server.Answer = fault switch
        {
            "500" => context => { context.Response.StatusCode = 500; return Task.CompletedTask; },
            "503 with Retry-After" => context => { context.Response.StatusCode = 503; context.Response.Headers.RetryAfter = "0"; return Task.CompletedTask; },
            "timeout" => context => Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted),
            "reset mid-body" => async context =>
            {
                context.Response.ContentType = "application/x-xcally-license";
                context.Response.ContentLength = 5000;
                await context.Response.WriteAsync(new string('x', 1000));
                await context.Response.Body.FlushAsync();
                context.Abort();
            },
            "endless body" => async context =>
            {
                context.Response.ContentType = "application/x-xcally-license";
                var chunk = new byte[16 * 1024];
                while (!context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                }
            },
            "wrong content type" => FaultyLicenseServer.License(_motion.License(agents: 40), "text/html"),
            "redirect" => context => { context.Response.Redirect("http://127.0.0.1:1/elsewhere"); return Task.CompletedTask; },
            _ => throw new ArgumentOutOfRangeException(nameof(fault)),
        };
        using var motion = new MotionWithUpdate(_motion, server.Address);
        motion.Licensing.Install(_motion.License());
        var before = _motion.Snapshot();

        var status = await motion.Updater.UpdateNowAsync(TestContext.Current.CancellationToken);

        Assert.Equal(LicenseUpdateOutcome.Failed, status.Outcome);
        Assert.Contains(expected, status.Message, StringComparison.Ordinal);
        Assert.StartsWith("Automatic update failed on 2026-11-23 12:00 UTC: ", status.Message, StringComparison.Ordinal);
        Assert.EndsWith("The installed license stays in force; paste a new license by hand if XCALLY sent you one.", status.Message, StringComparison.Ordinal);
        Assert.Null(status.LastSuccess);
        Assert.True(status.NextAttempt > status.LastAttempt + TimeSpan.FromMinutes(25));
        Assert.Equal(LicenseState.Active, motion.Licensing.State);
        Assert.Equal(before, _motion.Snapshot());
    }

    [Fact]
    public async Task Retryable_answers_are_retried_by_the_resilience_handler_before_the_check_fails()
    {
        await using var server = await FaultyLicenseServer.StartAsync();
        server.Answer = context => { context.Response.StatusCode = 503; context.Response.Headers.RetryAfter = "0"; return Task.CompletedTask; };
        using var motion = new MotionWithUpdate(_motion, server.Address);

        await motion.Updater.UpdateNowAsync(TestContext.Current.CancellationToken);

        Assert.Equal(4, server.Requests);
    }

    [Fact]
    public async Task The_hosts_own_tuning_of_the_resilience_handler_applies()
    {
        await using var server = await FaultyLicenseServer.StartAsync();
        server.Answer = context => { context.Response.StatusCode = 503; context.Response.Headers.RetryAfter = "0"; return Task.CompletedTask; };
        using var motion = new MotionWithUpdate(_motion, server.Address, tune: o => o.Retry.MaxRetryAttempts = 1);

        await motion.Updater.UpdateNowAsync(TestContext.Current.CancellationToken);

        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task Resilience_settings_the_handler_rejects_fail_the_check_with_their_reason_and_ask_nothing()
    {
        await using var server = await FaultyLicenseServer.StartAsync();
        using var motion = new MotionWithUpdate(_motion, server.Address, tune: o => o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30));

        var status = await motion.Updater.UpdateNowAsync(TestContext.Current.CancellationToken);

        Assert.Equal(LicenseUpdateOutcome.Failed, status.Outcome);
        Assert.Contains("settings for the update's HTTP client are invalid", status.Message, StringComparison.Ordinal);
        Assert.Contains("Total request timeout", status.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
        Assert.NotNull(status.NextAttempt);
    }

    [Fact]
    public async Task A_server_that_refuses_connections_fails_the_check_with_connection_refused()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var motion = new MotionWithUpdate(_motion, new Uri($"http://127.0.0.1:{port}/"));

        var status = await motion.Updater.UpdateNowAsync(TestContext.Current.CancellationToken);

        Assert.Equal(LicenseUpdateOutcome.Failed, status.Outcome);
        Assert.Contains("the licensing server could not be reached (connection refused)", status.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Refusals() => new()
    {
        { "garbage", "no license found" },
        { "untrusted key", "key" },
        { "other token", "is for the server with token" },
        { "older", "before the license installed here" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_license_the_install_path_refuses_is_not_installed_and_the_status_gives_the_install_reason(string kind, string expected)
    {
        await using var server = await FaultyLicenseServer.StartAsync();
        using var motion = new MotionWithUpdate(_motion, server.Address);
        motion.Licensing.Install(_motion.License());
        var before = _motion.Snapshot();
        var text = kind switch
        {
            "garbage" => "this is not a license at all",
            "untrusted key" => TestLicenses.ForeignKey.Issue(TestLicenses.Subscription with { Token = LicensingHarness.ServerToken.ToString() }),
            "other token" => _motion.License(LicensingHarness.ClonedServerToken, agents: 30),
            "older" => _motion.License(issuedAt: _motion.Clock.GetUtcNow().AddDays(-3), agents: 30),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        server.Answer = FaultyLicenseServer.License(text);

        var status = await motion.Updater.UpdateNowAsync(TestContext.Current.CancellationToken);

        Assert.Equal(LicenseUpdateOutcome.Refused, status.Outcome);
        Assert.Contains("the license the licensing server sent was not installed", status.Message, StringComparison.Ordinal);
        Assert.Contains(expected, status.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, _motion.Snapshot());
        Assert.Equal(LicenseState.Active, motion.Licensing.State);
        Assert.Contains("\"outcome\":\"refused\",\"source\":\"update\"", File.ReadAllText(_motion.PathOf(Xcally.Licensing.Runtime.LicenseLog.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deactivation_from_the_delivery_server_is_installed_like_a_pasted_one()
    {
        await using var server = await FaultyLicenseServer.StartAsync();
        using var motion = new MotionWithUpdate(_motion, server.Address);
        motion.Licensing.Install(_motion.License(issuedAt: _motion.Clock.GetUtcNow().AddDays(-1)));
        server.Answer = FaultyLicenseServer.License(_motion.License(kind: LicenseKind.Deactivation));

        var status = await motion.Updater.UpdateNowAsync(TestContext.Current.CancellationToken);

        Assert.Equal(LicenseUpdateOutcome.Installed, status.Outcome);
        Assert.Equal(LicenseState.Deactivated, motion.Licensing.State);
    }

    private static async Task<Xcally.Licensing.Issuing.Ledger.FetchOutcome[]> FetchOutcomes(DeskOnLedger desk, int expected)
    {
        // The delivery server writes its fetch records about every 20 ms here.
        for (var i = 0; i < 200; i++)
        {
            var fetches = desk.Ledger.Fetches(LicensingHarness.ServerToken.ToString());
            if (fetches.Count >= expected)
            {
                return [.. fetches.Select(f => f.Outcome)];
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        return [];
    }
}
