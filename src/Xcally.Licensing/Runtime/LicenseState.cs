namespace Xcally.Licensing;

/// <summary>Where Motion's licensing stands. Each state comes with a reason (<see cref="LicenseStatus.Reason"/>).</summary>
public enum LicenseState
{
    /// <summary>No license is installed: the host's trial entitlements apply.</summary>
    Unlicensed = 0,

    /// <summary>A valid license for this server is in force.</summary>
    Active = 1,

    /// <summary>The server changed or the license expired: the license's entitlements still apply until the grace period ends.</summary>
    Grace = 2,

    /// <summary>The grace period is over, or the license is for another server: the host's trial entitlements apply.</summary>
    Trial = 3,

    /// <summary>A signed deactivation is installed: the host's trial entitlements apply.</summary>
    Deactivated = 4,

    /// <summary>The installed license no longer verifies (corrupted, replaced outside Motion, or its key is no longer trusted).</summary>
    Invalid = 5,
}
