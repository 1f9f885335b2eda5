using System.Runtime.Versioning;
using System.Text.Json;
using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Cli;

[UnsupportedOSPlatform("windows")]
public sealed class IssueCommandTests
{
    private static string Request => RepositoryFiles.PathOf("samples/requests/new-license.json");

    private static string TeamKey(TempFolder folder) =>
        folder.WritePrivateKey("team.pem", TestLicenses.Key.ExportPem(default));

    [Fact]
    public void The_token_option_replaces_the_requests_token_in_canonical_form()
    {
        using var folder = new TempFolder();
        var token = TestLicenses.InstallationToken;

        var issue = TestSupport.Cli.Run("issue", Request, "--key", TeamKey(folder), "--token", token.ToLowerInvariant(), "--out", folder.File("l.lic"));
        var verified = TestLicenses.Verifier().Verify(File.ReadAllText(folder.File("l.lic")), token);

        Assert.Equal(0, issue.ExitCode);
        Assert.Equal(LicenseVerificationStatus.Valid, verified.Status);
        Assert.Equal(token, verified.License!.Token);
    }

    [Fact]
    public void A_mistyped_token_is_refused_naming_the_group_and_nothing_is_signed()
    {
        using var folder = new TempFolder();
        var token = TestLicenses.InstallationToken;
        var typo = token[..20] + (token[20] == 'A' ? 'B' : 'A') + token[21..];

        var issue = TestSupport.Cli.Run("issue", Request, "--key", TeamKey(folder), "--token", typo, "--out", folder.File("l.lic"));

        Assert.Equal(ExitCodes.InvalidRequest, issue.ExitCode);
        Assert.Contains("token: Group 4", issue.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("l.lic")));
    }

    [Fact]
    public void Out_writes_the_file_atomically_leaving_no_temporary_file_behind()
    {
        using var folder = new TempFolder();

        var issue = TestSupport.Cli.Run("issue", Request, "--key", TeamKey(folder), "--out", folder.File("l.lic"), "--json");
        using var summary = JsonDocument.Parse(issue.Output);

        Assert.Equal(0, issue.ExitCode);
        Assert.Equal(["l.lic", "team.pem"], Directory.EnumerateFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(LicenseVerificationStatus.Valid, TestLicenses.Verifier().Verify(File.ReadAllText(folder.File("l.lic"))).Status);
        Assert.Equal(64, summary.RootElement.GetProperty("sha256").GetString()!.Length);
    }

    [Fact]
    public void A_private_key_readable_by_others_is_refused_with_the_chmod_to_run()
    {
        using var folder = new TempFolder();
        var key = TeamKey(folder);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var issue = TestSupport.Cli.Run("issue", Request, "--key", key, "--out", folder.File("l.lic"));

        Assert.Equal(ExitCodes.KeyProblem, issue.ExitCode);
        Assert.Contains("chmod 600", issue.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("l.lic")));
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { "{ not json", "JSON" },
        { """{"token":"T","customer":{"name":"A","email":"a@b.example"},"colour":"red"}""", "colour" },
        { """{"kind":"subscription","customer":{"name":"A","email":"a@b.example"},"plan":"p","billing":"annual","supportPlan":"silver"}""", "token" },
        { """{"token":"T","customer":{"name":"A","email":"a@b.example"},"plan":"p","billing":"annual","supportPlan":"silver","graceDays":"seven"}""", "graceDays" },
        { """{"token":"T","customer":{"name":"A","email":"a@b.example"},"plan":"p","billing":"weekly","supportPlan":"silver"}""", "billing" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void A_bad_request_exits_4_naming_the_field_and_writes_nothing(string request, string named)
    {
        using var folder = new TempFolder();
        var token = TestLicenses.InstallationToken;
        File.WriteAllText(folder.File("request.json"), request.Replace("\"T\"", $"\"{token}\"", StringComparison.Ordinal));

        var issue = TestSupport.Cli.Run("issue", folder.File("request.json"), "--key", TeamKey(folder), "--out", folder.File("l.lic"));

        Assert.Equal(ExitCodes.InvalidRequest, issue.ExitCode);
        Assert.Contains(named, issue.Error, StringComparison.Ordinal);
        Assert.StartsWith("error: ", issue.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", issue.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("l.lic")));
    }

    [Fact]
    public void A_missing_request_file_is_an_input_error_not_a_crash()
    {
        using var folder = new TempFolder();

        var issue = TestSupport.Cli.Run("issue", folder.File("nope.json"), "--key", TeamKey(folder));

        Assert.Equal(ExitCodes.InputUnreadable, issue.ExitCode);
        Assert.Contains("nope.json", issue.Error, StringComparison.Ordinal);
    }
}
