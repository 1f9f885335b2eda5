using System.Globalization;
using System.Runtime.Versioning;

namespace Xcally.Licensing.Installation.Sources;

/// <summary>
/// The installed memory as a size class. MemTotal is always a little below the installed size and
/// moves with the kernel version and its reservations, so it is rounded up to the next size memory
/// is sold in (1, 2, 3, 4, 6, 8, 12, 16, 24, 32 … GiB): a kernel upgrade keeps the class, an upgrade
/// from 16 to 32 GiB changes it.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class MemorySource
{
    public static ComponentValue Read(SystemTree tree, out int sizeClassGiB)
    {
        sizeClassGiB = 0;
        var meminfo = tree.ReadText("proc/meminfo");
        var line = meminfo?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: >= 2 } || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) || kib <= 0)
        {
            return ComponentValue.Absent("no MemTotal in /proc/meminfo");
        }

        sizeClassGiB = SizeClass(kib);
        return ComponentValue.Present(sizeClassGiB.ToString(CultureInfo.InvariantCulture), $"{sizeClassGiB} GiB class (MemTotal {kib / 1024} MiB)");
    }

    internal static int SizeClass(long memTotalKiB)
    {
        var gib = memTotalKiB / (1024.0 * 1024.0);
        for (long power = 1; power < TokenCodec.MaxGroupValue; power *= 2)
        {
            if (gib <= power)
            {
                return (int)power;
            }

            if (power >= 2 && gib <= power * 3 / 2)
            {
                return (int)(power * 3 / 2);
            }
        }

        return TokenCodec.MaxGroupValue;
    }
}
