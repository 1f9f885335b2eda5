namespace Xcally.Licensing;

/// <summary>The outcome of verifying a license file; each failure names one class of problem.</summary>
public enum LicenseVerificationStatus
{
    /// <summary>Genuine, for the expected token, and in force now.</summary>
    Valid = 0,

    /// <summary>The input is larger than any license could be; nothing was decoded.</summary>
    TooLarge,

    /// <summary>The input bytes are not valid UTF-8 text.</summary>
    InvalidEncoding,

    /// <summary>The text holds no license block.</summary>
    NotFound,

    /// <summary>The license block is cut short: its END line or part of its body is missing.</summary>
    Truncated,

    /// <summary>The text holds more than one license block.</summary>
    MultipleLicenses,

    /// <summary>The block was damaged in transit: its text or check value does not match. Not a forgery verdict.</summary>
    Damaged,

    /// <summary>The license uses a format version, or needs a field, that only a newer version reads.</summary>
    UnsupportedVersion,

    /// <summary>The license is signed by a key that is not trusted here (a stale key set, or a foreign key).</summary>
    UnknownKey,

    /// <summary>The license is signed with the public example key, and development keys are not allowed.</summary>
    DevelopmentKeyNotAllowed,

    /// <summary>The signature does not match: the license was forged or edited after signing.</summary>
    BadSignature,

    /// <summary>The signature is good but the signed payload breaks the format's rules.</summary>
    Malformed,

    /// <summary>Genuine, but issued for another installation token.</summary>
    TokenMismatch,

    /// <summary>Genuine, but not in force until its valid-from date.</summary>
    NotYetValid,

    /// <summary>Genuine, but past its expiry date.</summary>
    Expired,
}
