using Xcally.Licensing.Issuing;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// The tool's exit codes, documented in docs/signer.md. 0 is success; each verification failure
/// class has its own code so scripts can tell them apart.
/// </summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Usage = 1;
    public const int InputUnreadable = 2;
    public const int KeyProblem = 3;
    public const int InvalidRequest = 4;
    public const int OutputFailed = 5;
    public const int InvalidToken = 6;
    public const int TokenUnavailable = 7;
    public const int RuleBroken = 8;
    public const int LedgerProblem = 9;

    /// <summary>
    /// A refused request's code: 4 for a request that is not a valid one, 1 for what came from the
    /// command line wrong (a negative total, an unknown add-on, nothing to change), 8 for a contract rule
    /// the ledger's state breaks, 9 for a ledger that cannot be read.
    /// </summary>
    public static int For(RefusalCode code) => code switch
    {
        RefusalCode.InvalidRequest or RefusalCode.SpoofingName or RefusalCode.FormatRuleBroken or RefusalCode.UnknownPlan => InvalidRequest,
        RefusalCode.InvalidQuantity or RefusalCode.UnknownItem or RefusalCode.NothingToChange => Usage,
        RefusalCode.ContractRuleBroken or RefusalCode.UnknownToken or RefusalCode.Deactivated or RefusalCode.NotBilled => RuleBroken,
        RefusalCode.UnreadableLedgerEntry => LedgerProblem,
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    public static int For(LicenseVerificationStatus status) => status switch
    {
        LicenseVerificationStatus.Valid => Success,
        LicenseVerificationStatus.TooLarge => 10,
        LicenseVerificationStatus.InvalidEncoding => 11,
        LicenseVerificationStatus.NotFound => 12,
        LicenseVerificationStatus.Truncated => 13,
        LicenseVerificationStatus.MultipleLicenses => 14,
        LicenseVerificationStatus.Damaged => 15,
        LicenseVerificationStatus.UnsupportedVersion => 20,
        LicenseVerificationStatus.UnknownKey => 21,
        LicenseVerificationStatus.DevelopmentKeyNotAllowed => 22,
        LicenseVerificationStatus.BadSignature => 23,
        LicenseVerificationStatus.Malformed => 24,
        LicenseVerificationStatus.TokenMismatch => 30,
        LicenseVerificationStatus.NotYetValid => 31,
        LicenseVerificationStatus.Expired => 32,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };
}
