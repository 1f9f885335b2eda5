namespace Xcally.Licensing;

/// <summary>
/// Where the secret that keys the token's hashes came from. The raw values of the server are never
/// in the token; only hashes keyed by this secret are.
/// </summary>
public enum TokenKeySource
{
    /// <summary>/etc/machine-id (or /var/lib/dbus/machine-id), the way systemd recommends for application-specific ids.</summary>
    MachineId = 0,

    /// <summary>A random key the host persisted for this installation (containers without a machine-id).</summary>
    InstallationKey = 1,

    /// <summary>The firmware's system UUID, when there is neither a machine-id nor an installation key.</summary>
    PlatformUuid = 2,
}
