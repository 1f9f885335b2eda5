using System.Runtime.Versioning;

namespace Xcally.Licensing.Installation.Sources;

/// <summary>
/// systemd's machine-id: 128 random bits set at installation, stable across boots and hardware
/// changes. Confidential (machine-id(5)): it only ever keys hashes and never leaves the server.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class MachineIdSource
{
    public static readonly string[] Paths = ["etc/machine-id", "var/lib/dbus/machine-id"];

    /// <summary>The 16 machine-id bytes, or null with the reason.</summary>
    public static byte[]? Read(SystemTree tree, out string explanation)
    {
        foreach (var path in Paths)
        {
            var line = tree.ReadLine(path);
            if (line is null)
            {
                continue;
            }

            // "uninitialized" is systemd's first-boot placeholder; an all-zero id is an image that was blanked wrongly.
            if (line.Length == 32 && line.All(char.IsAsciiHexDigitLower) && line.Any(c => c != '0'))
            {
                explanation = $"from /{path}";
                return Convert.FromHexString(line);
            }
        }

        explanation = tree.RestrictedFiles.Any(Paths.Contains)
            ? "/etc/machine-id is not readable by every user"
            : "no valid /etc/machine-id (missing, empty, or the first-boot placeholder)";
        return null;
    }
}
