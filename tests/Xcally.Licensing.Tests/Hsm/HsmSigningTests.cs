using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Microsoft.Extensions.Time.Testing;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Xcally.Licensing.Format;
using Xcally.Licensing.Issuing.Hsm;
using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;
using Pkcs11Uri = Xcally.Licensing.Issuing.Hsm.Pkcs11Uri;

namespace Xcally.Licensing.Tests.Hsm;

/// <summary>Signing with a key inside a real SoftHSM2 token, through the tool, end to end; and every way it can be set up wrong.</summary>
[Collection(SoftHsmCollection.Name)]
[UnsupportedOSPlatform("windows")]
public sealed class HsmSigningTests(SoftHsm hsm)
{
    private static string Request => RepositoryFiles.PathOf("samples/requests/new-license.json");

    [Fact]
    public void Keygen_creates_a_non_extractable_Ed25519_key_in_the_HSM_and_writes_only_its_public_key()
    {
        var token = hsm.NewToken("keygen");
        using var folder = new TempFolder();
        var uri = $"pkcs11:token={token};object=licensing-2026";

        var result = Run(Context(), "keygen", "--pkcs11", uri, "--out", folder.Path, "--name", "team");

        Assert.True(result.ExitCode == 0, result.Error);
        var publicKey = LicensePublicKey.ImportPem(File.ReadAllText(folder.File("team.public.pem")));
        Assert.Contains($"key id      {publicKey.Id}", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("team.private.pem")));
        using var key = Pkcs11SigningKey.Open(SoftHsm.ModulePath, Pkcs11Uri.Parse(uri), "246810"u8);
        Assert.Equal(publicKey, key.PublicKey);
        Assert.True(key.IsNonExtractable);
        AssertPrivateValueUnreadable(token, "licensing-2026");
    }

    [Fact]
    public void A_license_signed_through_the_HSM_verifies_with_the_library_and_with_openssl()
    {
        var token = hsm.NewToken("issue");
        using var folder = new TempFolder();
        var uri = $"pkcs11:token={token};object=licensing;id=%01%02";
        Assert.Equal(0, Run(Context(), "keygen", "--pkcs11", uri, "--out", folder.Path, "--name", "hsm").ExitCode);

        var issue = Run(Context(), "issue", Request, "--key", uri, "--out", folder.File("license.lic"));
        var verify = TestSupport.Cli.Run("verify", folder.File("license.lic"), "--public-key", folder.File("hsm.public.pem"));

        Assert.True(issue.ExitCode == 0, issue.Error);
        Assert.Equal(0, verify.ExitCode);
        Assert.StartsWith("VALID", verify.Output, StringComparison.Ordinal);

        OpenSsl.SkipUnlessInstalled();
        var (message, signature) = SignedParts(File.ReadAllText(folder.File("license.lic")));
        File.WriteAllBytes(folder.File("message.bin"), message);
        File.WriteAllBytes(folder.File("signature.bin"), signature);
        var openssl = OpenSsl.RunOrFail("pkeyutl", "-verify", "-pubin", "-inkey", folder.File("hsm.public.pem"), "-rawin", "-in", folder.File("message.bin"), "-sigfile", folder.File("signature.bin"));
        Assert.Contains("Signature Verified Successfully", openssl, StringComparison.Ordinal);
        signature[10] ^= 1;
        File.WriteAllBytes(folder.File("signature.bin"), signature);
        Assert.NotEqual(0, OpenSsl.Run("pkeyutl", "-verify", "-pubin", "-inkey", folder.File("hsm.public.pem"), "-rawin", "-in", folder.File("message.bin"), "-sigfile", folder.File("signature.bin")).ExitCode);
    }

    [Fact]
    public void The_PIN_comes_from_a_PIN_file_from_standard_input_or_the_settings_and_an_open_PIN_file_is_refused()
    {
        var token = hsm.NewToken("pin");
        using var folder = new TempFolder();
        var uri = $"pkcs11:token={token};object=k";
        Assert.Equal(0, Run(Context(), "keygen", "--pkcs11", uri, "--out", folder.Path).ExitCode);
        var pinFile = folder.File("pin");
        File.WriteAllText(pinFile, SoftHsm.UserPin + "\n");
        File.SetUnixFileMode(pinFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var fromFile = Run(Context(pin: null), "issue", Request, "--key", uri, "--pin-file", pinFile, "--out", folder.File("a.lic"));
        var fromStdin = Run(Context(pin: null, input: new StringReader(SoftHsm.UserPin + "\n")), "issue", Request, "--key", uri, "--pin-stdin", "--out", folder.File("b.lic"));
        var fromSettings = Run(Context(pin: null, settings: new() { ["Signer:Pkcs11PinFile"] = pinFile }), "issue", Request, "--key", uri, "--out", folder.File("c.lic"));
        File.SetUnixFileMode(pinFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var tooOpen = Run(Context(pin: null), "issue", Request, "--key", uri, "--pin-file", pinFile, "--out", folder.File("d.lic"));

        Assert.True(fromFile.ExitCode == 0, fromFile.Error);
        Assert.True(fromStdin.ExitCode == 0, fromStdin.Error);
        Assert.True(fromSettings.ExitCode == 0, fromSettings.Error);
        Assert.Equal(ExitCodes.KeyProblem, tooOpen.ExitCode);
        Assert.Contains("too open", tooOpen.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("d.lic")));
    }

    [Fact]
    public void A_token_whose_public_key_is_not_its_private_keys_signs_nothing()
    {
        var token = hsm.NewToken("mismatch");
        using var folder = new TempFolder();
        Assert.Equal(0, Run(Context(), "keygen", "--pkcs11", $"pkcs11:token={token};object=a", "--out", folder.Path, "--name", "a").ExitCode);
        Assert.Equal(0, Run(Context(), "keygen", "--pkcs11", $"pkcs11:token={token};object=b", "--out", folder.Path, "--name", "b").ExitCode);
        SwapPublicKey(token, replaced: "a", by: "b");
        var ledger = folder.File("ledger.db");

        var result = Run(Context(), "issue", Request, "--key", $"pkcs11:token={token};object=a", "--ledger", ledger, "--out", folder.File("license.lic"));

        AssertKeyProblem(result, "does not verify", "No license was signed");
        Assert.False(File.Exists(folder.File("license.lic")));
        if (File.Exists(ledger))
        {
            using var opened = Xcally.Licensing.Issuing.Ledger.LicenseLedger.Open(ledger);
            Assert.Equal(0, opened.CountIssued());
        }
    }

    [Fact]
    public void Keygen_never_overwrites_a_key_on_the_token()
    {
        var token = hsm.NewToken("twice");
        using var first = new TempFolder();
        using var second = new TempFolder();
        var uri = $"pkcs11:token={token};object=only-one";
        Assert.Equal(0, Run(Context(), "keygen", "--pkcs11", uri, "--out", first.Path).ExitCode);

        var again = Run(Context(), "keygen", "--pkcs11", uri, "--out", second.Path);

        Assert.Equal(ExitCodes.KeyProblem, again.ExitCode);
        Assert.Contains("never overwritten", again.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(second.File("xcally-license.public.pem")));
    }

    [Fact]
    public void A_wrong_PIN_is_a_key_problem_that_says_so()
    {
        var token = hsm.NewToken("wrongpin");
        using var folder = new TempFolder();
        var uri = $"pkcs11:token={token};object=k";
        Assert.Equal(0, Run(Context(), "keygen", "--pkcs11", uri, "--out", folder.Path).ExitCode);

        var result = Run(Context(pin: "999999"), "issue", Request, "--key", uri, "--out", folder.File("license.lic"));

        AssertKeyProblem(result, "the PIN for token", "is wrong");
        Assert.DoesNotContain("999999", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("license.lic")));
    }

    [Fact]
    public void A_missing_token_is_named_with_the_tokens_that_are_there()
    {
        var token = hsm.NewToken("present");
        using var folder = new TempFolder();

        var result = Run(Context(), "issue", Request, "--key", "pkcs11:token=no-such-token;object=k", "--out", folder.File("license.lic"));

        AssertKeyProblem(result, "no token 'no-such-token'", token);
    }

    [Fact]
    public void A_key_that_is_not_on_the_token_is_not_found()
    {
        var token = hsm.NewToken("nokey");
        using var folder = new TempFolder();

        var result = Run(Context(), "issue", Request, "--key", $"pkcs11:token={token};object=absent", "--out", folder.File("license.lic"));

        AssertKeyProblem(result, "no private key 'absent'", "keygen --pkcs11");
    }

    [Theory]
    [InlineData("p256", "CKK_EC")]
    [InlineData("rsa", "CKK_RSA")]
    public void An_EC_P256_or_RSA_key_under_the_label_is_refused_as_not_Ed25519(string kind, string keyType)
    {
        var token = hsm.NewToken(kind);
        using var folder = new TempFolder();
        GenerateOther(token, "not-ed25519", kind);

        var result = Run(Context(), "issue", Request, "--key", $"pkcs11:token={token};object=not-ed25519", "--out", folder.File("license.lic"));

        AssertKeyProblem(result, "is not an Ed25519 key", $"its type is {keyType})");
        Assert.False(File.Exists(folder.File("license.lic")));
    }

    [Fact]
    public void A_module_path_that_does_not_exist_is_named()
    {
        using var folder = new TempFolder();
        hsm.RequireInstalled();

        var result = Run(Context(module: "/nonexistent/libpkcs11.so"), "issue", Request, "--key", "pkcs11:token=t;object=k", "--out", folder.File("license.lic"));

        AssertKeyProblem(result, "'/nonexistent/libpkcs11.so' does not exist", "Signer:Pkcs11Module");
    }

    [Fact]
    public void A_shared_library_that_is_not_a_PKCS11_module_is_refused()
    {
        using var folder = new TempFolder();
        hsm.RequireInstalled();
        var notAModule = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.Native.so");
        Assert.SkipUnless(File.Exists(notAModule), "the .NET runtime has no libSystem.Native.so here");

        var result = Run(Context(module: notAModule), "issue", Request, "--key", "pkcs11:token=t;object=k", "--out", folder.File("license.lic"));

        AssertKeyProblem(result, "is not a PKCS#11 module", "C_GetFunctionList");
    }

    [Fact]
    public void A_module_file_that_is_not_a_library_at_all_cannot_be_loaded()
    {
        using var folder = new TempFolder();
        hsm.RequireInstalled();
        File.WriteAllText(folder.File("module.so"), "not an ELF file");

        var result = Run(Context(module: folder.File("module.so")), "issue", Request, "--key", "pkcs11:token=t;object=k", "--out", folder.File("license.lic"));

        AssertKeyProblem(result, "cannot load the PKCS#11 module", "module.so");
    }

    [Fact]
    public void No_module_setting_says_which_setting_to_set()
    {
        using var folder = new TempFolder();
        hsm.RequireInstalled();

        var result = Run(Context(module: string.Empty), "issue", Request, "--key", "pkcs11:token=t;object=k", "--out", folder.File("license.lic"));

        AssertKeyProblem(result, "no PKCS#11 module", "XCALLY_LICENSE_Signer__Pkcs11Module");
    }

    /// <summary>The envelope's signed message (domain tag and header and payload) and its signature, as OpenSSL checks them.</summary>
    internal static (byte[] Message, byte[] Signature) SignedParts(string licenseText)
    {
        Assert.Equal(LicenseArmor.Outcome.Found, LicenseArmor.TryRead(licenseText, out var envelope, out _));
        var signedLength = envelope.Length - LicenseEnvelope.ChecksumSize - 64;
        return (LicenseEnvelope.SignedMessage(envelope.AsSpan(0, signedLength)), envelope.AsSpan(signedLength, 64).ToArray());
    }

    private static void AssertKeyProblem(TestSupport.Cli.Result result, params string[] fragments)
    {
        Assert.True(result.ExitCode == ExitCodes.KeyProblem, $"exit {result.ExitCode}: {result.Error}");
        Assert.StartsWith("error: HSM: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        foreach (var fragment in fragments)
        {
            Assert.Contains(fragment, result.Error, StringComparison.Ordinal);
        }
    }

    private static void AssertPrivateValueUnreadable(string token, string label)
    {
        using var module = Pkcs11Module.Load(SoftHsm.ModulePath);
        using var session = Pkcs11Token.OpenSession(module, Pkcs11Uri.Parse($"pkcs11:token={token};object={label}"), "246810"u8, readWrite: false);
        var key = Assert.Single(Pkcs11Token.FindKeys(session, Pkcs11Uri.Parse($"pkcs11:token={token};object={label}"), CKO.CKO_PRIVATE_KEY));
        var attributes = session.GetAttributeValue(key, [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_VALUE, CKA.CKA_TOKEN, CKA.CKA_PRIVATE]);
        Assert.True(attributes[0].GetValueAsBool());
        Assert.False(attributes[1].GetValueAsBool());
        Assert.True(attributes[2].CannotBeRead);
        Assert.True(attributes[3].GetValueAsBool());
        Assert.True(attributes[4].GetValueAsBool());
    }

    /// <summary>Deletes the public key object labelled <paramref name="replaced"/> and gives its label to the public key of <paramref name="by"/>: a token in an inconsistent state.</summary>
    private static void SwapPublicKey(string token, string replaced, string by)
    {
        using var module = Pkcs11Module.Load(SoftHsm.ModulePath);
        using var session = Pkcs11Token.OpenSession(module, Pkcs11Uri.Parse($"pkcs11:token={token};object={replaced}"), "246810"u8, readWrite: true);
        session.DestroyObject(Assert.Single(Pkcs11Token.FindKeys(session, Pkcs11Uri.Parse($"pkcs11:token={token};object={replaced}"), CKO.CKO_PUBLIC_KEY)));
        var other = Assert.Single(Pkcs11Token.FindKeys(session, Pkcs11Uri.Parse($"pkcs11:token={token};object={by}"), CKO.CKO_PUBLIC_KEY));
        session.SetAttributeValue(other, [Pkcs11Module.Factories.ObjectAttributeFactory.Create(CKA.CKA_LABEL, replaced)]);
    }

    private static void GenerateOther(string token, string label, string kind)
    {
        using var module = Pkcs11Module.Load(SoftHsm.ModulePath);
        using var session = Pkcs11Token.OpenSession(module, Pkcs11Uri.Parse($"pkcs11:token={token};object={label}"), "246810"u8, readWrite: true);
        var f = Pkcs11Module.Factories.ObjectAttributeFactory;
        byte[] p256 = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];
        session.GenerateKeyPair(
            Pkcs11Module.Factories.MechanismFactory.Create(kind == "rsa" ? CKM.CKM_RSA_PKCS_KEY_PAIR_GEN : CKM.CKM_EC_KEY_PAIR_GEN),
            [f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_VERIFY, true), kind == "rsa" ? f.Create(CKA.CKA_MODULUS_BITS, 2048UL) : f.Create(CKA.CKA_EC_PARAMS, p256), f.Create(CKA.CKA_LABEL, label)],
            [f.Create(CKA.CKA_TOKEN, true), f.Create(CKA.CKA_PRIVATE, true), f.Create(CKA.CKA_SIGN, true), f.Create(CKA.CKA_LABEL, label)],
            out _,
            out _);
    }

    private static TestSupport.Cli.Result Run(CliContext context, params string[] args) => TestSupport.Cli.Run(context, args);

    private static CliContext Context(string? pin = SoftHsm.UserPin, TextReader? input = null, string module = SoftHsm.ModulePath, Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Signer:LedgerPath"] = Path.Combine(Path.GetTempPath(), $"xcally-ledger-{Guid.NewGuid():N}.db"),
            ["Signer:Pkcs11Module"] = module,
        };
        foreach (var (name, value) in settings ?? [])
        {
            all[name] = value;
        }

        return new CliContext
        {
            Time = new FakeTimeProvider(TestLicenses.Now),
            StandardInput = input ?? TextReader.Null,
            ShowProgress = false,
            GetEnvironmentVariable = name => name == "XCALLY_LICENSE_PKCS11_PIN" ? pin : null,
            Settings = all,
        };
    }
}
