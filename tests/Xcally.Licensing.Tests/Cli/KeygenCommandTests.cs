using System.Runtime.Versioning;
using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Cli;

[UnsupportedOSPlatform("windows")]
public sealed class KeygenCommandTests
{
    [Fact]
    public void Keygen_writes_an_owner_only_private_key_and_prints_the_key_id_of_the_public_key()
    {
        using var folder = new TempFolder();

        var result = TestSupport.Cli.Run("keygen", "--out", folder.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(folder.File("xcally-license.private.pem")));
        var publicKey = LicensePublicKey.ImportPem(File.ReadAllText(folder.File("xcally-license.public.pem")));
        Assert.Contains($"key id      {publicKey.Id}", result.Output, StringComparison.Ordinal);
        Assert.Contains("not encrypted", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Keygen_never_overwrites_an_existing_key()
    {
        using var folder = new TempFolder();
        Assert.Equal(0, TestSupport.Cli.Run("keygen", "--out", folder.Path).ExitCode);
        var before = File.ReadAllText(folder.File("xcally-license.private.pem"));

        var again = TestSupport.Cli.Run("keygen", "--out", folder.Path);

        Assert.Equal(ExitCodes.OutputFailed, again.ExitCode);
        Assert.Contains("never overwritten", again.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(folder.File("xcally-license.private.pem")));
    }

    [Fact]
    public void The_passphrase_comes_from_a_file_an_environment_variable_or_standard_input_and_each_one_decrypts_the_key()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("pass"), "from a file\n");
        var fromEnvironment = new CliContext { Time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestLicenses.Now), GetEnvironmentVariable = name => name == "KEY_PASS" ? "from the environment" : null };
        var fromStdin = new CliContext { Time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestLicenses.Now), StandardInput = new StringReader("from stdin\n") };

        Assert.Equal(0, TestSupport.Cli.Run("keygen", "--out", folder.Path, "--name", "file", "--passphrase-file", folder.File("pass")).ExitCode);
        Assert.Equal(0, TestSupport.Cli.Run(fromEnvironment, "keygen", "--out", folder.Path, "--name", "env", "--passphrase-env", "KEY_PASS").ExitCode);
        Assert.Equal(0, TestSupport.Cli.Run(fromStdin, "keygen", "--out", folder.Path, "--name", "stdin", "--passphrase-stdin").ExitCode);

        AssertDecrypts(folder.File("file.private.pem"), "from a file");
        AssertDecrypts(folder.File("env.private.pem"), "from the environment");
        AssertDecrypts(folder.File("stdin.private.pem"), "from stdin");
    }

    [Theory]
    [InlineData("--passphrase")]
    [InlineData("--password")]
    public void A_passphrase_on_the_command_line_is_refused(string option)
    {
        using var folder = new TempFolder();

        var result = TestSupport.Cli.Run("keygen", "--out", folder.Path, option, "hunter2");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Empty(Directory.EnumerateFiles(folder.Path));
    }

    private static void AssertDecrypts(string path, string passphrase)
    {
        var pem = File.ReadAllText(path);
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----", pem, StringComparison.Ordinal);
        Assert.True(SigningKey.TryImportPem(pem, passphrase, out var key, out var error), error);
        key.Dispose();
        Assert.False(SigningKey.TryImportPem(pem, "wrong", out _, out _));
    }
}
