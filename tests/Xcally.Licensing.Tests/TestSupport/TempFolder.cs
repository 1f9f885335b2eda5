namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>A fresh temporary folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder() => Path = Directory.CreateTempSubdirectory("xcally-test-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a private key file with owner-only permissions, as a careful operator would.</summary>
    public string WritePrivateKey(string name, string pem)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, pem);
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
