using System.Security.Cryptography;
using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Keys;

public sealed class KeyTests
{
    [Fact]
    public void A_public_key_round_trips_through_PEM()
    {
        var pem = TestLicenses.Key.PublicKey.ExportPem();
        var imported = LicensePublicKey.ImportPem(pem);

        Assert.Equal(TestLicenses.Key.PublicKey, imported);
        Assert.Equal(pem, imported.ExportPem());
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", pem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_example_key_has_its_documented_key_id_and_is_a_development_key()
    {
        var example = LicensePublicKey.ImportPem(RepositoryFiles.Read("keys.example/example.public.pem"));

        Assert.Equal("098b8b1a8d13a70f", example.Id.ToString());
        Assert.True(example.IsDevelopmentKey);
        Assert.Contains("098b8b1a8d13a70f", RepositoryFiles.Read("keys.example/README.md"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_license_signed_with_the_example_key_is_refused_unless_development_keys_are_allowed()
    {
        var example = LicensePublicKey.ImportPem(RepositoryFiles.Read("keys.example/example.public.pem"));
        using var exampleSigner = SigningKey.TryImportPem(RepositoryFiles.Read("keys.example/example.private.pem"), default, out var key, out var error)
            ? key
            : throw new InvalidOperationException(error);
        var file = exampleSigner.Issue(TestLicenses.Subscription);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestLicenses.Now);

        var refused = new LicenseVerifier(new TrustedKeys([example]), clock).Verify(file);
        var allowed = new LicenseVerifier(new TrustedKeys([example], allowDevelopmentKeys: true), clock).Verify(file);

        Assert.Equal(LicenseVerificationStatus.DevelopmentKeyNotAllowed, refused.Status);
        Assert.Equal(LicenseVerificationStatus.Valid, allowed.Status);
    }

    [Fact]
    public void A_license_signed_by_a_key_that_is_not_trusted_is_an_unknown_key_not_damage_or_forgery()
    {
        var file = TestLicenses.ForeignKey.Issue(TestLicenses.Subscription);

        var result = TestLicenses.Verifier().Verify(file);

        Assert.Equal(LicenseVerificationStatus.UnknownKey, result.Status);
        Assert.Equal(TestLicenses.ForeignKey.Id, result.KeyId);
        Assert.Contains(TestLicenses.ForeignKey.Id.ToString(), result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void PEM_that_is_not_an_Ed25519_public_key_is_refused_without_an_exception()
    {
        using var rsa = RSA.Create(2048);
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string[] notEd25519 =
        [
            rsa.ExportSubjectPublicKeyInfoPem(),
            ec.ExportSubjectPublicKeyInfoPem(),
            "-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----\n",
            string.Empty,
            RepositoryFiles.Read("keys.example/example.private.pem"),
        ];

        foreach (var pem in notEd25519)
        {
            Assert.False(LicensePublicKey.TryImportPem(pem, out _), pem);
        }

        Assert.Throws<FormatException>(() => LicensePublicKey.ImportPem(rsa.ExportSubjectPublicKeyInfoPem()));
    }

    [Fact]
    public void A_small_order_or_wrong_length_public_key_is_refused()
    {
        Assert.False(LicensePublicKey.TryImport(new byte[32], out _));
        Assert.False(LicensePublicKey.TryImport(new byte[31], out _));
        Assert.True(LicensePublicKey.TryImport(TestLicenses.Key.PublicKey.Bytes.Span, out _));
    }
}
