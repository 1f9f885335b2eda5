using System.Security.Cryptography;
using System.Text;
using Xcally.Licensing.Document;
using Xcally.Licensing.Format;

namespace Xcally.Licensing.Fuzz;

/// <summary>
/// <c>verify</c>: the public LicenseVerifier end to end, Verify(ReadOnlySpan&lt;byte&gt;) and Verify(string),
/// with the vector key trusted and the clock fixed. The first input byte picks the mode: even, the rest
/// is a license file as given to the verifier; odd, the rest is a payload that the harness signs with
/// the vector key and armors as the signer does, so the fuzzer explores past the signature: such a file
/// can only be genuine, malformed or unsupported, and its status must follow from the payload reader
/// and section 7 of docs/license-format.md. Both overloads must agree on any valid UTF-8 input.
/// </summary>
internal sealed class VerifyHarness : Harness
{
    /// <summary>The token of the vector license (docs/license-format.md section 9).</summary>
    public const string ExpectedToken = "K7QX-2M9F-H4TB-8WZC";

    /// <summary>The instant the vector license is verified at in section 9.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private static readonly LicenseVerifier s_verifier = new(new TrustedKeys([VectorKey.PublicKey]), new FixedClock(Now));
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly LicenseVerificationStatus[] s_genuine =
        [LicenseVerificationStatus.Valid, LicenseVerificationStatus.TokenMismatch, LicenseVerificationStatus.NotYetValid, LicenseVerificationStatus.Expired];

    public override string Name => "verify";

    public override string Description => "LicenseVerifier.Verify end to end (first byte odd: the rest is a payload the harness signs with the vector key)";

    public override IEnumerable<byte[]> DictionaryTokens =>
        new ArmorHarness().DictionaryTokens.Concat(new PayloadHarness().DictionaryTokens);

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        if ((input[0] & 1) == 0)
        {
            VerifyFile(input[1..]);
        }
        else
        {
            VerifySigned(input[1..]);
        }
    }

    private static void VerifyFile(ReadOnlySpan<byte> file)
    {
        var fromBytes = s_verifier.Verify(file, ExpectedToken);
        CheckResult(fromBytes);
        if (file.Length > LicenseArmor.MaxInputLength)
        {
            Invariant.Require(fromBytes.Status == LicenseVerificationStatus.TooLarge, $"{file.Length} bytes verified as {fromBytes.Status}, not TooLarge.");
            return;
        }

        string text;
        try
        {
            text = s_strictUtf8.GetString(file);
        }
        catch (DecoderFallbackException)
        {
            Invariant.Require(fromBytes.Status == LicenseVerificationStatus.InvalidEncoding, $"Bytes that are not UTF-8 verified as {fromBytes.Status}, not InvalidEncoding.");

            // The text overload still gets the text, as a lenient decoder would hand it over.
            CheckResult(s_verifier.Verify(Encoding.UTF8.GetString(file), ExpectedToken));
            return;
        }

        var fromText = s_verifier.Verify(text, ExpectedToken);
        CheckResult(fromText);
        Invariant.Require(fromText.Status == fromBytes.Status, $"Verify(bytes) says {fromBytes.Status}; Verify(string) of the same text says {fromText.Status}.");
        Invariant.Require(Equals(fromText.License, fromBytes.License) && fromText.PayloadSha256 == fromBytes.PayloadSha256, "Verify(bytes) and Verify(string) give different documents.");
    }

    private static void VerifySigned(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty || payload.Length > LicenseEnvelope.MaxPayloadSize)
        {
            // No envelope can carry it; every input must still reach instrumented code, or afl-fuzz stops.
            VerifyFile(payload);
            return;
        }

        var text = VectorKey.Armor(payload);
        var result = s_verifier.Verify(text, ExpectedToken);
        CheckResult(result);
        Invariant.Require(result.KeyId == VectorKey.Id, "A file signed with the trusted key reports another key id.");
        Invariant.Require(s_verifier.Verify(Encoding.UTF8.GetBytes(text), ExpectedToken).Status == result.Status, "Verify(bytes) and Verify(string) disagree on a signed file.");

        var outcome = LicensePayloadReader.TryRead(payload.ToArray(), out var document, out _);
        switch (outcome)
        {
            case LicensePayloadReader.Outcome.Malformed:
                Invariant.Require(result.Status == LicenseVerificationStatus.Malformed, $"A signed malformed payload verified as {result.Status}.");
                return;
            case LicensePayloadReader.Outcome.NeedsNewerVerifier:
                Invariant.Require(result.Status == LicenseVerificationStatus.UnsupportedVersion, $"A signed payload needing a newer verifier verified as {result.Status}.");
                return;
        }

        Invariant.Require(document is not null && document.Equals(result.License), $"A signed well-formed payload verified as {result.Status} without its document.");
        Invariant.Require(result.PayloadSha256 == Convert.ToHexStringLower(SHA256.HashData(payload)), "PayloadSha256 is not the SHA-256 of the signed payload.");

        // Section 7, in its order.
        var expected =
            !string.Equals(document.Token, ExpectedToken.Trim(), StringComparison.OrdinalIgnoreCase) ? LicenseVerificationStatus.TokenMismatch
            : Now < document.ValidFrom ? LicenseVerificationStatus.NotYetValid
            : document.ExpiresAt is { } expiresAt && Now >= expiresAt ? LicenseVerificationStatus.Expired
            : LicenseVerificationStatus.Valid;
        Invariant.Require(result.Status == expected, $"A genuine license verified as {result.Status}; section 7 says {expected}.");
    }

    /// <summary>What every result must be, whatever the input.</summary>
    private static void CheckResult(LicenseVerificationResult result)
    {
        Invariant.Require(result is not null, "Verify returned null.");
        Invariant.Defined(result.Status);
        Invariant.Sentence(result.Reason, $"The reason of {result.Status}");
        Invariant.Require(!string.IsNullOrEmpty(result.ToString()), "The result prints as nothing.");

        var genuine = s_genuine.Contains(result.Status);
        Invariant.Require(result.IsValid == (result.Status == LicenseVerificationStatus.Valid), "IsValid does not match the status.");
        Invariant.Require(genuine == result.License is not null, $"{result.Status} {(genuine ? "without" : "with")} a document.");
        Invariant.Require(genuine == result.PayloadSha256 is not null, $"{result.Status} {(genuine ? "without" : "with")} a payload digest.");
        Invariant.Require(result.IsGenuine == genuine, "IsGenuine does not match the status.");
        if (genuine || result.Status is LicenseVerificationStatus.UnknownKey or LicenseVerificationStatus.DevelopmentKeyNotAllowed or LicenseVerificationStatus.BadSignature)
        {
            Invariant.Require(result.KeyId is not null, $"{result.Status} without the key id it was read that far for.");
        }

        if (result.License is { } license)
        {
            var problems = license.Validate();
            Invariant.Require(problems.Count == 0, "A genuine document that breaks the rules: " + string.Join(" ", problems));
        }

        try
        {
            var ensured = result.EnsureValid();
            Invariant.Require(result.IsValid && ReferenceEquals(ensured, result.License), "EnsureValid returned for an invalid result, or another document.");
        }
        catch (LicenseVerificationException e)
        {
            Invariant.Require(!result.IsValid && ReferenceEquals(e.Result, result), "EnsureValid threw for a valid result, or with another result.");
        }
    }
}
