using System.Runtime.Versioning;
using Xcally.Licensing.Installation.Sources;

namespace Xcally.Licensing.Installation;

/// <summary>
/// Copies exactly the files a token was computed from into a new folder, the tree that
/// <c>token show --root</c> reads, so an administrator can send it to support. The copy holds the
/// raw values (machine-id, serials, addresses) that the token itself never reveals.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class TokenSourceCollector
{
    public static InstallationTokenReading Collect(InstallationTokenOptions options, string destination)
    {
        if (Directory.Exists(destination) && Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new IOException($"{destination} already exists and is not empty; choose a new folder.");
        }

        var tree = new SystemTree(options.RootDirectory);
        var reading = InstallationTokenReader.Read(tree, options.InstallationKeyPath);

        // Built next to the destination and renamed into place, so an interrupted collection leaves no half tree.
        var fullDestination = Path.GetFullPath(destination);
        var parent = Path.GetDirectoryName(fullDestination) ?? ".";
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(fullDestination)}.{Guid.NewGuid():N}.tmp");
        try
        {
            foreach (var (path, isDirectory) in tree.EntriesSeen)
            {
                var target = Path.Join(staging, path);
                if (isDirectory)
                {
                    Directory.CreateDirectory(target);
                }
                else if (!tree.FilesRead.ContainsKey(path))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.WriteAllBytes(target, []);
                }
            }

            foreach (var (path, text) in tree.FilesRead)
            {
                var target = Path.Join(staging, path);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, text);
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }

            Directory.CreateDirectory(staging);
            if (Directory.Exists(fullDestination))
            {
                Directory.Delete(fullDestination);
            }

            Directory.Move(staging, fullDestination);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return reading;
    }
}
