namespace Xcally.Licensing;

/// <summary>
/// What the host fixes in code, where no configuration file on the server can loosen it: the keys it
/// trusts and what trial mode allows.
/// </summary>
public sealed class LicensingHostSettings
{
    /// <summary>The keys licenses must be signed with. Required.</summary>
    public TrustedKeys? TrustedKeys { get; set; }

    /// <summary>What Motion may do when unlicensed, in trial mode, deactivated or invalid.</summary>
    public LicenseEntitlements TrialEntitlements { get; set; } = LicenseEntitlements.None;

    /// <summary>How the server's installation token is computed; the default reads this Linux server.</summary>
    public IInstallationTokenSource? TokenSource { get; set; }
}
