namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// A problem the operator can fix (a missing file, a wrong passphrase, a bad request). Commands throw
/// it; the command runner prints its message on standard error, without a stack trace, and exits
/// with its code.
/// </summary>
internal sealed class UserError : Exception
{
    public UserError(int exitCode, string message)
        : base(message) => ExitCode = exitCode;

    public int ExitCode { get; }
}
