using System.Security.Cryptography;
using System.Text;
using Xcally.Licensing.Issuing.Hsm;
using Xcally.Licensing.Signer.Cli;

namespace Xcally.Licensing.Signer.Keys;

/// <summary>
/// The HSM user PIN, as UTF-8 bytes the caller wipes. It comes from --pin-file or --pin-stdin, else the
/// XCALLY_LICENSE_PKCS11_PIN environment variable, else the URI's pin-source file, else the
/// Signer:Pkcs11PinFile setting; never from the command line itself. A PIN file must be readable by its
/// owner only, like a private key: whoever reads the PIN can sign with the HSM.
/// </summary>
internal static class HsmPin
{
    public const string EnvironmentVariable = "XCALLY_LICENSE_PKCS11_PIN";

    private const UnixFileMode GroupOrOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <exception cref="UserError">No PIN anywhere, two command-line sources, or an unreadable, unsafe or empty source.</exception>
    public static byte[] Read(FileInfo? file, bool standardInput, Pkcs11Uri uri, SignerSettings settings, CliContext context)
    {
        if (file is not null && standardInput)
        {
            throw new UserError(ExitCodes.Usage, "give the PIN one way only: --pin-file or --pin-stdin.");
        }

        if (file is not null)
        {
            return FromFile(file.FullName, "--pin-file");
        }

        if (standardInput)
        {
            return FromText(context.StandardInput.ReadLine(), "standard input");
        }

        if (context.GetEnvironmentVariable(EnvironmentVariable) is { } fromEnvironment)
        {
            return FromText(fromEnvironment, $"the environment variable {EnvironmentVariable}");
        }

        if (uri.PinSource is { } source)
        {
            return FromFile(PinSourcePath(source), "the URI's pin-source");
        }

        if (!string.IsNullOrEmpty(settings.Pkcs11PinFile))
        {
            return FromFile(Path.GetFullPath(settings.Pkcs11PinFile), "Signer:Pkcs11PinFile");
        }

        throw new UserError(ExitCodes.KeyProblem, $"the HSM key {uri.KeyName} needs the token's user PIN: set {EnvironmentVariable}, point Signer:Pkcs11PinFile at a file that holds it (chmod 600), or give --pin-file or --pin-stdin.");
    }

    // RFC 7512's pin-source is a URI; only a local file is a safe place for a PIN (not a program to run, not a network address).
    private static string PinSourcePath(string source)
    {
        if (source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (Uri.TryCreate(source, UriKind.Absolute, out var fileUri) && fileUri.IsFile && (fileUri.Host.Length == 0 || fileUri.Host == "localhost"))
            {
                return fileUri.LocalPath;
            }
        }
        else if (source.Length > 0 && !source.Contains(':', StringComparison.Ordinal) && source[0] != '|')
        {
            return Path.GetFullPath(source);
        }

        throw new UserError(ExitCodes.KeyProblem, $"the PKCS#11 URI's pin-source '{source}' is not a local file: a PIN may only come from a file readable by its owner only, XCALLY_LICENSE_PKCS11_PIN, or --pin-stdin.");
    }

    private static byte[] FromFile(string path, string what)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & GroupOrOthers) != 0)
        {
            var mode = Convert.ToString((int)File.GetUnixFileMode(path), 8);
            throw new UserError(ExitCodes.KeyProblem, $"permissions 0{mode} for the PIN file '{path}' ({what}) are too open: a PIN file must be accessible by its owner only. Run: chmod 600 '{path}'");
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserError(ExitCodes.KeyProblem, $"cannot read the PIN file '{path}' ({what}): {e.Message}");
        }

        return FromText(text, $"the PIN file '{path}'");
    }

    private static byte[] FromText(string? text, string where)
    {
        // The first line only: files end with a newline as written by editors and echo.
        var line = (text ?? string.Empty).AsSpan();
        var end = line.IndexOfAny('\r', '\n');
        if (end >= 0)
        {
            line = line[..end];
        }

        if (line.IsEmpty)
        {
            throw new UserError(ExitCodes.KeyProblem, $"the PIN from {where} is empty.");
        }

        var pin = new byte[Encoding.UTF8.GetByteCount(line)];
        Encoding.UTF8.GetBytes(line, pin);
        return pin;
    }

    /// <summary>Wipes a PIN <see cref="Read"/> returned.</summary>
    public static void Wipe(byte[] pin) => CryptographicOperations.ZeroMemory(pin);
}
