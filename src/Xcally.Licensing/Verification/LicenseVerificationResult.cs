using System.Diagnostics.CodeAnalysis;

namespace Xcally.Licensing;

/// <summary>
/// What verifying a license file found: a status, a reason an administrator can act on, and the
/// document when the signature was good. Immutable.
/// </summary>
public sealed class LicenseVerificationResult
{
    internal LicenseVerificationResult(
        LicenseVerificationStatus status,
        string reason,
        LicenseDocument? license = null,
        KeyId? keyId = null,
        string? payloadSha256 = null)
    {
        Status = status;
        Reason = reason;
        License = license;
        KeyId = keyId;
        PayloadSha256 = payloadSha256;
    }

    /// <summary>The outcome.</summary>
    public LicenseVerificationStatus Status { get; }

    /// <summary>A sentence for the administrator: what is wrong and what to do.</summary>
    public string Reason { get; }

    /// <summary>
    /// The verified document: set whenever the signature was good and the payload well formed, also for
    /// <see cref="LicenseVerificationStatus.Expired"/>, <see cref="LicenseVerificationStatus.NotYetValid"/>
    /// and <see cref="LicenseVerificationStatus.TokenMismatch"/>; otherwise <see langword="null"/>.
    /// </summary>
    public LicenseDocument? License { get; }

    /// <summary>The key id stored in the file, when the file could be read that far.</summary>
    public KeyId? KeyId { get; }

    /// <summary>
    /// The SHA-256 of the signed payload bytes in lower-case hex: the identity of this exact license,
    /// set when <see cref="License"/> is.
    /// </summary>
    public string? PayloadSha256 { get; }

    /// <summary><see langword="true"/> if the license is genuine, for the expected token, and in force now.</summary>
    [MemberNotNullWhen(true, nameof(License))]
    public bool IsValid => Status == LicenseVerificationStatus.Valid;

    /// <summary><see langword="true"/> if the signature was good and the document was read, whatever its dates and token.</summary>
    [MemberNotNullWhen(true, nameof(License))]
    public bool IsGenuine => License is not null;

    /// <summary>Returns the document if the license is valid.</summary>
    /// <exception cref="LicenseVerificationException">The license is not valid; the exception carries this result.</exception>
    public LicenseDocument EnsureValid() => IsValid ? License : throw new LicenseVerificationException(this);

    /// <summary>The status and the reason.</summary>
    public override string ToString() => $"{Status}: {Reason}";
}
