using System.Runtime.Versioning;

namespace Xcally.Licensing.Installation.Sources;

/// <summary>
/// A random 256-bit key the host persisted for this installation (64 hex characters), for containers
/// that have no machine-id: it lives on the installation's volume, so it survives container restarts.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class InstallationKeySource
{
    public static byte[]? Read(SystemTree tree, string path)
    {
        var line = tree.ReadLine(path.TrimStart('/'));
        return line is { Length: 64 } && line.All(char.IsAsciiHexDigit) ? Convert.FromHexString(line) : null;
    }
}
