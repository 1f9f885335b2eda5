using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Xcally.Licensing.Document;
using Xcally.Licensing.Format;
using Ed25519 = Xcally.Licensing.Crypto.Ed25519;

namespace Xcally.Licensing;

/// <summary>
/// Verifies license files against the keys the host trusts. It never throws for untrusted input:
/// every problem comes back as a <see cref="LicenseVerificationResult"/> with a status and a reason.
/// The order is fixed: size, text, armor, integrity check, format version, key, signature, and only
/// then the payload is parsed, then the token and dates are compared. Thread-safe.
/// </summary>
public sealed class LicenseVerifier
{
    private readonly TrustedKeys _trustedKeys;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a verifier.</summary>
    /// <param name="trustedKeys">The keys licenses may be signed with.</param>
    /// <param name="timeProvider">The clock that decides expiry; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="trustedKeys"/> is <see langword="null"/>.</exception>
    public LicenseVerifier(TrustedKeys trustedKeys, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(trustedKeys);
        _trustedKeys = trustedKeys;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Verifies a license as pasted or read from a file.</summary>
    /// <param name="text">The text: the license block, with anything around it.</param>
    /// <param name="expectedToken">This server's installation token, or <see langword="null"/> not to compare tokens.</param>
    public LicenseVerificationResult Verify(ReadOnlySpan<char> text, string? expectedToken = null)
    {
        if (text.Length > LicenseArmor.MaxInputLength)
        {
            return TooLarge(text.Length, "characters");
        }

        return VerifyText(text, expectedToken);
    }

    /// <summary>Verifies a license file's bytes, which must be UTF-8 text.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="expectedToken">This server's installation token, or <see langword="null"/> not to compare tokens.</param>
    public LicenseVerificationResult Verify(ReadOnlySpan<byte> utf8, string? expectedToken = null)
    {
        if (utf8.Length > LicenseArmor.MaxInputLength)
        {
            return TooLarge(utf8.Length, "bytes");
        }

        string text;
        try
        {
            text = s_strictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            return new(
                LicenseVerificationStatus.InvalidEncoding,
                "The file is not UTF-8 text. Save the license as plain text (UTF-8) and try again.");
        }

        return VerifyText(text, expectedToken);
    }

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private LicenseVerificationResult VerifyText(ReadOnlySpan<char> text, string? expectedToken)
    {
        var now = _timeProvider.GetUtcNow();
        var armor = LicenseArmor.TryRead(text, out var envelope, out var detail);
        switch (armor)
        {
            case LicenseArmor.Outcome.NotFound:
                return new(LicenseVerificationStatus.NotFound, Sentence(detail) + " Paste the whole license, including its BEGIN and END lines.");
            case LicenseArmor.Outcome.Truncated:
                return new(LicenseVerificationStatus.Truncated, Sentence(detail) + " Copy the whole license again, from its BEGIN line to its END line.");
            case LicenseArmor.Outcome.MultipleBlocks:
                return new(LicenseVerificationStatus.MultipleLicenses, Sentence(detail));
            case LicenseArmor.Outcome.Damaged:
                return Damaged(detail);
        }

        switch (LicenseEnvelope.TryOpen(envelope, out var frame, out detail))
        {
            case LicenseEnvelope.Outcome.Truncated:
                return new(LicenseVerificationStatus.Truncated, "The license is incomplete: " + detail + " Copy the whole license again, from its BEGIN line to its END line.");
            case LicenseEnvelope.Outcome.Damaged:
                return Damaged(detail);
            case LicenseEnvelope.Outcome.UnsupportedVersion:
                return new(LicenseVerificationStatus.UnsupportedVersion, "The license was issued by a newer signer: " + detail + " Update XCALLY Motion, then install the license again.");
            case LicenseEnvelope.Outcome.Inconsistent:
                return new(LicenseVerificationStatus.Malformed, "The license is not well formed: " + detail + " Ask the licensing team for a new file.");
        }

        var keyId = frame.KeyId;
        if (_trustedKeys.IsRefusedDevelopmentKey(keyId))
        {
            return new(
                LicenseVerificationStatus.DevelopmentKeyNotAllowed,
                $"The license is signed with the public example key ({keyId}), which anyone can use; it is accepted only where development keys are explicitly allowed.",
                keyId: keyId);
        }

        if (!_trustedKeys.TryFind(keyId, out var key))
        {
            return new(
                LicenseVerificationStatus.UnknownKey,
                $"The license is signed with key {keyId}, which this installation does not trust. If it came from the XCALLY licensing team, update XCALLY Motion; otherwise ask the licensing team for a new file.",
                keyId: keyId);
        }

        if (!VerifySignature(key, frame))
        {
            return new(
                LicenseVerificationStatus.BadSignature,
                "The license signature does not match its contents: the license was edited after it was signed, or forged. Install the file exactly as the licensing team sent it.",
                keyId: keyId);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(frame.Payload.Span, digest);
#if NET9_0_OR_GREATER
        var payloadSha256 = Convert.ToHexStringLower(digest);
#else
        var payloadSha256 = Convert.ToHexString(digest).ToLowerInvariant();
#endif
        switch (LicensePayloadReader.TryRead(frame.Payload, out var license, out detail))
        {
            case LicensePayloadReader.Outcome.NeedsNewerVerifier:
                return new(LicenseVerificationStatus.UnsupportedVersion, "The license cannot be read by this version: " + detail, keyId: keyId);
            case LicensePayloadReader.Outcome.Malformed:
                return new(LicenseVerificationStatus.Malformed, "The license is signed but not well formed: " + detail + " Ask the licensing team for a new file.", keyId: keyId);
        }

        return CheckInForce(license!, expectedToken, now, keyId, payloadSha256);
    }

    private static bool VerifySignature(LicensePublicKey key, LicenseEnvelope.Frame frame)
    {
        // The signed message is the domain tag followed by the frame's bytes; it is assembled in a pooled
        // buffer because a verification that allocates it would cost as much as the rest of the parse.
        var length = LicenseEnvelope.DomainTag.Length + frame.SignedBytes.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var message = buffer.AsSpan(0, length);
            LicenseEnvelope.WriteSignedMessage(frame.SignedBytes, message);
            return Ed25519.Verify(key.Prepared, message, frame.Signature);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static LicenseVerificationResult CheckInForce(LicenseDocument license, string? expectedToken, DateTimeOffset now, KeyId keyId, string payloadSha256)
    {
        if (expectedToken is not null && !TokensMatch(license.Token, expectedToken))
        {
            return new(
                LicenseVerificationStatus.TokenMismatch,
                $"The license is for the installation token {license.Token}, but this server's token is {expectedToken.Trim()}. Ask the licensing team to move the license to this token.",
                license, keyId, payloadSha256);
        }

        if (now < license.ValidFrom)
        {
            return new(
                LicenseVerificationStatus.NotYetValid,
                $"The license is not valid yet: it becomes valid on {LicensePayloadWriter.FormatTimestamp(license.ValidFrom)}.",
                license, keyId, payloadSha256);
        }

        if (license.ExpiresAt is { } expiresAt && now >= expiresAt)
        {
            return new(
                LicenseVerificationStatus.Expired,
                $"The license expired on {LicensePayloadWriter.FormatTimestamp(expiresAt)}. Ask the licensing team to renew it.",
                license, keyId, payloadSha256);
        }

        return new(LicenseVerificationStatus.Valid, Describe(license), license, keyId, payloadSha256);
    }

    // ASCII case only: Unicode case folding would let a typed 'ſ' (U+017F) stand for 'S'.
    private static bool TokensMatch(string licensed, string expected) =>
        System.Text.Ascii.EqualsIgnoreCase(licensed, expected.Trim());

    private static string Describe(LicenseDocument license)
    {
        var kind = license.Kind switch
        {
            LicenseKind.Demo => "demo license",
            LicenseKind.Deactivation => "deactivation",
            _ => "license",
        };
        var until = license.ExpiresAt is { } expiresAt ? $", valid until {LicensePayloadWriter.FormatTimestamp(expiresAt)}" : string.Empty;
        return $"Genuine {kind} {license.Serial} (revision {license.Revision}) for {license.Customer.Name}, token {license.Token}{until}.";
    }

    private static LicenseVerificationResult TooLarge(int length, string unit) =>
        new(
            LicenseVerificationStatus.TooLarge,
            $"The input is {length} {unit}, more than the {LicenseArmor.MaxInputLength} a license can take. Paste only the license block.");

    private static LicenseVerificationResult Damaged(string detail) =>
        new(
            LicenseVerificationStatus.Damaged,
            "The license was damaged in transit: " + detail + " Copy it again from the original file or email, without editing.");

    private static string Sentence(string detail) => char.ToUpperInvariant(detail[0]) + detail[1..];
}
