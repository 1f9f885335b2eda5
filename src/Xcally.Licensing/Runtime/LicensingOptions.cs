namespace Xcally.Licensing;

/// <summary>
/// The settings an administrator may change, bound from the <c>Licensing</c> configuration section.
/// Nothing here can grant anything: trusted keys, grace days and trial entitlements come from the
/// signed license or the host's code (<see cref="LicensingHostSettings"/>).
/// </summary>
public sealed class LicensingOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Licensing";

    /// <summary>The folder that holds the installed license, its state and the license log. Required.</summary>
    public string StateDirectory { get; set; } = string.Empty;

    /// <summary>How often the token and the expiry are checked again after startup (1 minute to 1 day; default 1 hour).</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The license log's size before it is rotated, in bytes (64 KiB to 64 MiB; default 4 MiB). One rotated file is kept.</summary>
    public long MaxLogBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The automatic license update (<c>Licensing:Update</c>); off while its endpoint is unset.</summary>
    public LicenseUpdateOptions Update { get; set; } = new();
}
