namespace Xcally.Licensing;

/// <summary>What the last automatic update check did.</summary>
public enum LicenseUpdateOutcome
{
    /// <summary>A newer license was fetched and installed.</summary>
    Installed = 0,

    /// <summary>The installed license is the newest the licensing server holds.</summary>
    UpToDate = 1,

    /// <summary>The licensing server holds no license for this server's token.</summary>
    NoLicenseForToken = 2,

    /// <summary>The licensing server sent a license that was not installed (not genuine, another token, older, expired…).</summary>
    Refused = 3,

    /// <summary>The check failed (server unreachable, an error answer, a timeout, not a license).</summary>
    Failed = 4,
}
