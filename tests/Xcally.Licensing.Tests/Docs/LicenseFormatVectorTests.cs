using System.Text;
using System.Text.RegularExpressions;
using Xcally.Licensing.Document;
using Xcally.Licensing.Format;
using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Docs;

/// <summary>docs/license-format.md's test vectors, checked byte for byte against the implementation.</summary>
public sealed partial class LicenseFormatVectorTests
{
    private static readonly Dictionary<string, string> s_vectors = ReadVectors();
    private static readonly SigningKey s_key = SigningKey.FromPrivateKey(Convert.FromHexString(Hex("private-key")));
    private static readonly LicenseVerifier s_verifier = new(new TrustedKeys([s_key.PublicKey]), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestLicenses.Now));

    [GeneratedRegex(@"<!-- vector:(?<name>[a-z-]+) -->\n```\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex VectorBlock();

    private static Dictionary<string, string> ReadVectors()
    {
        var text = RepositoryFiles.Read("docs/license-format.md").Replace("\r\n", "\n", StringComparison.Ordinal);
        return VectorBlock().Matches(text).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["body"].Value);
    }

    private static string Hex(string name) => s_vectors[name].Replace("\n", string.Empty, StringComparison.Ordinal);

    [Fact]
    public void The_document_holds_every_vector() =>
        Assert.Equal(
            ["bad-signature", "check", "damaged", "envelope", "key-id", "license-file", "payload", "private-key", "public-key", "public-key-pem", "signature", "signed-message", "unsupported-version"],
            s_vectors.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void The_public_key_and_key_id_derive_from_the_private_key()
    {
        Assert.Equal(Hex("public-key"), Convert.ToHexString(s_key.PublicKey.Bytes.Span).ToLowerInvariant());
        Assert.Equal(Hex("key-id"), KeyId.Derive(Convert.FromHexString(Hex("public-key"))).ToString());
        Assert.Equal(s_vectors["public-key-pem"], s_key.PublicKey.ExportPem());
    }

    [Fact]
    public void The_payload_is_the_signers_canonical_form_of_the_sample_document()
    {
        Assert.Equal(s_vectors["payload"].TrimEnd('\n'), Encoding.UTF8.GetString(LicensePayloadWriter.Write(TestLicenses.Subscription)));
    }

    [Fact]
    public void The_signed_message_signature_check_and_envelope_match_byte_for_byte()
    {
        var payload = Encoding.UTF8.GetBytes(s_vectors["payload"].TrimEnd('\n'));
        var envelope = LicenseEnvelope.Seal(payload, s_key.Id, s_key.Sign);
        var n = payload.Length;

        Assert.Equal(Hex("envelope"), Convert.ToHexString(envelope).ToLowerInvariant());
        Assert.Equal(Hex("signed-message"), Convert.ToHexString(LicenseEnvelope.SignedMessage(envelope.AsSpan(0, 17 + n))).ToLowerInvariant());
        Assert.Equal(Hex("signature"), Convert.ToHexString(envelope.AsSpan(17 + n, 64)).ToLowerInvariant());
        Assert.Equal(Hex("check"), Convert.ToHexString(envelope.AsSpan(81 + n, 4)).ToLowerInvariant());
    }

    [Fact]
    public void The_signature_in_the_vector_verifies_with_plain_RFC_8032_Ed25519()
    {
        Assert.True(Xcally.Licensing.Crypto.Ed25519.Verify(
            Convert.FromHexString(Hex("public-key")),
            Convert.FromHexString(Hex("signed-message")),
            Convert.FromHexString(Hex("signature"))));
    }

    [Fact]
    public void Signing_the_sample_document_writes_the_license_file_exactly()
    {
        Assert.Equal(s_vectors["license-file"], s_key.Issue(TestLicenses.Subscription));
    }

    [Fact]
    public void The_license_file_verifies_to_the_sample_document()
    {
        var result = s_verifier.Verify(s_vectors["license-file"], "K7QX-2M9F-H4TB-8WZC");
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(TestLicenses.Subscription, result.License);
    }

    [Theory]
    [InlineData("damaged", LicenseVerificationStatus.Damaged)]
    [InlineData("bad-signature", LicenseVerificationStatus.BadSignature)]
    [InlineData("unsupported-version", LicenseVerificationStatus.UnsupportedVersion)]
    public void Each_negative_vector_gives_its_documented_status(string vector, LicenseVerificationStatus status) =>
        Assert.Equal(status, s_verifier.Verify(s_vectors[vector]).Status);

    [Fact]
    public void The_license_file_is_an_unknown_key_to_a_verifier_that_trusts_another_key() =>
        Assert.Equal(LicenseVerificationStatus.UnknownKey, TestLicenses.Verifier().Verify(s_vectors["license-file"]).Status);
}
