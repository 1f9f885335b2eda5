namespace Xcally.Licensing.Runtime;

/// <summary>
/// Everything the licensing policy decides from, gathered by <see cref="LicensingService"/>: the
/// effective time, what the installed license file holds, the server's token, and what was recorded.
/// </summary>
/// <param name="Now">The effective time: the clock, never earlier than the latest time already seen.</param>
/// <param name="Installed">The installed license file and its verification.</param>
/// <param name="Token">This server's token as computed now.</param>
/// <param name="Recorded">The recorded state, its latest time seen already moved to <paramref name="Now"/>.</param>
internal sealed record LicensingEvidence(DateTimeOffset Now, InstalledLicense Installed, InstallationTokenReading Token, LicensingState Recorded);

/// <summary>The installed license file as read from the state directory.</summary>
internal sealed record InstalledLicense
{
    private InstalledLicense()
    {
    }

    /// <summary>Why the file could not be read, or <see langword="null"/>.</summary>
    public string? Problem { get; private init; }

    /// <summary>The SHA-256 of the file's bytes, when it was read.</summary>
    public string? FileSha256 { get; private init; }

    /// <summary>The file's verification (no token comparison: the policy compares tokens itself), when it was read.</summary>
    public LicenseVerificationResult? Verification { get; private init; }

    public static InstalledLicense Missing { get; } = new();

    public static InstalledLicense Unreadable(string problem) => new() { Problem = problem };

    public static InstalledLicense Present(string fileSha256, LicenseVerificationResult verification) =>
        new() { FileSha256 = fileSha256, Verification = verification };
}
