using System.CommandLine;
using Xcally.Licensing.Signer.Keys;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>The three ways to give a key passphrase; there is deliberately no option that takes the passphrase itself.</summary>
internal sealed class PassphraseOptions
{
    public Option<FileInfo> File { get; } = new("--passphrase-file") { Description = "Read the key passphrase from this file (its first line)." };

    public Option<string> Environment { get; } = new("--passphrase-env") { Description = "Read the key passphrase from this environment variable.", HelpName = "VARIABLE" };

    public Option<bool> StandardInput { get; } = new("--passphrase-stdin") { Description = "Read the key passphrase from the first line of standard input." };

    public void AddTo(Command command)
    {
        command.Options.Add(File);
        command.Options.Add(Environment);
        command.Options.Add(StandardInput);
    }

    public Passphrase Read(ParseResult parseResult, CliContext context) =>
        Passphrase.Read(parseResult.GetValue(File), parseResult.GetValue(Environment), parseResult.GetValue(StandardInput), context);
}
