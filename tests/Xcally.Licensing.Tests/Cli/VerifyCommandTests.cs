using System.Text.Json;
using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Cli;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public VerifyCommandTests()
    {
        File.WriteAllText(_folder.File("trusted.pem"), TestLicenses.Key.PublicKey.ExportPem());
    }

    public void Dispose() => _folder.Dispose();

    private TestSupport.Cli.Result Verify(string fileText, params string[] extra)
    {
        File.WriteAllText(_folder.File("license.lic"), fileText);
        return TestSupport.Cli.Run(["verify", _folder.File("license.lic"), "--public-key", _folder.File("trusted.pem"), .. extra]);
    }

    private static string Tampered()
    {
        // Re-sign nothing: change one payload character inside the armored body, keeping valid base64.
        var file = TestLicenses.SubscriptionFile;
        var body = file.IndexOf('\n', file.IndexOf("BEGIN XCALLY LICENSE", StringComparison.Ordinal)) + 30;
        return string.Concat(file.AsSpan(0, body), file[body] == 'A' ? "B" : "A", file.AsSpan(body + 1));
    }

    [Fact]
    public void A_valid_license_exits_0_and_prints_VALID()
    {
        var result = Verify(TestLicenses.SubscriptionFile);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("VALID", result.Output, StringComparison.Ordinal);
    }

    public static TheoryData<string, LicenseVerificationStatus[]> FailureClasses() => new()
    {
        { "tampered", [LicenseVerificationStatus.Damaged, LicenseVerificationStatus.BadSignature] },
        { "foreign key", [LicenseVerificationStatus.UnknownKey] },
        { "no block", [LicenseVerificationStatus.NotFound] },
        { "two blocks", [LicenseVerificationStatus.MultipleLicenses] },
        { "truncated", [LicenseVerificationStatus.Truncated] },
        { "wrong token", [LicenseVerificationStatus.TokenMismatch] },
    };

    [Theory]
    [MemberData(nameof(FailureClasses))]
    public void Each_failure_class_has_its_own_exit_code_and_a_message_naming_the_problem(string failure, LicenseVerificationStatus[] expected)
    {
        var file = TestLicenses.SubscriptionFile;
        var result = failure switch
        {
            "tampered" => Verify(Tampered()),
            "foreign key" => Verify(TestLicenses.ForeignKey.Issue(TestLicenses.Subscription)),
            "no block" => Verify("Hello, here is the license you asked for.\n"),
            "two blocks" => Verify(file + "\n" + file),
            "truncated" => Verify(file[..(file.Length / 2)]),
            "wrong token" => Verify(file, "--token", TestLicenses.InstallationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(failure)),
        };

        Assert.Contains(result.ExitCode, expected.Select(ExitCodes.For));
        Assert.NotEqual(0, result.ExitCode);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_documented_exit_codes_are_distinct_for_every_status()
    {
        var codes = Enum.GetValues<LicenseVerificationStatus>().Select(ExitCodes.For).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        foreach (var code in codes.Where(c => c != 0))
        {
            Assert.Contains($"| {code} |", RepositoryFiles.Read("docs/signer.md"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_example_key_license_needs_allow_development_keys()
    {
        File.Copy(RepositoryFiles.PathOf("keys.example/example.public.pem"), _folder.File("example.pem"));
        var issue = TestSupport.Cli.Run("issue", RepositoryFiles.PathOf("samples/requests/new-license.json"), "--key", RepositoryFiles.PathOf("keys.example/example.private.pem"), "--out", _folder.File("example.lic"));

        var refused = TestSupport.Cli.Run("verify", _folder.File("example.lic"), "--public-key", _folder.File("example.pem"));
        var allowed = TestSupport.Cli.Run("verify", _folder.File("example.lic"), "--public-key", _folder.File("example.pem"), "--allow-development-keys");

        Assert.Equal(0, issue.ExitCode);
        Assert.Equal(ExitCodes.For(LicenseVerificationStatus.DevelopmentKeyNotAllowed), refused.ExitCode);
        Assert.Equal(0, allowed.ExitCode);
    }

    [Fact]
    public void Json_output_carries_the_status_exit_code_and_reason()
    {
        var valid = JsonDocument.Parse(Verify(TestLicenses.SubscriptionFile, "--json").Output).RootElement;
        var foreign = Verify(TestLicenses.ForeignKey.Issue(TestLicenses.Subscription), "--json");
        var foreignJson = JsonDocument.Parse(foreign.Output).RootElement;

        Assert.True(valid.GetProperty("valid").GetBoolean());
        Assert.False(foreignJson.GetProperty("valid").GetBoolean());
        Assert.Equal(foreign.ExitCode, foreignJson.GetProperty("exitCode").GetInt32());
        Assert.Equal(21, foreign.ExitCode);
        Assert.False(string.IsNullOrEmpty(foreignJson.GetProperty("reason").GetString()));
    }

    [Fact]
    public void Inspect_marks_everything_unverified_without_a_key_and_verified_with_one()
    {
        File.WriteAllText(_folder.File("license.lic"), TestLicenses.SubscriptionFile);

        var unverified = TestSupport.Cli.Run("inspect", _folder.File("license.lic"));
        var verified = TestSupport.Cli.Run("inspect", _folder.File("license.lic"), "--public-key", _folder.File("trusted.pem"));
        var json = JsonDocument.Parse(TestSupport.Cli.Run("inspect", _folder.File("license.lic"), "--json").Output).RootElement;

        Assert.Equal(0, unverified.ExitCode);
        Assert.StartsWith("UNVERIFIED", unverified.Output, StringComparison.Ordinal);
        Assert.Contains("Acme Contact Center", unverified.Output, StringComparison.Ordinal);
        Assert.StartsWith("VERIFIED", verified.Output, StringComparison.Ordinal);
        Assert.False(json.GetProperty("verified").GetBoolean());
        Assert.Equal(TestLicenses.Key.Id.ToString(), json.GetProperty("keyId").GetString());
    }

    [Fact]
    public void Inspect_of_a_forged_license_says_nothing_can_be_trusted()
    {
        File.WriteAllText(_folder.File("license.lic"), Tampered());

        var result = TestSupport.Cli.Run("inspect", _folder.File("license.lic"), "--public-key", _folder.File("trusted.pem"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("   at ", result.Error + result.Output, StringComparison.Ordinal);
    }
}
