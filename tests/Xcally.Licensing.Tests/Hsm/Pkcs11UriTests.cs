using Microsoft.Extensions.Time.Testing;
using Xcally.Licensing.Issuing.Hsm;
using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Hsm;

/// <summary>The PKCS#11 URI (RFC 7512) that names an HSM key, and the PINs it must never carry. None of these needs an HSM.</summary>
public sealed class Pkcs11UriTests
{
    private static string Request => RepositoryFiles.PathOf("samples/requests/new-license.json");

    [Fact]
    public void Token_object_and_a_percent_encoded_id_are_read()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:token=Licensing%20Team;object=xcally-license-2026;id=%01%a2;serial=42?module-path=/usr/lib/softhsm/libsofthsm2.so");

        Assert.Equal("Licensing Team", uri.Token);
        Assert.Equal("xcally-license-2026", uri.Object);
        Assert.Equal(new byte[] { 0x01, 0xA2 }, uri.Id);
        Assert.Equal("42", uri.Serial);
        Assert.Equal("/usr/lib/softhsm/libsofthsm2.so", uri.ModulePath);
        Assert.Equal("'xcally-license-2026' (id 01a2) on token 'Licensing Team'", uri.KeyName);
    }

    [Theory]
    [InlineData("pkcs11:object=k", "names no token")]
    [InlineData("pkcs11:token=t", "names no key")]
    [InlineData("pkcs11:token=t;object=k;slot-id=3", "'slot-id' is not supported")]
    [InlineData("pkcs11:token=t;object=k;type=cert", "type=private")]
    [InlineData("pkcs11:token=t;object=%zz", "invalid percent escape")]
    [InlineData("pkcs11:token=t;object", "has no '='")]
    [InlineData("pkcs11:token=t;object=k?module-name=softhsm2", "'module-name' is not supported")]
    public void A_URI_that_does_not_name_one_key_plainly_is_refused(string text, string reason)
    {
        Assert.False(Pkcs11Uri.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_PIN_in_the_URI_is_refused_without_being_repeated()
    {
        var result = TestSupport.Cli.Run(Context(), "issue", Request, "--key", "pkcs11:token=t;object=k?pin-value=731904", "--out", Path.Combine(Path.GetTempPath(), $"never-{Guid.NewGuid():N}.lic"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("pin-value", result.Error, StringComparison.Ordinal);
        Assert.Contains("XCALLY_LICENSE_PKCS11_PIN", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("731904", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("|cat%20/etc/pin")]
    [InlineData("https://pins.example/pin")]
    [InlineData("file://fileserver/share/pin")]
    public void A_pin_source_that_is_not_a_local_file_is_refused(string source)
    {
        var result = TestSupport.Cli.Run(Context(), "issue", Request, "--key", $"pkcs11:token=t;object=k?pin-source={source}", "--out", Path.Combine(Path.GetTempPath(), $"never-{Guid.NewGuid():N}.lic"));

        Assert.Equal(ExitCodes.KeyProblem, result.ExitCode);
        Assert.Contains("is not a local file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_PIN_the_tool_says_where_a_PIN_may_come_from()
    {
        var result = TestSupport.Cli.Run(Context(), "issue", Request, "--key", "pkcs11:token=t;object=k", "--out", Path.Combine(Path.GetTempPath(), $"never-{Guid.NewGuid():N}.lic"));

        Assert.Equal(ExitCodes.KeyProblem, result.ExitCode);
        Assert.Contains("XCALLY_LICENSE_PKCS11_PIN", result.Error, StringComparison.Ordinal);
        Assert.Contains("Signer:Pkcs11PinFile", result.Error, StringComparison.Ordinal);
        Assert.Contains("--pin-stdin", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void There_is_no_option_that_takes_the_PIN_itself()
    {
        var result = TestSupport.Cli.Run(Context(), "issue", Request, "--key", "pkcs11:token=t;object=k", "--pin", "1234");

        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public void Keygen_in_an_HSM_takes_no_passphrase()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("pass"), "a passphrase\n");

        var result = TestSupport.Cli.Run(Context(), "keygen", "--pkcs11", "pkcs11:token=t;object=k", "--out", folder.Path, "--passphrase-file", folder.File("pass"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("no passphrase applies", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("xcally-license.public.pem")));
    }

    [Fact]
    public void The_public_key_is_read_from_CKA_EC_POINT_raw_or_wrapped_in_a_DER_OCTET_STRING()
    {
        var publicKey = TestLicenses.Key.PublicKey.Bytes.ToArray();

        Assert.True(Pkcs11SigningKey.TryReadEcPoint(publicKey, out var fromRaw));
        Assert.True(Pkcs11SigningKey.TryReadEcPoint([0x04, 0x20, .. publicKey], out var fromWrapped));
        Assert.Equal(TestLicenses.Key.PublicKey, fromRaw);
        Assert.Equal(TestLicenses.Key.PublicKey, fromWrapped);
        Assert.False(Pkcs11SigningKey.TryReadEcPoint([0x04, 0x21, .. publicKey, 0x00], out _));
        Assert.False(Pkcs11SigningKey.TryReadEcPoint(publicKey.AsSpan(1), out _));
        Assert.False(Pkcs11SigningKey.TryReadEcPoint([], out _));
    }

    private static CliContext Context() => new()
    {
        Time = new FakeTimeProvider(TestLicenses.Now),
        StandardInput = TextReader.Null,
        ShowProgress = false,
        GetEnvironmentVariable = _ => null,
        Settings = new Dictionary<string, string?> { ["Signer:LedgerPath"] = Path.Combine(Path.GetTempPath(), $"xcally-ledger-{Guid.NewGuid():N}.db") },
    };
}
