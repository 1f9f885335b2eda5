using System.Text;
using System.Text.Json;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Runtime;

public sealed class LicenseLogTests
{
    [Fact]
    public void The_exported_log_starts_with_the_current_status_and_records_startups_tokens_installs_and_state_changes()
    {
        using var motion = new LicensingHarness();
        var service = motion.Start();
        service.Install("not a license");
        service.Install(motion.License());
        motion.Tokens.Current = LicensingHarness.ChangedNicToken;
        service.Revalidate();

        var lines = Encoding.UTF8.GetString(service.ExportLog()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var events = lines.Select(l => l.GetProperty("event").GetString()).ToList();

        Assert.Equal("status", events[0]);
        Assert.Equal("Grace", lines[0].GetProperty("status").GetProperty("state").GetString());
        Assert.Contains("startup", events);
        Assert.Contains("token", events);
        Assert.Contains("token-change", events);
        Assert.Contains(lines, l => l.GetProperty("event").GetString() == "install" && l.GetProperty("outcome").GetString() == "refused");
        Assert.Contains(lines, l => l.GetProperty("event").GetString() == "install" && l.GetProperty("outcome").GetString() == "installed");
        Assert.Contains(lines, l => l.GetProperty("event").GetString() == "state" && l.GetProperty("to").GetString() == "Grace");
        Assert.Contains(lines, l => l.TryGetProperty("changed", out var c) && c.GetString() == "network cards");
    }

    [Fact]
    public void The_log_is_bounded_by_rotation()
    {
        using var motion = new LicensingHarness();
        var service = new LicensingService(
            new LicensingOptions { StateDirectory = motion.StateDirectory, MaxLogBytes = 64 * 1024 },
            new LicensingHostSettings { TrustedKeys = TestLicenses.Trusted, TokenSource = motion.Tokens },
            motion.Clock);

        for (var i = 0; i < 600; i++)
        {
            // What the administrator pasted is never copied into the log, only why it was refused.
            service.Install($"attempt {i}: not a license");
        }

        Assert.True(File.Exists(motion.PathOf("license.log.1")));
        Assert.True(new FileInfo(motion.PathOf("license.log")).Length <= 64 * 1024);
        Assert.True(new FileInfo(motion.PathOf("license.log.1")).Length <= 64 * 1024);
        var exported = Encoding.UTF8.GetString(service.ExportLog()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(exported.Length > 100);
        Assert.Contains("\"outcome\":\"refused\"", exported[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(exported, line => line.Contains("attempt", StringComparison.Ordinal));
    }

    [Fact]
    public void The_status_serializes_with_the_source_generated_context()
    {
        using var motion = new LicensingHarness();
        var service = motion.Start();
        service.Install(motion.License());

        var json = JsonSerializer.Serialize(service.Status, LicenseStatusJsonContext.Default.LicenseStatus);
        var back = JsonSerializer.Deserialize(json, LicenseStatusJsonContext.Default.LicenseStatus)!;

        Assert.Contains("\"state\":\"Active\"", json, StringComparison.Ordinal);
        Assert.Contains("\"whatsApp\"", json, StringComparison.Ordinal);
        Assert.Equal(service.Status.License, back.License);
        Assert.Equal(service.Status.Entitlements.Staff, back.Entitlements.Staff);
    }
}
