using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>
/// A real SoftHSM2 for the HSM tests: one token folder and SOFTHSM2_CONF for the whole process (the
/// module reads the file at C_Initialize, which a process may reach many times but with one
/// environment), and a fresh token per test. Where SoftHSM2 is missing the tests skip and say which
/// Debian package to install; on CI (CI=true) a missing SoftHSM2 fails them instead.
/// </summary>
public sealed class SoftHsm : IDisposable
{
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";
    public const string UserPin = "246810";
    public const string SecurityOfficerPin = "13579111";

    private readonly TempFolder? _folder;
    private int _tokens;

    public SoftHsm()
    {
        Utility = FindOnPath("softhsm2-util");
        if (Utility is null || !File.Exists(ModulePath) || OperatingSystem.IsWindows())
        {
            return;
        }

        _folder = new TempFolder();
        Directory.CreateDirectory(_folder.File("tokens"));
        ConfigPath = _folder.File("softhsm2.conf");
        File.WriteAllText(ConfigPath, $"directories.tokendir = {_folder.File("tokens")}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");

        // .NET keeps its own copy of the environment on Unix; the module calls getenv, so set it natively too.
        Environment.SetEnvironmentVariable("SOFTHSM2_CONF", ConfigPath);
        _ = setenv("SOFTHSM2_CONF", ConfigPath, 1);
    }

    public string? Utility { get; }

    public string? ConfigPath { get; }

    public bool IsAvailable => ConfigPath is not null;

    /// <summary>Skips the test where SoftHSM2 is not installed, except on CI, where that is a failure.</summary>
    public void RequireInstalled()
    {
        if (IsAvailable)
        {
            return;
        }

        const string Message = "SoftHSM2 is not installed (softhsm2-util and " + ModulePath + "): apt-get install softhsm2";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(Message + " (CI=true: the HSM tests must run on CI)");
        }

        Assert.Skip(Message);
    }

    /// <summary>Initializes a new token with <see cref="UserPin"/> and returns its label (unique in this process).</summary>
    public string NewToken(string name)
    {
        RequireInstalled();
        var label = $"{name}-{Interlocked.Increment(ref _tokens)}";
        Run("--init-token", "--free", "--label", label, "--pin", UserPin, "--so-pin", SecurityOfficerPin);
        return label;
    }

    public void Dispose() => _folder?.Dispose();

    private void Run(params string[] args)
    {
        var start = new ProcessStartInfo(Utility!) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["SOFTHSM2_CONF"] = ConfigPath;
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "softhsm2-util did not finish within 60 s");
        Assert.True(process.ExitCode == 0, $"softhsm2-util {string.Join(' ', args)} failed ({process.ExitCode}): {output.Result}{error.Result}");
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);

#pragma warning disable SYSLIB1054, CA5392 // A test-only call into libc; LibraryImport's source generator is not worth it here.
    [DllImport("libc", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int setenv(string name, string value, int overwrite);
#pragma warning restore SYSLIB1054, CA5392
}

/// <summary>The HSM tests share one SoftHSM2 and load its module in turn, never side by side.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoftHsmCollection : ICollectionFixture<SoftHsm>
{
    public const string Name = "softhsm2";
}
