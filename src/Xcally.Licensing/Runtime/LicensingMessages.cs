using System.Globalization;

namespace Xcally.Licensing.Runtime;

/// <summary>
/// Every sentence the runtime shows an administrator, worded once: the reasons of each state and the
/// answers to an install. Each says what happened and what to do.
/// </summary>
internal static class LicensingMessages
{
    public const string NoLicense = "No license is installed. Paste the license XCALLY sent on the License page.";

    public const string ReplacedOutsideMotion = "The installed license file was replaced or edited outside Motion. Paste the license XCALLY sent on the License page.";

    public const string AlreadyInstalled = "This license is already installed; nothing changed.";

    public const string GraceForfeited = "no grace period is available because the stored licensing state was deleted, edited or restored from an old copy";

    public static string Unreadable(string problem) => $"The installed license cannot be read ({problem}). Check the state directory's permissions.";

    public static string NoLongerVerifies(string reason) => $"The installed license no longer verifies: {reason}";

    public static string Deactivated(LicenseDocument license) =>
        $"This server was deactivated by license {license.Serial} (issued {Date(license.IssuedAt)}). Motion runs with trial limits.";

    public static string OtherServer(LicenseDocument license, TokenComparison diff, string? currentToken) =>
        $"This license is for another server (token {license.Token}); this looks like a different server or a copy: {diff.Reason} Request a license for this server's token {currentToken}.";

    public static string Active(LicenseDocument license) =>
        $"Licensed to {license.Customer.Name}{(license.ExpiresAt is { } e ? $" until {Date(e)}" : string.Empty)}.";

    public static string Grace(DateTimeOffset graceEnd, int daysLeft, string because) =>
        $"Grace period until {Date(graceEnd)} ({daysLeft} day{(daysLeft == 1 ? string.Empty : "s")} left): {because}. Paste a new license before then.";

    public static string TrialAfterGrace(DateTimeOffset graceEnd, string because) =>
        $"Trial mode: the grace period ended on {Date(graceEnd)}; {because}. Paste a new license to leave trial mode.";

    public static string TokenNotComparable(string? problem) =>
        $"the server's token could not be compared with the license's ({problem ?? "another token format"})";

    public static string ServerChanged(TokenComparison diff) =>
        $"the server changed ({string.Join(", ", diff.Changed.Select(TokenComparison.Name))}) since the license was issued";

    public static string LicenseExpired(DateTimeOffset expiresAt) => $"the license expired on {Date(expiresAt)}";

    public static string InstallNotYetValid(DateTimeOffset validFrom) =>
        $"This license becomes valid on {Date(validFrom)}; paste it again from that day. The installed license stays in force.";

    public static string InstallExpired(DateTimeOffset expiresAt) => $"This license expired on {Date(expiresAt)}. Ask XCALLY for a renewed license.";

    public static string InstallWrongToken(string licensedToken, InstallationTokenReading reading, TokenComparison? diff)
    {
        var why = reading.Token is null
            ? $"this server's token cannot be computed ({reading.Problem})"
            : $"this server's token is {reading.Token}" + (diff is null ? string.Empty : $"; {diff.Reason}");
        return $"This license is for the server with token {licensedToken}, but {why} Request a license for this server's token.";
    }

    public static string InstallOlder(DateTimeOffset issuedAt, DateTimeOffset newest) =>
        $"This license was issued on {Date(issuedAt)}, before the license installed here (issued {Date(newest)}); an older license cannot replace a newer one or undo a deactivation. Paste the newest license XCALLY sent.";

    public static string InstallStorageFailed(string problem) =>
        $"The license could not be stored in the state directory ({problem}); nothing changed. Check the disk and the folder's permissions.";

    public static string Installed(LicenseDocument license, string statusReason) =>
        $"License {license.Serial} (revision {license.Revision}) installed. {statusReason}";

    public const string UpdateNotYetChecked = "The automatic update has not checked yet.";

    public const string UpdateNoToken = "this server's installation token could not be computed, so the licensing server cannot be asked";

    public static string UpdateSettingsInvalid(string problem) =>
        $"the host's settings for the update's HTTP client are invalid, so no check was made ({problem.TrimEnd('.')}); the host's developers set them (HttpStandardResilienceOptions named {Xcally.Licensing.Update.UpdateHttpClient.ResilienceOptionsName})";

    private const string UpdateFallback = "The installed license stays in force; paste a new license by hand if XCALLY sent you one.";

    /// <summary>The automatic update's result, as the License page shows it next to the manual update.</summary>
    public static string Update(LicenseUpdateOutcome outcome, DateTimeOffset at, string? detail) => outcome switch
    {
        LicenseUpdateOutcome.Installed => $"Automatic update on {Date(at)}: {detail}",
        LicenseUpdateOutcome.UpToDate => $"Automatic update on {Date(at)}: the installed license is the newest the licensing server holds.",
        LicenseUpdateOutcome.NoLicenseForToken => $"Automatic update on {Date(at)}: the licensing server holds no license for this server's token {detail}. If the server changed, ask XCALLY to move the license to this token. {UpdateFallback}",
        LicenseUpdateOutcome.Refused => $"Automatic update on {Date(at)}: the license the licensing server sent was not installed. {detail} {UpdateFallback}",
        _ => $"Automatic update failed on {Date(at)}: {detail?.TrimEnd('.')}. {UpdateFallback}",
    };

    public static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
