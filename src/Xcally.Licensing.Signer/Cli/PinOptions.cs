using System.CommandLine;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>The ways to give an HSM PIN on the command line; like the passphrase, there is deliberately no option that takes the PIN itself.</summary>
internal sealed class PinOptions
{
    public Option<FileInfo> File { get; } = new("--pin-file") { Description = "For a pkcs11: key, read the HSM user PIN from this file (its first line; owner-only permissions). Default: XCALLY_LICENSE_PKCS11_PIN, the URI's pin-source, then the Signer:Pkcs11PinFile setting." };

    public Option<bool> StandardInput { get; } = new("--pin-stdin") { Description = "For a pkcs11: key, read the HSM user PIN from the first line of standard input." };

    public void AddTo(Command command)
    {
        command.Options.Add(File);
        command.Options.Add(StandardInput);
    }
}
