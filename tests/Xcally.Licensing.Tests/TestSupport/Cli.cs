using Xcally.Licensing.Signer.Cli;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>Runs xcally-license in-process, through its real command-line parser.</summary>
internal static class Cli
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(params string[] args) => Run(new CliContext { Time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestLicenses.Now) }, args);

    public static Result Run(CliContext context, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = SignerCommand.Run(args, context, output, error);
        return new Result(exitCode, output.ToString(), error.ToString());
    }
}
