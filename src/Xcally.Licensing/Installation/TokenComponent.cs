namespace Xcally.Licensing;

/// <summary>
/// The parts of the server an installation token is made of, one token group each, in token order
/// after the header group.
/// </summary>
public enum TokenComponent
{
    /// <summary>The operating system's installation id (/etc/machine-id).</summary>
    MachineId = 1,

    /// <summary>The firmware's identity: the SMBIOS system UUID, else serials, else the model.</summary>
    Platform = 2,

    /// <summary>The root filesystem's UUID and the serial of the disk that holds it.</summary>
    RootDisk = 3,

    /// <summary>The permanent MAC addresses of the physical network cards.</summary>
    NetworkCards = 4,

    /// <summary>The processor model and the number of logical processors.</summary>
    Cpu = 5,

    /// <summary>The installed memory, in size classes.</summary>
    Memory = 6,

    /// <summary>The server's static host name.</summary>
    Hostname = 7,

    /// <summary>The global IP addresses of the physical network cards.</summary>
    IpAddresses = 8,
}
