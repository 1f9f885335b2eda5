using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Xcally.Licensing.Installation.Sources;

/// <summary>
/// The physical network cards and their global addresses. A card counts only if sysfs says it is
/// hardware (it has a device, it is Ethernet, it is not wireless) and has a permanent address: never
/// by its name, which changes with naming schemes, and never loopback, bridges, veth pairs, docker0,
/// tunnels or random MACs, which change on every restart. A bond's member cards count by their
/// permanent address, because bonding rewrites the address they show.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class NetworkSource
{
    private const string Net = "sys/class/net/";

    public static (ComponentValue Cards, ComponentValue Addresses) Read(SystemTree tree)
    {
        var interfaces = tree.List(Net);
        var bondPermanent = BondPermanentAddresses(tree);
        var physical = new SortedSet<string>(StringComparer.Ordinal);
        var macs = new SortedSet<string>(StringComparer.Ordinal);
        var skipped = 0;
        foreach (var name in interfaces)
        {
            if (!IsPhysicalEthernet(tree, name))
            {
                skipped++;
                continue;
            }

            var mac = Normalize(tree.ReadLine($"{Net}{name}/bonding_slave/perm_hwaddr"))
                ?? bondPermanent.GetValueOrDefault(name)
                ?? (tree.ReadLine($"{Net}{name}/addr_assign_type") == "0" ? Normalize(tree.ReadLine($"{Net}{name}/address")) : null);
            if (mac is null)
            {
                skipped++;
                continue;
            }

            physical.Add(name);
            macs.Add(mac);
        }

        var cards = macs.Count == 0
            ? ComponentValue.Absent($"no physical network card with a permanent address ({skipped} virtual or other interfaces left out)")
            : ComponentValue.Present(string.Join('\n', macs), $"{macs.Count} physical network card(s); {skipped} virtual or other interfaces left out");

        var addresses = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (address, device) in Ipv4Addresses(tree).Concat(Ipv6Addresses(tree)))
        {
            if (CarriesPhysicalTraffic(tree, device, physical))
            {
                addresses.Add(address.ToString());
            }
        }

        var ips = addresses.Count == 0
            ? ComponentValue.Absent("no global address on a physical network card")
            : ComponentValue.Present(string.Join('\n', addresses), $"{addresses.Count} global address(es) on physical network cards");
        return (cards, ips);
    }

    private static bool IsPhysicalEthernet(SystemTree tree, string name) =>
        tree.Exists($"{Net}{name}/device") &&
        tree.ReadLine($"{Net}{name}/type") == "1" &&
        !tree.Exists($"{Net}{name}/wireless");

    // Bonds and VLANs have no device of their own; their addresses count when they sit on physical cards.
    private static bool CarriesPhysicalTraffic(SystemTree tree, string device, SortedSet<string> physical)
    {
        if (physical.Contains(device))
        {
            return true;
        }

        if (tree.Exists($"proc/net/bonding/{device}") || tree.Exists($"{Net}{device}/bonding"))
        {
            return true;
        }

        var dot = device.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && (physical.Contains(device[..dot]) || tree.Exists($"proc/net/bonding/{device[..dot]}"));
    }

    private static string? Normalize(string? mac)
    {
        if (mac is null)
        {
            return null;
        }

        var hex = mac.Replace(":", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        return hex.Length == 12 && hex.All(char.IsAsciiHexDigit) && hex != "000000000000" && hex != "ffffffffffff" ? hex : null;
    }

    private static Dictionary<string, string> BondPermanentAddresses(SystemTree tree)
    {
        var permanent = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var bond in tree.List("proc/net/bonding"))
        {
            string? slave = null;
            foreach (var line in (tree.ReadText($"proc/net/bonding/{bond}") ?? string.Empty).Split('\n'))
            {
                if (line.StartsWith("Slave Interface:", StringComparison.Ordinal))
                {
                    slave = line["Slave Interface:".Length..].Trim();
                }
                else if (slave is not null && line.StartsWith("Permanent HW addr:", StringComparison.Ordinal) &&
                         Normalize(line["Permanent HW addr:".Length..].Trim()) is { } mac)
                {
                    permanent[slave] = mac;
                }
            }
        }

        return permanent;
    }

    /// <summary>
    /// IPv4 addresses from the kernel's routing trie (the "/32 host LOCAL" entries), each attributed
    /// to the interface of the most specific connected route that contains it.
    /// </summary>
    private static IEnumerable<(IPAddress Address, string Device)> Ipv4Addresses(SystemTree tree)
    {
        // Routes and addresses as classes, not value tuples: collections and queries over a struct are
        // generic code the runtime compiles as the host starts.
        var routes = new List<Route>();
        foreach (var line in (tree.ReadText("proc/net/route") ?? string.Empty).Split('\n').Skip(1))
        {
            var fields = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 8 &&
                uint.TryParse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var destination) &&
                uint.TryParse(fields[7], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask) &&
                mask != 0)
            {
                routes.Add(new Route(destination, mask, fields[0]));
            }
        }

        var seen = new HashSet<IPAddress>();
        var lines = (tree.ReadText("proc/net/fib_trie") ?? string.Empty).Split('\n');
        for (var i = 0; i + 1 < lines.Length; i++)
        {
            var entry = lines[i].Trim();
            if (!entry.StartsWith("|-- ", StringComparison.Ordinal) || lines[i + 1].Trim() != "/32 host LOCAL" ||
                !IPAddress.TryParse(entry[4..], out var address) || address.AddressFamily != AddressFamily.InterNetwork)
            {
                continue;
            }

            var bytes = address.GetAddressBytes();
            if (bytes[0] == 127 || (bytes[0] == 169 && bytes[1] == 254))
            {
                continue;
            }

            if (!seen.Add(address))
            {
                continue;
            }

            // /proc/net/route prints addresses in the kernel's (little-endian) byte order. The most
            // specific route wins; of equally specific ones, the first listed.
            var value = BitConverter.ToUInt32(bytes);
            Route? best = null;
            foreach (var route in routes)
            {
                if ((value & route.Mask) == route.Network &&
                    (best is null || System.Numerics.BitOperations.PopCount(route.Mask) > System.Numerics.BitOperations.PopCount(best.Mask)))
                {
                    best = route;
                }
            }

            if (best is not null)
            {
                yield return (address, best.Device);
            }
        }
    }

    /// <summary>Global IPv6 addresses, without temporary (privacy), deprecated, tentative or failed ones.</summary>
    private static IEnumerable<(IPAddress Address, string Device)> Ipv6Addresses(SystemTree tree)
    {
        const int temporary = 0x01, dadFailed = 0x08, deprecated = 0x20, tentative = 0x40;
        foreach (var line in (tree.ReadText("proc/net/if_inet6") ?? string.Empty).Split('\n'))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6 || fields[0].Length != 32 ||
                !int.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var scope) ||
                !int.TryParse(fields[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags) ||
                scope != 0 || (flags & (temporary | dadFailed | deprecated | tentative)) != 0)
            {
                continue;
            }

            byte[] bytes;
            try
            {
                bytes = Convert.FromHexString(fields[0]);
            }
            catch (FormatException)
            {
                continue;
            }

            yield return (new IPAddress(bytes), fields[5]);
        }
    }

    private sealed record Route(uint Network, uint Mask, string Device);
}
