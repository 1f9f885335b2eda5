using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Signer.Cli;

namespace Xcally.Licensing.Signer.Keys;

/// <summary>Reads and writes private key files with the care ssh takes over them.</summary>
internal static class PrivateKeyFile
{
    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>
    /// Loads a signing key. On Linux and macOS a key file that its group or others can access is refused,
    /// except the public example key, whose private half is published anyway.
    /// </summary>
    /// <exception cref="UserError">The file is missing, too open, encrypted without a passphrase, or not a key.</exception>
    public static SigningKey Load(FileInfo file, Func<Passphrase> passphrase, TextWriter warnings)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError(ExitCodes.KeyProblem, $"cannot read the key file '{file.FullName}': {e.Message}");
        }

        SigningKey? key;
        string error;
        if (SigningKey.IsEncryptedPem(pem))
        {
            using var secret = passphrase();
            if (secret.IsEmpty)
            {
                throw new UserError(ExitCodes.KeyProblem, $"the key '{file.Name}' is encrypted: give its passphrase with --passphrase-file, --passphrase-env or --passphrase-stdin.");
            }

            SigningKey.TryImportPem(pem, secret.Chars, out key, out error);
        }
        else
        {
            SigningKey.TryImportPem(pem, [], out key, out error);
        }

        if (key is null)
        {
            throw new UserError(ExitCodes.KeyProblem, $"'{file.Name}' is not a usable signing key: {error}");
        }

        if (key.PublicKey.IsDevelopmentKey)
        {
            warnings.WriteLine($"warning: signing with the public example key {key.Id}; Motion refuses its licenses unless development keys are allowed.");
        }
        else if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file.FullName) & GroupOrOthers) != 0)
        {
            var mode = Convert.ToString((int)File.GetUnixFileMode(file.FullName), 8);
            key.Dispose();
            throw new UserError(
                ExitCodes.KeyProblem,
                $"permissions 0{mode} for '{file.FullName}' are too open: a private key must be accessible by its owner only. Run: chmod 600 '{file.FullName}'");
        }

        return key;
    }
}
