using System.Diagnostics;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>Runs the openssl command-line tool (CI installs it; where it is missing the tests say so and skip).</summary>
internal static class OpenSsl
{
    public static string? Executable { get; } = FindOnPath("openssl");

    public static void SkipUnlessInstalled() => Assert.SkipWhen(Executable is null, "openssl is not installed");

    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Executable!) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException("openssl did not finish within 60 s: " + string.Join(' ', args));
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    public static string RunOrFail(params string[] args)
    {
        var (exitCode, output, error) = Run(args);
        Assert.True(exitCode == 0, $"openssl {string.Join(' ', args)} failed ({exitCode}): {error}");
        return output;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
