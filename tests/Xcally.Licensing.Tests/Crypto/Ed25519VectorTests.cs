using System.Text;
using System.Text.Json;
using Xcally.Licensing.Crypto;

namespace Xcally.Licensing.Tests.Crypto;

/// <summary>
/// Third-party Ed25519 vectors (TestData/ed25519, see its README) run through the product's own
/// seam, so a BouncyCastle upgrade that changes any verdict fails here first.
/// </summary>
public sealed class Ed25519VectorTests
{
    private static readonly string VectorRoot = Path.Combine(AppContext.BaseDirectory, "TestData", "ed25519");

    private static JsonElement Load(string relativePath)
        => JsonDocument.Parse(File.ReadAllBytes(Path.Combine(VectorRoot, relativePath))).RootElement;

    public static TheoryData<string> Rfc8032VectorNames()
    {
        var names = new TheoryData<string>();
        foreach (var vector in Load("rfc8032/rfc8032_7.1_ed25519.json").GetProperty("vectors").EnumerateArray())
        {
            names.Add(vector.GetProperty("name").GetString()!);
        }

        return names;
    }

    [Theory]
    [MemberData(nameof(Rfc8032VectorNames))]
    public void Each_RFC_8032_vector_derives_its_public_key_signs_byte_for_byte_and_verifies(string name)
    {
        var vector = Load("rfc8032/rfc8032_7.1_ed25519.json").GetProperty("vectors").EnumerateArray()
            .Single(v => v.GetProperty("name").GetString() == name);
        var secretKey = Convert.FromHexString(vector.GetProperty("secret_key").GetString()!);
        var publicKey = Convert.FromHexString(vector.GetProperty("public_key").GetString()!);
        var message = Convert.FromHexString(vector.GetProperty("message").GetString()!);
        var expectedSignature = Convert.FromHexString(vector.GetProperty("signature").GetString()!);

        var derived = new byte[Ed25519.PublicKeySize];
        Ed25519.DerivePublicKey(secretKey, derived);
        var signature = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(secretKey, message, signature);
        var withPublicKey = new byte[Ed25519.SignatureSize];
        Ed25519.Sign(secretKey, derived, message, withPublicKey);

        Assert.Equal(Convert.ToHexString(publicKey), Convert.ToHexString(derived));
        Assert.Equal(Convert.ToHexString(expectedSignature), Convert.ToHexString(signature));
        Assert.Equal(Convert.ToHexString(expectedSignature), Convert.ToHexString(withPublicKey));
        Assert.True(Ed25519.Verify(publicKey, message, signature));
    }

    [Fact]
    public void The_RFC_8032_file_holds_the_five_section_7_1_vectors()
    {
        Assert.Equal(["TEST 1", "TEST 2", "TEST 3", "TEST 1024", "TEST SHA(abc)"], Rfc8032VectorNames().Select(row => (string)row.Data));
    }

    [Fact]
    public void Every_Wycheproof_case_gets_the_expected_verdict()
    {
        var root = Load("wycheproof/ed25519_test.json");
        var disagreements = new List<string>();
        int valid = 0, invalid = 0;
        foreach (var group in root.GetProperty("testGroups").EnumerateArray())
        {
            var publicKey = Convert.FromHexString(group.GetProperty("publicKey").GetProperty("pk").GetString()!);
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                var expected = test.GetProperty("result").GetString() switch
                {
                    "valid" => true,
                    "invalid" => false,
                    var other => throw new InvalidDataException($"Wycheproof result '{other}' is not handled by this test."),
                };
                var actual = Ed25519.Verify(
                    publicKey,
                    Convert.FromHexString(test.GetProperty("msg").GetString()!),
                    Convert.FromHexString(test.GetProperty("sig").GetString()!));
                if (expected) { valid++; } else { invalid++; }
                if (actual != expected)
                {
                    disagreements.Add($"tcId {test.GetProperty("tcId").GetInt32()} ({test.GetProperty("comment").GetString()}): expected {expected}, got {actual}");
                }
            }
        }

        Assert.Empty(disagreements);
        Assert.Equal(root.GetProperty("numberOfTests").GetInt32(), valid + invalid);
        Assert.Equal((88, 63), (valid, invalid));
    }

    /// <summary>
    /// speccheck's twelve cases are where implementations legitimately differ. The product
    /// validates public keys fully (canonical, not of small order, in the prime-order subgroup)
    /// and requires canonical R and S, so it accepts none of them: every case has a small-order or
    /// mixed-order key, a non-canonical encoding, or S ≥ L. (The equation itself is cofactored, as
    /// docs/license-format.md section 4 says; the conformance corpus pins the cases where that matters.)
    /// </summary>
    [Fact]
    public void Speccheck_cases_are_all_rejected_as_pinned()
    {
        var verdicts = new StringBuilder();
        foreach (var @case in Load("speccheck/cases.json").EnumerateArray())
        {
            var accepted = Ed25519.Verify(
                Convert.FromHexString(@case.GetProperty("pub_key").GetString()!),
                Convert.FromHexString(@case.GetProperty("message").GetString()!),
                Convert.FromHexString(@case.GetProperty("signature").GetString()!));
            verdicts.Append(accepted ? 'V' : 'X');
        }

        Assert.Equal("XXXXXXXXXXXX", verdicts.ToString());
    }

    /// <summary>
    /// CCTV's vectors all involve low-order or non-canonical points. Pinned behaviour: any key
    /// that is not a canonical point of prime order is refused (full key validation), a
    /// non-canonical R is refused (RFC 8032 §5.1.7), and the equation is checked cofactored
    /// (BouncyCastle's choice, which RFC 8032 allows), so a low-order R or a low-order residue in R
    /// alone does not make a genuine signature fail. Forging still needs the private key, because
    /// the key itself is always of prime order.
    /// </summary>
    [Fact]
    public void CCTV_vectors_are_refused_for_any_unsound_key_or_non_canonical_R_and_pinned_otherwise()
    {
        string[] rejectingFlags = ["low_order_A", "non_canonical_A", "low_order_component_A", "non_canonical_R"];
        var disagreements = new List<string>();
        var accepted = 0;
        var vectors = Load("cctv/ed25519vectors.json").EnumerateArray().ToList();
        foreach (var vector in vectors)
        {
            var flags = vector.TryGetProperty("flags", out var f) && f.ValueKind == JsonValueKind.Array
                ? f.EnumerateArray().Select(x => x.GetString()!).ToArray()
                : [];
            var actual = Ed25519.Verify(
                Convert.FromHexString(vector.GetProperty("key").GetString()!),
                Encoding.UTF8.GetBytes(vector.GetProperty("msg").GetString()!),
                Convert.FromHexString(vector.GetProperty("sig").GetString()!));
            var expected = !flags.Intersect(rejectingFlags).Any();
            if (actual) { accepted++; }
            if (actual != expected)
            {
                disagreements.Add($"#{vector.GetProperty("number").GetInt32()} [{string.Join(',', flags)}]: expected {expected}, got {actual}");
            }
        }

        Assert.Equal(914, vectors.Count);
        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements.Take(20)) + $"\n({disagreements.Count} disagreements)");
        Assert.Equal(PinnedCctvAcceptedCount, accepted);
    }

    private const int PinnedCctvAcceptedCount = 16;

    public static TheoryData<int> WrongSignatureLengths() => [0, 1, 32, 63, 65, 96, 128];

    [Theory]
    [MemberData(nameof(WrongSignatureLengths))]
    public void A_signature_of_the_wrong_length_never_verifies_and_never_throws(int length)
    {
        var (publicKey, message, signature) = Rfc8032Test1();
        var resized = new byte[length];
        signature.AsSpan(0, Math.Min(length, signature.Length)).CopyTo(resized);

        Assert.False(Ed25519.Verify(publicKey, message, resized));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void A_public_key_of_the_wrong_length_is_refused_before_verification(int length)
    {
        var (publicKey, message, signature) = Rfc8032Test1();
        var resized = new byte[length];
        publicKey.AsSpan(0, Math.Min(length, publicKey.Length)).CopyTo(resized);

        Assert.Null(Ed25519.TryPrepare(resized));
        Assert.False(Ed25519.Verify(resized, message, signature));
    }

    [Fact]
    public void The_unmodified_RFC_8032_test_1_signature_verifies_so_the_length_tests_above_are_meaningful()
    {
        var (publicKey, message, signature) = Rfc8032Test1();
        Assert.True(Ed25519.Verify(publicKey, message, signature));
    }

    [Fact]
    public void Signing_with_a_private_key_of_the_wrong_length_is_misuse_and_throws()
    {
        var signature = new byte[Ed25519.SignatureSize];
        Assert.Throws<ArgumentException>(() => Ed25519.Sign(new byte[31], "m"u8, signature));
        Assert.Throws<ArgumentException>(() => Ed25519.Sign(new byte[32], "m"u8, new byte[63]));
        Assert.Throws<ArgumentException>(() => Ed25519.Sign(new byte[32], new byte[31], "m"u8, signature));
    }

    private static (byte[] PublicKey, byte[] Message, byte[] Signature) Rfc8032Test1()
    {
        var vector = Load("rfc8032/rfc8032_7.1_ed25519.json").GetProperty("vectors")[0];
        return (
            Convert.FromHexString(vector.GetProperty("public_key").GetString()!),
            Convert.FromHexString(vector.GetProperty("message").GetString()!),
            Convert.FromHexString(vector.GetProperty("signature").GetString()!));
    }
}
