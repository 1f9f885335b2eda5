using Microsoft.Extensions.Time.Testing;
using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Keys;

/// <summary>
/// Trust in the example key is explicit: it must be one of the trusted keys, and development keys must
/// be allowed. Allowing development keys never adds the key by itself.
/// </summary>
public sealed class DevelopmentKeyTrustTests : IDisposable
{
    private static readonly string s_exampleSigned = ExampleSigned();
    private readonly TempFolder _folder = new();

    public DevelopmentKeyTrustTests()
    {
        File.WriteAllText(_folder.File("license.lic"), s_exampleSigned);
        File.WriteAllText(_folder.File("team.pem"), TestLicenses.Key.PublicKey.ExportPem());
        File.Copy(RepositoryFiles.PathOf("keys.example/example.public.pem"), _folder.File("example.pem"));
    }

    public void Dispose() => _folder.Dispose();

    private static string ExampleSigned()
    {
        using var example = SigningKey.TryImportPem(RepositoryFiles.Read("keys.example/example.private.pem"), default, out var key, out var error)
            ? key
            : throw new InvalidOperationException(error);
        return example.Issue(TestLicenses.Subscription);
    }

    private static LicenseVerificationStatus Verify(TrustedKeys trusted) =>
        new LicenseVerifier(trusted, new FakeTimeProvider(TestLicenses.Now)).Verify(s_exampleSigned).Status;

    public static TheoryData<bool, bool, LicenseVerificationStatus> TrustAndAllowance() => new()
    {
        { false, false, LicenseVerificationStatus.DevelopmentKeyNotAllowed },
        { false, true, LicenseVerificationStatus.UnknownKey },
        { true, false, LicenseVerificationStatus.DevelopmentKeyNotAllowed },
        { true, true, LicenseVerificationStatus.Valid },
    };

    [Theory]
    [MemberData(nameof(TrustAndAllowance))]
    public void An_example_key_license_verifies_only_when_the_key_is_trusted_and_development_keys_are_allowed(bool listed, bool allowed, LicenseVerificationStatus expected)
    {
        LicensePublicKey[] keys = listed ? [TestLicenses.Key.PublicKey, DevelopmentKeys.ExamplePublicKey] : [TestLicenses.Key.PublicKey];

        Assert.Equal(expected, Verify(new TrustedKeys(keys, allowed)));
    }

    [Fact]
    public void Allowing_development_keys_adds_no_key_to_the_trusted_set()
    {
        var trusted = new TrustedKeys([TestLicenses.Key.PublicKey], allowDevelopmentKeys: true);

        Assert.True(trusted.AllowsDevelopmentKeys);
        Assert.Equal([TestLicenses.Key.PublicKey], trusted.Keys);
        Assert.DoesNotContain(trusted.Keys, k => k.IsDevelopmentKey);
    }

    [Fact]
    public void The_flag_without_the_example_key_among_the_public_keys_is_unknown_key_and_warns()
    {
        var result = TestSupport.Cli.Run("verify", _folder.File("license.lic"), "--public-key", _folder.File("team.pem"), "--allow-development-keys");

        Assert.Equal(ExitCodes.For(LicenseVerificationStatus.UnknownKey), result.ExitCode);
        Assert.Contains("unknown-key", result.Error, StringComparison.Ordinal);
        Assert.Contains("warning: --allow-development-keys changes nothing", result.Error, StringComparison.Ordinal);
        Assert.Contains(DevelopmentKeys.ExampleKeyId.ToString(), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_key_among_the_public_keys_without_the_flag_is_development_key_not_allowed()
    {
        var result = TestSupport.Cli.Run("verify", _folder.File("license.lic"), "--public-key", _folder.File("team.pem"), "--public-key", _folder.File("example.pem"));

        Assert.Equal(ExitCodes.For(LicenseVerificationStatus.DevelopmentKeyNotAllowed), result.ExitCode);
        Assert.Contains("development-key-not-allowed", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_key_among_the_public_keys_with_the_flag_verifies_without_a_warning()
    {
        var result = TestSupport.Cli.Run("verify", _folder.File("license.lic"), "--public-key", _folder.File("team.pem"), "--public-key", _folder.File("example.pem"), "--allow-development-keys");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("VALID", result.Output, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Error);
    }

    [Fact]
    public void Inspect_follows_the_same_rule()
    {
        var flagOnly = TestSupport.Cli.Run("inspect", _folder.File("license.lic"), "--public-key", _folder.File("team.pem"), "--allow-development-keys");
        var keyOnly = TestSupport.Cli.Run("inspect", _folder.File("license.lic"), "--public-key", _folder.File("example.pem"));
        var both = TestSupport.Cli.Run("inspect", _folder.File("license.lic"), "--public-key", _folder.File("example.pem"), "--allow-development-keys");
        var noKeys = TestSupport.Cli.Run("inspect", _folder.File("license.lic"), "--allow-development-keys");

        Assert.Equal(ExitCodes.For(LicenseVerificationStatus.UnknownKey), flagOnly.ExitCode);
        Assert.Equal(ExitCodes.For(LicenseVerificationStatus.DevelopmentKeyNotAllowed), keyOnly.ExitCode);
        Assert.Equal(0, both.ExitCode);
        Assert.StartsWith("VERIFIED (valid)", both.Output, StringComparison.Ordinal);
        Assert.StartsWith("UNVERIFIED", noKeys.Output, StringComparison.Ordinal);
        Assert.Contains("warning: --allow-development-keys changes nothing", noKeys.Error, StringComparison.Ordinal);
    }
}
