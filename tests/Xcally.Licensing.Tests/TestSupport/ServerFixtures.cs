using System.Runtime.Versioning;
using Xcally.Licensing.Installation.Sources;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>The fixture server trees in TestData/servers (see its README), and ways to read them.</summary>
[SupportedOSPlatform("linux")]
internal static class ServerFixtures
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestData", "servers");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    public static InstallationTokenReading Read(string name) =>
        InstallationTokenReader.Read(new InstallationTokenOptions { RootDirectory = PathOf(name) });

    public static InstallationToken Token(string name) => Read(name).EnsureComputed();

    public static IReadOnlyList<string> RawValues { get; } =
        File.ReadAllLines(Path.Combine(Folder, "raw-values.txt")).Where(l => l.Length > 0).ToList();

    /// <summary>Copies a fixture to a temporary folder the test may change; deleted on dispose.</summary>
    public static TemporaryCopy Copy(string name) => new(PathOf(name));

    public sealed class TemporaryCopy : IDisposable
    {
        public TemporaryCopy(string source)
        {
            Root = Directory.CreateTempSubdirectory("xcally-server-").FullName;
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(Root, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }

        public string Root { get; }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }

    /// <summary>
    /// Reads the way an unprivileged account does: the kernel refuses to open a file whose mode grants
    /// nothing to others (the tests may well run as root, where nothing is refused).
    /// </summary>
    public sealed class UnprivilegedTree(string root) : SystemTree(root)
    {
        protected override Stream Open(string fullPath) =>
            (File.GetUnixFileMode(fullPath) & UnixFileMode.OtherRead) == 0
                ? throw new UnauthorizedAccessException($"Access to the path '{fullPath}' is denied.")
                : base.Open(fullPath);
    }
}
