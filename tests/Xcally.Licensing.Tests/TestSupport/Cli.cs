using Xcally.Licensing.Signer.Cli;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>Runs xcally-license in-process, through its real command-line parser.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Runs with the tests' fixed clock and, unless the arguments name one, a fresh ledger of its own.</summary>
    public static Result Run(params string[] args) => Run(Context(), args);

    public static CliContext Context(TimeProvider? time = null, TextReader? input = null) => new()
    {
        Time = time ?? new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestLicenses.Now),
        StandardInput = input ?? TextReader.Null,
        ShowProgress = false,
        Settings = new Dictionary<string, string?> { ["Signer:LedgerPath"] = Path.Combine(Path.GetTempPath(), $"xcally-ledger-{Guid.NewGuid():N}.db") },
    };

    public static Result Run(CliContext context, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = SignerCommand.Run(args, context, output, error);
        return new Result(exitCode, output.ToString(), error.ToString());
    }
}
