using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Keys;

/// <summary>Keys are standard PEM: OpenSSL's keys sign licenses, and OpenSSL reads the tool's keys.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OpenSslInteropTests
{
    private static string Request => RepositoryFiles.PathOf("samples/requests/new-license.json");

    [Fact]
    public void A_key_made_by_openssl_genpkey_signs_a_license_that_verify_accepts()
    {
        OpenSsl.SkipUnlessInstalled();
        using var folder = new TempFolder();
        var key = folder.File("k.pem");
        OpenSsl.RunOrFail("genpkey", "-algorithm", "ed25519", "-out", key);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        OpenSsl.RunOrFail("pkey", "-in", key, "-pubout", "-out", folder.File("pub.pem"));

        var issue = TestSupport.Cli.Run("issue", Request, "--key", key, "--out", folder.File("license.lic"));
        var verify = TestSupport.Cli.Run("verify", folder.File("license.lic"), "--public-key", folder.File("pub.pem"));

        Assert.Equal(0, issue.ExitCode);
        Assert.Equal(0, verify.ExitCode);
        Assert.StartsWith("VALID", verify.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Openssl_reads_the_key_pair_keygen_writes()
    {
        OpenSsl.SkipUnlessInstalled();
        using var folder = new TempFolder();
        Assert.Equal(0, TestSupport.Cli.Run("keygen", "--out", folder.Path, "--name", "team").ExitCode);

        var derivedByOpenSsl = OpenSsl.RunOrFail("pkey", "-in", folder.File("team.private.pem"), "-pubout");
        var written = File.ReadAllText(folder.File("team.public.pem"));

        Assert.Equal(written.ReplaceLineEndings("\n").Trim(), derivedByOpenSsl.ReplaceLineEndings("\n").Trim());
        OpenSsl.RunOrFail("pkey", "-pubin", "-in", folder.File("team.public.pem"), "-noout");
    }

    [Fact]
    public void An_encrypted_keygen_key_is_PBES2_with_AES_256_and_PBKDF2_and_openssl_decrypts_it()
    {
        OpenSsl.SkipUnlessInstalled();
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("pass"), "correct horse battery staple\n");
        Assert.Equal(0, TestSupport.Cli.Run("keygen", "--out", folder.Path, "--name", "team", "--passphrase-file", folder.File("pass")).ExitCode);
        var privateKey = folder.File("team.private.pem");

        var structure = OpenSsl.RunOrFail("asn1parse", "-in", privateKey);
        var decrypted = OpenSsl.RunOrFail("pkey", "-in", privateKey, "-passin", "file:" + folder.File("pass"), "-pubout");

        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", File.ReadAllText(privateKey), StringComparison.Ordinal);
        Assert.Contains("PBES2", structure, StringComparison.Ordinal);
        Assert.Contains("PBKDF2", structure, StringComparison.Ordinal);
        Assert.Contains("aes-256-cbc", structure, StringComparison.Ordinal);
        Assert.Contains(":0927C0", structure, StringComparison.Ordinal); // 600,000 iterations
        Assert.Contains("hmacWithSHA256", structure, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllText(folder.File("team.public.pem")).Trim(), decrypted.Trim());
        Assert.NotEqual(0, OpenSsl.Run("pkey", "-in", privateKey, "-passin", "pass:wrong", "-noout").ExitCode);
    }

    [Fact]
    public void A_key_encrypted_by_openssl_loads_with_its_passphrase_file()
    {
        OpenSsl.SkipUnlessInstalled();
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("pass"), "s3cret passphrase\n");
        var key = folder.File("k.pem");
        OpenSsl.RunOrFail("genpkey", "-algorithm", "ed25519", "-aes-256-cbc", "-pass", "file:" + folder.File("pass"), "-out", key);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        OpenSsl.RunOrFail("pkey", "-in", key, "-passin", "file:" + folder.File("pass"), "-pubout", "-out", folder.File("pub.pem"));

        var issue = TestSupport.Cli.Run("issue", Request, "--key", key, "--passphrase-file", folder.File("pass"), "--out", folder.File("license.lic"));

        Assert.Equal(0, issue.ExitCode);
        Assert.Equal(0, TestSupport.Cli.Run("verify", folder.File("license.lic"), "--public-key", folder.File("pub.pem")).ExitCode);
    }

    [Fact]
    public void A_wrong_passphrase_is_a_clear_error_and_writes_nothing()
    {
        OpenSsl.SkipUnlessInstalled();
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("pass"), "right\n");
        File.WriteAllText(folder.File("wrong"), "wrong\n");
        var key = folder.File("k.pem");
        OpenSsl.RunOrFail("genpkey", "-algorithm", "ed25519", "-aes-256-cbc", "-pass", "file:" + folder.File("pass"), "-out", key);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var issue = TestSupport.Cli.Run("issue", Request, "--key", key, "--passphrase-file", folder.File("wrong"), "--out", folder.File("license.lic"));
        var noPassphrase = TestSupport.Cli.Run("issue", Request, "--key", key, "--out", folder.File("license.lic"));

        Assert.Equal(3, issue.ExitCode);
        Assert.Contains("wrong passphrase", issue.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", issue.Error, StringComparison.Ordinal);
        Assert.Equal(3, noPassphrase.ExitCode);
        Assert.Contains("--passphrase-file", noPassphrase.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("license.lic")));
    }
}
