namespace Xcally.Licensing;

/// <summary>What kind of machine the token was computed on, as far as it could be told.</summary>
public enum ServerEnvironment
{
    /// <summary>Nothing conclusive was found.</summary>
    Unknown = 0,

    /// <summary>Physical hardware.</summary>
    BareMetal = 1,

    /// <summary>A virtual machine (VMware, KVM/QEMU, Hyper-V, Xen, VirtualBox, a cloud instance).</summary>
    VirtualMachine = 2,

    /// <summary>A container (Docker, Podman, Kubernetes, LXC): sources that change on every restart are left out.</summary>
    Container = 3,
}
