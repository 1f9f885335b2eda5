using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xcally.Licensing.Runtime;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Runtime;

public sealed class LicensingConfigurationTests
{
    private static IHost Build(LicensingHarness motion, Dictionary<string, string?> settings, TimeProvider? clock = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(clock ?? motion.Clock);
        builder.Services.AddXcallyLicensing(builder.Configuration, host =>
        {
            host.TrustedKeys = TestLicenses.Trusted;
            host.TrialEntitlements = LicensingHarness.TrialEntitlements;
            host.TokenSource = motion.Tokens;
        });
        return builder.Build();
    }

    [Fact]
    public async Task The_host_binds_the_Licensing_section_and_reports_health_by_state()
    {
        using var motion = new LicensingHarness();
        using var host = Build(motion, new() { ["Licensing:StateDirectory"] = motion.StateDirectory, ["Licensing:RevalidationInterval"] = "00:05:00" });
        await host.StartAsync(TestContext.Current.CancellationToken);
        var licensing = host.Services.GetRequiredService<LicensingService>();
        var health = host.Services.GetRequiredService<HealthCheckService>();

        Assert.Equal(HealthStatus.Unhealthy, (await health.CheckHealthAsync(TestContext.Current.CancellationToken)).Status);
        licensing.Install(motion.License());
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(TestContext.Current.CancellationToken)).Status);
        motion.Tokens.Current = LicensingHarness.ChangedNicToken;
        licensing.Revalidate();
        Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync(TestContext.Current.CancellationToken)).Status);

        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_host_validates_the_installed_license_as_it_starts_before_anything_asks_for_it()
    {
        using var motion = new LicensingHarness();
        using var host = Build(motion, new() { ["Licensing:StateDirectory"] = motion.StateDirectory });

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.Services.GetServices<IHostedService>().OfType<LicenseRevalidationService>().Single().Validated;

        Assert.Contains("\"startup\"", File.ReadAllText(Path.Combine(motion.StateDirectory, LicenseLog.FileName)), StringComparison.Ordinal);
        Assert.Equal(LicenseState.Unlicensed, host.Services.GetRequiredService<LicensingService>().State);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_host_checks_the_token_again_every_revalidation_interval()
    {
        using var motion = new LicensingHarness();
        var clock = new FakeTimeProvider(motion.Clock.GetUtcNow());
        using var host = Build(motion, new() { ["Licensing:StateDirectory"] = motion.StateDirectory, ["Licensing:RevalidationInterval"] = "00:05:00" }, clock);
        await host.StartAsync(TestContext.Current.CancellationToken);
        var licensing = host.Services.GetRequiredService<LicensingService>();
        licensing.Install(motion.License());
        var changed = new TaskCompletionSource<LicenseState>(TaskCreationOptions.RunContinuationsAsynchronously);
        licensing.StateChanged += (_, e) => changed.TrySetResult(e.Current.State);

        motion.Tokens.Current = LicensingHarness.ChangedNicToken;
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(LicenseState.Active, licensing.State);
        clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(LicenseState.Grace, await changed.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Theory]
    [InlineData("Licensing:TrustedKeys:0", "MCowBQYDK2VwAyEA", "TrustedKeys")]
    [InlineData("Licensing:GraceDays", "365", "GraceDays")]
    [InlineData("Licensing:RevalidationInterval", "00:00:01", "RevalidationInterval")]
    [InlineData("Licensing:MaxLogBytes", "10", "MaxLogBytes")]
    [InlineData("Licensing:Update:Endpoint", "ftp://licensing.example/", "Update:Endpoint")]
    [InlineData("Licensing:Update:Endpoint", "https://user:secret@licensing.example/", "Update:Endpoint")]
    [InlineData("Licensing:Update:Interval", "00:00:30", "Update:Interval")]
    [InlineData("Licensing:Update:GraceDays", "30", "GraceDays")]
    public async Task A_setting_that_is_unknown_or_out_of_range_stops_the_host_at_start_with_its_name(string key, string value, string named)
    {
        using var motion = new LicensingHarness();
        using var host = Build(motion, new() { ["Licensing:StateDirectory"] = motion.StateDirectory, [key] = value });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_state_directory_stops_the_host_at_start()
    {
        using var motion = new LicensingHarness();
        using var host = Build(motion, []);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("StateDirectory is required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("no keys", "pin the keys Motion trusts in code")]
    [InlineData("a private key", "this is a private key")]
    public async Task A_host_whose_pinned_keys_are_missing_or_do_not_import_stops_with_the_reason(string mistake, string reason)
    {
        using var motion = new LicensingHarness();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Licensing:StateDirectory"] = motion.StateDirectory });
        builder.Services.AddXcallyLicensing(builder.Configuration, host =>
        {
            if (mistake == "a private key")
            {
                host.TrustedKeys = new TrustedKeys([LicensePublicKey.ImportPem(RepositoryFiles.Read("keys.example/example.private.pem"))]);
            }
        });
        using var host = builder.Build();
        var stopping = new TaskCompletionSource();
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(stopping.SetResult);

        await host.StartAsync(TestContext.Current.CancellationToken);
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var asked = Record.Exception(() => host.Services.GetRequiredService<LicensingService>());
        var stopped = await Record.ExceptionAsync(() => host.StopAsync(TestContext.Current.CancellationToken));

        Assert.Contains(reason, asked?.Message, StringComparison.Ordinal);
        Assert.Contains(reason, stopped?.InnerException?.Message ?? stopped?.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(motion.PathOf("state.json")));
    }

    [Fact]
    public void The_host_settings_are_built_when_the_service_is_first_built_not_when_it_is_registered()
    {
        using var motion = new LicensingHarness();
        var services = new ServiceCollection();
        var configured = 0;
        services.AddXcallyLicensing(
            new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Licensing:StateDirectory"] = motion.StateDirectory }).Build(),
            host =>
            {
                configured++;
                host.TrustedKeys = TestLicenses.Trusted;
                host.TokenSource = motion.Tokens;
            });
        using var provider = services.BuildServiceProvider();

        Assert.Equal(0, configured);
        _ = provider.GetRequiredService<LicensingService>();
        _ = provider.GetRequiredService<LicensingService>();
        Assert.Equal(1, configured);
    }
}
