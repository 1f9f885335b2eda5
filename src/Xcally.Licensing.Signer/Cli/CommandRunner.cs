using System.CommandLine;
using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Signer.Output;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// Runs a command's body and turns every failure into a one-line message on standard error and an exit
/// code: operators see what to fix, never a stack trace. Both writers show spoofing characters escaped
/// (<see cref="TerminalWriter"/>): a message that quotes a name or a request field cannot reorder,
/// hide or overwrite what the terminal shows.
/// </summary>
internal static class CommandRunner
{
    public const int InternalError = 70;

    public static int Run(ParseResult parseResult, Func<TextWriter, TextWriter, int> body)
    {
        var output = new TerminalWriter(parseResult.InvocationConfiguration.Output);
        var error = new TerminalWriter(parseResult.InvocationConfiguration.Error);
        try
        {
            return body(output, error);
        }
        catch (UserError e)
        {
            error.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (SigningKeyException e)
        {
            // A key that failed mid-command (an HSM that went away, a signature that did not verify): nothing was written.
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.KeyProblem;
        }
        catch (LedgerException e)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.LedgerProblem;
        }
        catch (System.Data.Common.DbException e)
        {
            // The ledger's database failed under a command (a PostgreSQL server gone, a disk full): the
            // machine's problem, said as such; nothing half-done was recorded (each step is a transaction).
            error.WriteLine($"error: the ledger's database failed: {e.Message}");
            return ExitCodes.LedgerProblem;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"error: {e.Message}");
            return ExitCodes.InputUnreadable;
        }
#pragma warning disable CA1031 // The last line of defence: an operator gets a message, not a stack trace.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error.WriteLine($"internal error ({e.GetType().Name}): {e.Message}. Please report this to the Xcally.Licensing team.");
            return InternalError;
        }
    }
}
