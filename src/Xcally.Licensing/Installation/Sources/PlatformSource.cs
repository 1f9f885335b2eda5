using System.Runtime.Versioning;

namespace Xcally.Licensing.Installation.Sources;

/// <summary>
/// The firmware's identity from SMBIOS, in three tiers: the system UUID; else the product and board
/// serials; else vendor and model names (weak: the same on every machine of the model). BIOS version
/// and date are never used: firmware updates change them.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class PlatformSource
{
    private const string Dmi = "sys/class/dmi/id/";

    // Values firmware vendors leave in unset fields (compared case-insensitively, after trimming).
    private static readonly HashSet<string> Placeholders = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "0", "none", "n/a", "na", "null", "default string", "to be filled by o.e.m.", "to be filled by oem",
        "not specified", "not applicable", "not available", "not settable", "not present", "system serial number",
        "system product name", "chassis serial number", "base board serial number", "serial", "0123456789",
        "123456789", "00000000", "ffffffff", "03000200-0400-0500-0006-000700080009",
    };

    public static ComponentValue Read(SystemTree tree, out PlatformTier tier, out byte[]? uuid)
    {
        uuid = ReadUuid(tree);
        if (uuid is not null)
        {
            tier = PlatformTier.Uuid;
            return ComponentValue.Present([(byte)tier, .. uuid], "SMBIOS system UUID");
        }

        var serials = new[] { Field(tree, "product_serial"), Field(tree, "board_serial") }.OfType<string>().ToArray();
        if (serials.Length > 0)
        {
            tier = PlatformTier.Serial;
            return ComponentValue.Present($"{(int)tier}\n{string.Join('\n', serials)}", $"{serials.Length} firmware serial number(s); the system UUID is {RestrictedNote(tree, "product_uuid")}");
        }

        var names = new[] { Field(tree, "sys_vendor"), Field(tree, "product_name"), Field(tree, "board_vendor"), Field(tree, "board_name") };
        if (names.Any(n => n is not null))
        {
            tier = PlatformTier.Model;
            return ComponentValue.Present(
                $"{(int)tier}\n{string.Join('\n', names.Select(n => n ?? string.Empty))}",
                $"vendor and model names only (weak: the same on every {names[1] ?? "machine"} of this model); the system UUID is {RestrictedNote(tree, "product_uuid")}");
        }

        tier = PlatformTier.None;
        return ComponentValue.Absent("no SMBIOS information under /sys/class/dmi/id");
    }

    /// <summary>
    /// SMBIOS 2.6 changed the byte order of the UUID's first three fields, and tools disagree about
    /// which order to show; hashing the smaller of the two renderings makes both the same.
    /// </summary>
    private static byte[]? ReadUuid(SystemTree tree)
    {
        var text = Field(tree, "product_uuid");
        if (text is null || !Guid.TryParse(text, out var guid))
        {
            return null;
        }

        var asWritten = Convert.FromHexString(guid.ToString("N"));
        if (asWritten.All(b => b == 0) || asWritten.All(b => b == 0xFF))
        {
            return null;
        }

        var swapped = (byte[])asWritten.Clone();
        Array.Reverse(swapped, 0, 4);
        Array.Reverse(swapped, 4, 2);
        Array.Reverse(swapped, 6, 2);
        return asWritten.AsSpan().SequenceCompareTo(swapped) <= 0 ? asWritten : swapped;
    }

    private static string? Field(SystemTree tree, string name)
    {
        var value = tree.ReadLine(Dmi + name);
        return value is null || Placeholders.Contains(value.Trim()) ? null : string.Join(' ', value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    private static string RestrictedNote(SystemTree tree, string name) =>
        tree.RestrictedFiles.Contains(Dmi + name)
            ? $"readable by root only (/{Dmi}{name}); grant read access to use it"
            : "not available";

    internal static string? VendorAndProduct(SystemTree tree) =>
        string.Join(' ', new[] { Field(tree, "sys_vendor"), Field(tree, "product_name") }.OfType<string>()) is { Length: > 0 } s ? s : null;
}
