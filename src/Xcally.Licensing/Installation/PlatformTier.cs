namespace Xcally.Licensing;

/// <summary>How strongly the <see cref="TokenComponent.Platform"/> part identifies the hardware.</summary>
public enum PlatformTier
{
    /// <summary>No platform information was readable.</summary>
    None = 0,

    /// <summary>Only vendor and model names: identical on every machine of the same model.</summary>
    Model = 1,

    /// <summary>Board and product serial numbers.</summary>
    Serial = 2,

    /// <summary>The SMBIOS system UUID: unique per machine, and new when a VM is copied.</summary>
    Uuid = 3,
}
