namespace Xcally.Licensing;

/// <summary>
/// What Motion may do right now: the license's entitlements in Active and Grace, the host's trial
/// entitlements otherwise. Immutable; every query is allocation-free.
/// </summary>
public sealed record LicenseEntitlements
{
    /// <summary>Staff counts.</summary>
    public StaffCounts Staff { get; init; } = StaffCounts.None;

    /// <summary>Channels.</summary>
    public EntitlementSet<Channel> Channels { get; init; }

    /// <summary>Modules.</summary>
    public EntitlementSet<Module> Modules { get; init; }

    /// <summary>Session limits.</summary>
    public SessionLimits Sessions { get; init; } = SessionLimits.None;

    /// <summary>Add-ons.</summary>
    public EntitlementSet<AddOn> AddOns { get; init; }

    /// <summary>AI features.</summary>
    public EntitlementSet<AiFeature> Ai { get; init; }

    /// <summary>Plugins.</summary>
    public EntitlementSet<Plugin> Plugins { get; init; }

    /// <summary>Whether software updates are allowed.</summary>
    public bool SoftwareUpdate { get; init; }

    /// <summary>Whether App Zone is enabled.</summary>
    public bool AppZone { get; init; }

    /// <summary>Nothing at all.</summary>
    public static LicenseEntitlements None { get; } = new();

    /// <summary>The entitlements a license grants.</summary>
    public static LicenseEntitlements Of(LicenseDocument license)
    {
        ArgumentNullException.ThrowIfNull(license);
        return new LicenseEntitlements
        {
            Staff = license.Staff,
            Channels = license.Channels,
            Modules = license.Modules,
            Sessions = license.Sessions,
            AddOns = license.AddOns,
            Ai = license.Ai,
            Plugins = license.Plugins,
            SoftwareUpdate = license.SoftwareUpdate,
            AppZone = license.AppZone,
        };
    }
}
