using System.Runtime.Versioning;

namespace Xcally.Licensing.Installation.Sources;

/// <summary>Tells containers and virtual machines from bare metal, from files alone.</summary>
[SupportedOSPlatform("linux")]
internal static class EnvironmentProbe
{
    private static readonly string[] ContainerMarkers = ["docker", "kubepods", "libpod", "containerd", "lxc", "podman"];

    private static readonly string[] Hypervisors =
        ["vmware", "qemu", "kvm", "virtualbox", "innotek", "xen", "amazon ec2", "google compute engine", "bochs", "parallels", "openstack", "bhyve", "cloud hypervisor", "virtual machine"];

    public static (ServerEnvironment Environment, string Explanation) Detect(SystemTree tree, string? cpuFlags)
    {
        if (tree.Exists(".dockerenv"))
        {
            return (ServerEnvironment.Container, "container (Docker: /.dockerenv)");
        }

        if (tree.Exists("run/.containerenv"))
        {
            return (ServerEnvironment.Container, "container (Podman: /run/.containerenv)");
        }

        var cgroup = tree.ReadText("proc/1/cgroup");
        if (cgroup is not null && ContainerMarkers.FirstOrDefault(m => cgroup.Contains(m, StringComparison.OrdinalIgnoreCase)) is { } marker)
        {
            return (ServerEnvironment.Container, $"container ({marker} in /proc/1/cgroup)");
        }

        var platform = PlatformSource.VendorAndProduct(tree);
        if (platform is not null && Hypervisors.FirstOrDefault(h => platform.Contains(h, StringComparison.OrdinalIgnoreCase)) is not null)
        {
            return (ServerEnvironment.VirtualMachine, $"virtual machine ({platform})");
        }

        if (cpuFlags is not null && cpuFlags.Split(' ').Contains("hypervisor", StringComparer.Ordinal))
        {
            return (ServerEnvironment.VirtualMachine, "virtual machine (the processor reports a hypervisor)");
        }

        return platform is null
            ? (ServerEnvironment.Unknown, "unknown (no SMBIOS information)")
            : (ServerEnvironment.BareMetal, $"bare metal ({platform})");
    }
}
