using System.CommandLine;
using Xcally.Licensing.Issuing.Hsm;
using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Signer.IO;
using Xcally.Licensing.Signer.Keys;
using Xcally.Licensing.Signer.Output;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// <c>xcally-license keygen --out DIR</c>: a new Ed25519 signing key pair as files; with
/// <c>--pkcs11 URI</c>, a key pair generated inside an HSM, of which only the public key is written.
/// </summary>
internal static class KeygenCommand
{
    public static Command Create(CliContext context)
    {
        var outDirectory = new Option<DirectoryInfo>("--out") { Description = "The folder to write NAME.private.pem and NAME.public.pem into.", Required = true };
        var name = new Option<string>("--name") { Description = "The file name prefix.", DefaultValueFactory = _ => "xcally-license" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var passphrase = new PassphraseOptions();
        var pkcs11 = new Option<string>("--pkcs11") { Description = "Create the key inside an HSM instead of a file: a pkcs11: URI (RFC 7512) naming the token and the new key's label, e.g. 'pkcs11:token=Licensing;object=xcally-license-2026'. The module comes from Signer:Pkcs11Module, the PIN from XCALLY_LICENSE_PKCS11_PIN, Signer:Pkcs11PinFile, --pin-file or --pin-stdin. Only NAME.public.pem is written.", HelpName = "URI" };
        var pin = new PinOptions();

        var command = new Command("keygen", "Create a new license signing key pair (PEM, readable by OpenSSL). With a passphrase option, the private key is encrypted (PBES2, AES-256, PBKDF2-SHA256).");
        command.Options.Add(outDirectory);
        command.Options.Add(name);
        command.Options.Add(json);
        passphrase.AddTo(command);
        command.Options.Add(pkcs11);
        pin.AddTo(command);

        command.SetAction(parseResult => CommandRunner.Run(parseResult, (output, error) =>
        {
            var directory = parseResult.GetRequiredValue(outDirectory);
            var prefix = parseResult.GetValue(name)!;
            if (prefix.Length == 0 || prefix.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || prefix.Contains('/'))
            {
                throw new UserError(ExitCodes.Usage, $"--name '{prefix}' cannot be used in a file name.");
            }

            if (parseResult.GetValue(pkcs11) is { } reference)
            {
                if (parseResult.GetValue(passphrase.File) is not null || parseResult.GetValue(passphrase.Environment) is not null || parseResult.GetValue(passphrase.StandardInput))
                {
                    throw new UserError(ExitCodes.Usage, "--pkcs11 creates the key inside the HSM, where no passphrase applies: the token's PIN protects it (--pin-file, --pin-stdin, XCALLY_LICENSE_PKCS11_PIN or Signer:Pkcs11PinFile). Drop the passphrase option.");
                }

                return GenerateInHsm(parseResult, context, reference, pin, directory, prefix, parseResult.GetValue(json), output, error);
            }

            var privatePath = Path.Combine(directory.FullName, prefix + ".private.pem");
            var publicPath = Path.Combine(directory.FullName, prefix + ".public.pem");
            foreach (var path in new[] { privatePath, publicPath })
            {
                if (File.Exists(path))
                {
                    throw new UserError(ExitCodes.OutputFailed, $"'{path}' already exists; keys are never overwritten. Choose another --out or --name.");
                }
            }

            using var secret = passphrase.Read(parseResult, context);
            using var key = SigningKey.Generate();
            Directory.CreateDirectory(directory.FullName);
            AtomicFile.Write(privatePath, key.ExportPem(secret.Chars), AtomicFile.OwnerOnly, overwrite: false);
            AtomicFile.Write(publicPath, key.PublicKey.ExportPem(), AtomicFile.WorldReadable, overwrite: false);

            if (parseResult.GetValue(json))
            {
                JsonOutput.Write(output, w =>
                {
                    w.WriteString("keyId", key.Id.ToString());
                    w.WriteString("privateKey", privatePath);
                    w.WriteString("publicKey", publicPath);
                    w.WriteBoolean("encrypted", !secret.IsEmpty);
                });
            }
            else
            {
                output.WriteLine($"key id      {key.Id}");
                output.WriteLine($"private key {privatePath}{(secret.IsEmpty ? string.Empty : " (encrypted)")}");
                output.WriteLine($"public key  {publicPath}");
            }

            if (secret.IsEmpty)
            {
                error.WriteLine("warning: the private key is not encrypted; keep it on an encrypted disk or re-create it with --passphrase-file, --passphrase-env or --passphrase-stdin.");
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    private static int GenerateInHsm(ParseResult parseResult, CliContext context, string reference, PinOptions pin, DirectoryInfo directory, string prefix, bool json, TextWriter output, TextWriter error)
    {
        var uri = SigningKeys.ParseUri(reference);
        var publicPath = Path.Combine(directory.FullName, prefix + ".public.pem");
        if (File.Exists(publicPath))
        {
            throw new UserError(ExitCodes.OutputFailed, $"'{publicPath}' already exists; keys are never overwritten. Choose another --out or --name.");
        }

        var settings = SignerSettings.Load(context);
        var pinBytes = HsmPin.Read(parseResult.GetValue(pin.File), parseResult.GetValue(pin.StandardInput), uri, settings, context);
        Pkcs11SigningKey key;
        try
        {
            key = Pkcs11KeyGenerator.Generate(settings.Pkcs11Module, uri, pinBytes);
        }
        catch (HsmException e)
        {
            throw SigningKeys.ToUserError(e);
        }
        finally
        {
            HsmPin.Wipe(pinBytes);
        }

        using (key)
        {
            Directory.CreateDirectory(directory.FullName);
            AtomicFile.Write(publicPath, key.PublicKey.ExportPem(), AtomicFile.WorldReadable, overwrite: false);
            if (json)
            {
                JsonOutput.Write(output, w =>
                {
                    w.WriteString("keyId", key.Id.ToString());
                    w.WriteString("pkcs11", uri.Text);
                    w.WriteString("publicKey", publicPath);
                });
            }
            else
            {
                output.WriteLine($"key id      {key.Id}");
                output.WriteLine($"hsm key     {uri.Text} (non-extractable)");
                output.WriteLine($"public key  {publicPath}");
            }
        }

        return ExitCodes.Success;
    }
}
