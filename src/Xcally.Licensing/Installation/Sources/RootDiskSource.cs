using System.Runtime.Versioning;

namespace Xcally.Licensing.Installation.Sources;

/// <summary>
/// The root filesystem's UUID and the serial numbers of the disks that hold it, followed through
/// LVM, md and device-mapper. Only the disk backing "/" counts: USB sticks and SAN volumes come and
/// go. Everything comes from /proc/self/mountinfo, /sys/class/block and udev's database in
/// /run/udev/data, all readable by every user; nothing is spawned.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class RootDiskSource
{
    private const int MaxDepth = 8;

    public static ComponentValue Read(SystemTree tree)
    {
        var rootDevice = RootDeviceNumber(tree.ReadText("proc/self/mountinfo"), out var fsType);
        if (rootDevice is null)
        {
            return ComponentValue.Absent("the root filesystem was not found in /proc/self/mountinfo");
        }

        if (rootDevice.StartsWith("0:", StringComparison.Ordinal))
        {
            return ComponentValue.Absent($"the root filesystem ({fsType}) is not on a block device");
        }

        var devices = BlockDevices(tree);
        var fsUuid = UdevProperty(tree, rootDevice, "ID_FS_UUID")?.ToLowerInvariant();
        var serials = new SortedSet<string>(StringComparer.Ordinal);
        if (devices.TryGetValue(rootDevice, out var rootName))
        {
            CollectSerials(tree, devices, rootName, serials, 0);
        }
        else if (UdevSerial(tree, rootDevice) is { } serial)
        {
            serials.Add(serial);
        }

        if (fsUuid is null && serials.Count == 0)
        {
            return ComponentValue.Absent("neither a filesystem UUID nor a disk serial is known for the root filesystem");
        }

        var explanation = (fsUuid is null ? "no filesystem UUID" : $"{fsType} filesystem UUID") +
            (serials.Count == 0 ? ", no disk serial (common in virtual machines)" : $", {serials.Count} disk serial(s)");
        return ComponentValue.Present($"{fsUuid}\n{string.Join('\n', serials)}", explanation);
    }

    private static void CollectSerials(SystemTree tree, Dictionary<string, string> devices, string name, SortedSet<string> serials, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        var slaves = tree.List($"sys/class/block/{name}/slaves");
        if (slaves.Count > 0)
        {
            foreach (var slave in slaves)
            {
                CollectSerials(tree, devices, slave, serials, depth + 1);
            }

            return;
        }

        var number = tree.ReadLine($"sys/class/block/{name}/dev");
        var serial = (number is null ? null : UdevSerial(tree, number)) ?? SysfsSerial(tree, name);
        if (serial is not null)
        {
            serials.Add(serial);
        }
    }

    private static string? UdevSerial(SystemTree tree, string deviceNumber) =>
        UdevProperty(tree, deviceNumber, "ID_SERIAL_SHORT") ?? UdevProperty(tree, deviceNumber, "ID_SERIAL");

    // NVMe and virtio expose the serial on the whole disk; a partition's disk is its name without the partition suffix.
    private static string? SysfsSerial(SystemTree tree, string name)
    {
        var disk = name;
        if (tree.Exists($"sys/class/block/{name}/partition"))
        {
            disk = name.TrimEnd("0123456789".ToCharArray());
            if (disk.EndsWith('p') && char.IsAsciiDigit(disk[^2]))
            {
                disk = disk[..^1];
            }
        }

        return tree.ReadLine($"sys/class/block/{disk}/device/serial") ?? tree.ReadLine($"sys/class/block/{disk}/serial");
    }

    private static string? UdevProperty(SystemTree tree, string deviceNumber, string property)
    {
        var record = tree.ReadText($"run/udev/data/b{deviceNumber}");
        var prefix = $"E:{property}=";
        var line = record?.Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        var value = line?[prefix.Length..].Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private static Dictionary<string, string> BlockDevices(SystemTree tree)
    {
        var devices = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in tree.List("sys/class/block"))
        {
            if (tree.ReadLine($"sys/class/block/{name}/dev") is { } number)
            {
                devices.TryAdd(number, name);
            }
        }

        return devices;
    }

    /// <summary>The "major:minor" of the last mount on "/" (later mounts hide earlier ones).</summary>
    private static string? RootDeviceNumber(string? mountinfo, out string fsType)
    {
        string? device = null;
        fsType = "unknown";
        foreach (var line in mountinfo?.Split('\n') ?? [])
        {
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-");
            if (fields.Length < 7 || separator < 6 || separator + 1 >= fields.Length || fields[4] != "/")
            {
                continue;
            }

            device = fields[2];
            fsType = fields[separator + 1];
        }

        return device;
    }
}
