using System.CommandLine;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>Builds the <c>xcally-license</c> command tree; tests build it too, with their own context.</summary>
internal static class SignerCommand
{
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand("xcally-license: the XCALLY licensing team's tool: every license-portal request (demo, issue, modify, contract, move, reactivate, deactivate, renew) under the contract rules with a ledger; verify, inspect, history, diff; installation tokens; signing keys.");
        root.Subcommands.Add(KeygenCommand.Create(context));
        root.Subcommands.Add(IssueCommand.Create(context));
        root.Subcommands.Add(VerifyCommand.Create(context));
        root.Subcommands.Add(InspectCommand.Create(context));
        root.Subcommands.Add(TokenCommand.Create(context));
        root.Subcommands.Add(ServeCommand.Create(context));
        root.Subcommands.Add(LedgerAdminCommand.Create(context));
        foreach (var command in LifecycleCommands.Create(context).Concat(LedgerCommands.Create(context)))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    /// <summary>Parses and runs; what <c>Main</c> does, with writers a test can read.</summary>
    public static int Run(string[] args, CliContext context, TextWriter output, TextWriter error)
    {
        var parseResult = Create(context).Parse(args);
        return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
    }
}
