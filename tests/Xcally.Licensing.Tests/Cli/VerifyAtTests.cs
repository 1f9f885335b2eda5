using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Cli;

/// <summary>
/// <c>verify --at</c> and <c>inspect --at</c>: "does this license verify on the 1st of next month?",
/// decided as of the instant given, whatever the clock says. The test subscription runs from
/// 2026-11-01T09:30:00Z to 2027-11-01T09:30:00Z.
/// </summary>
public sealed class VerifyAtTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public VerifyAtTests()
    {
        File.WriteAllText(_folder.File("trusted.pem"), TestLicenses.Key.PublicKey.ExportPem());
        File.WriteAllText(_folder.File("license.lic"), TestLicenses.SubscriptionFile);
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Runs with a clock far after the license's expiry, so only --at can make it valid.</summary>
    private TestSupport.Cli.Result Run(string command, params string[] extra) =>
        TestSupport.Cli.Run(
            TestSupport.Cli.Context(new FakeTimeProvider(new DateTimeOffset(2040, 1, 1, 0, 0, 0, TimeSpan.Zero))),
            [command, _folder.File("license.lic"), "--public-key", _folder.File("trusted.pem"), .. extra]);

    public static TheoryData<string, LicenseVerificationStatus> Instants() => new()
    {
        { "2026-11-01T09:29:59Z", LicenseVerificationStatus.NotYetValid },
        { "2026-11-01T10:29:59.9999999+01:00", LicenseVerificationStatus.NotYetValid },
        { "2026-11-01T09:30:00Z", LicenseVerificationStatus.Valid },
        { "2027-01-01T00:00:00Z", LicenseVerificationStatus.Valid },
        { "2027-11-01T04:29:59-05:00", LicenseVerificationStatus.Valid },
        { "2027-11-01T09:30:00Z", LicenseVerificationStatus.Expired },
        { "2027-11-01T11:30:00+02:00", LicenseVerificationStatus.Expired },
        { "2031-06-15T00:00:00Z", LicenseVerificationStatus.Expired },
    };

    [Theory]
    [MemberData(nameof(Instants))]
    public void Verify_at_decides_validity_as_of_the_instant_given_not_the_clock(string at, LicenseVerificationStatus expected)
    {
        var result = Run("verify", "--at", at);

        Assert.Equal(ExitCodes.For(expected), result.ExitCode);
        Assert.Contains($"{VerifyCommand.Label(expected)} as of ", result.Output + result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Verify_without_at_decides_as_of_now()
    {
        var expired = Run("verify");

        Assert.Equal(ExitCodes.For(LicenseVerificationStatus.Expired), expired.ExitCode);
        Assert.DoesNotContain(" as of ", expired.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_carries_the_instant_the_result_was_decided_at_in_UTC()
    {
        var at = JsonDocument.Parse(Run("verify", "--at", "2027-01-01T01:00:00+01:00", "--json").Output).RootElement;
        var now = JsonDocument.Parse(Run("verify", "--json").Output).RootElement;

        Assert.True(at.GetProperty("valid").GetBoolean());
        Assert.Equal("2027-01-01T00:00:00Z", at.GetProperty("verifiedAt").GetString());
        Assert.Equal("2040-01-01T00:00:00Z", now.GetProperty("verifiedAt").GetString());
        Assert.Equal("expired", now.GetProperty("status").GetString());
    }

    [Fact]
    public void Inspect_at_verifies_as_of_the_instant_and_says_so()
    {
        var valid = Run("inspect", "--at", "2027-01-01T00:00:00Z");
        var expired = Run("inspect", "--at", "2028-01-01T00:00:00Z");
        var json = JsonDocument.Parse(Run("inspect", "--at", "2027-01-01T00:00:00Z", "--json").Output).RootElement;

        Assert.Equal(0, valid.ExitCode);
        Assert.StartsWith("VERIFIED (valid as of 2027-01-01T00:00:00Z): ", valid.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.For(LicenseVerificationStatus.Expired), expired.ExitCode);
        Assert.StartsWith("VERIFIED (expired as of 2028-01-01T00:00:00Z): ", expired.Output, StringComparison.Ordinal);
        Assert.Equal("2027-01-01T00:00:00Z", json.GetProperty("verification").GetProperty("verifiedAt").GetString());
    }

    [Fact]
    public void Inspect_at_without_a_public_key_verifies_nothing_and_warns()
    {
        var result = TestSupport.Cli.Run("inspect", _folder.File("license.lic"), "--at", "2027-01-01T00:00:00Z");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("UNVERIFIED", result.Output, StringComparison.Ordinal);
        Assert.Contains("warning: --at changes nothing without --public-key", result.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string> BadInstants() =>
    [
        "2027-01-01",
        "2027-01-01T00:00:00",
        "2027-01-01 00:00:00Z",
        "2027-01-01t00:00:00z",
        "2027-13-01T00:00:00Z",
        "2027-02-29T00:00:00Z",
        "2027-01-01T00:00:00+15:00",
        "tomorrow",
        "",
        "1767225600",
    ];

    [Theory]
    [MemberData(nameof(BadInstants))]
    public void A_bad_at_is_a_usage_error_with_one_line_and_no_stack_trace(string at)
    {
        var verify = Run("verify", "--at", at);
        var inspect = Run("inspect", "--at", at, "--json");

        foreach (var result in new[] { verify, inspect })
        {
            Assert.Equal(ExitCodes.Usage, result.ExitCode);
            Assert.StartsWith("error: --at ", result.Error, StringComparison.Ordinal);
            Assert.Contains("RFC 3339 timestamp with a UTC offset, such as 2027-01-01T00:00:00Z", result.Error, StringComparison.Ordinal);
            Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
            Assert.Equal(string.Empty, result.Output);
        }
    }

    [Fact]
    public void At_without_a_value_is_a_usage_error()
    {
        var result = Run("verify", "--at");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
