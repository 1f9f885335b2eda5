using System.CommandLine;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>The public keys a command trusts, as given on its command line.</summary>
internal sealed class TrustOptions
{
    public TrustOptions(bool required) =>
        PublicKeys = new("--public-key")
        {
            Description = "A public key (PEM) to trust; repeat for several.",
            Required = required,
            AllowMultipleArgumentsPerToken = false,
        };

    public Option<FileInfo[]> PublicKeys { get; }

    public Option<bool> AllowDevelopmentKeys { get; } = new("--allow-development-keys")
    {
        Description = "Also accept licenses signed with the public example key from keys.example (for development only).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(PublicKeys);
        command.Options.Add(AllowDevelopmentKeys);
    }

    public TrustedKeys? Read(ParseResult parseResult)
    {
        var files = parseResult.GetValue(PublicKeys) ?? [];
        if (files.Length == 0)
        {
            return null;
        }

        var keys = new List<LicensePublicKey>();
        foreach (var file in files)
        {
            string pem;
            try
            {
                pem = File.ReadAllText(file.FullName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new UserError(ExitCodes.KeyProblem, $"cannot read the public key '{file.FullName}': {e.Message}");
            }

            if (!LicensePublicKey.TryImportPem(pem, out var key, out var error))
            {
                throw new UserError(ExitCodes.KeyProblem, $"'{file.Name}' is not a usable public key: {error}");
            }

            keys.Add(key);
        }

        return new TrustedKeys(keys, parseResult.GetValue(AllowDevelopmentKeys));
    }
}
