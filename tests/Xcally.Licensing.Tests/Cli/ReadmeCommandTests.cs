using System.Text.RegularExpressions;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Cli;

/// <summary>The README's two commands are the product's promise on a fresh machine: they are run here as written.</summary>
public sealed partial class ReadmeCommandTests
{
    private const string RunPrefix = "dotnet run --project src/Xcally.Licensing.Signer -- ";

    [GeneratedRegex("```sh\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    private static IReadOnlyList<string> Commands() =>
        ShellBlock().Matches(RepositoryFiles.Read("README.md").ReplaceLineEndings("\n")).Select(m => m.Groups[1].Value.Trim()).ToList();

    [Fact]
    public void The_README_opens_with_the_main_command_and_the_test_command()
    {
        var commands = Commands();

        Assert.True(commands.Count >= 2);
        Assert.Contains(" issue samples/requests/new-license.json ", commands[0], StringComparison.Ordinal);
        Assert.Contains(" verify ", commands[0], StringComparison.Ordinal);
        Assert.Equal("dotnet test", commands[1]);
        Assert.Contains("dotnet test", File.ReadAllText(RepositoryFiles.PathOf(".ci/run")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_main_command_issues_and_verifies_a_license_as_written()
    {
        using var folder = new TempFolder();
        var steps = Commands()[0].Split(" && ");
        Assert.Equal(2, steps.Length);

        var results = steps.Select(step =>
        {
            Assert.StartsWith(RunPrefix, step, StringComparison.Ordinal);
            var args = step[RunPrefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(arg => arg.StartsWith("artifacts/", StringComparison.Ordinal) ? Path.Combine(folder.Path, arg)
                    : arg.Contains('/', StringComparison.Ordinal) ? RepositoryFiles.PathOf(arg) : arg)
                .ToArray();
            return TestSupport.Cli.Run(args);
        }).ToList();

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Error));
        Assert.StartsWith("VALID", results[1].Output, StringComparison.Ordinal);
    }
}
