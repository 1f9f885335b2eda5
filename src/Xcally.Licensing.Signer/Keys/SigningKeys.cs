using Xcally.Licensing.Issuing.Hsm;
using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Signer.Cli;

namespace Xcally.Licensing.Signer.Keys;

/// <summary>
/// Opens the signing key a command names: a <c>pkcs11:</c> URI is a key inside an HSM (the module from
/// Signer:Pkcs11Module, the PIN from <see cref="HsmPin"/>), anything else a key file. Either way the
/// command gets a <see cref="LicenseSigningKey"/> and signs the same way.
/// </summary>
internal static class SigningKeys
{
    /// <exception cref="UserError">The key cannot be opened; the message says why and what to fix.</exception>
    public static LicenseSigningKey Open(string reference, SignerSettings settings, Func<Passphrase> passphrase, Func<Pkcs11Uri, byte[]> pin, TextWriter warnings)
    {
        if (!Pkcs11Uri.IsPkcs11(reference))
        {
            return PrivateKeyFile.Load(new FileInfo(reference), passphrase, warnings);
        }

        var uri = ParseUri(reference);
        var pinBytes = pin(uri);
        try
        {
            var key = Pkcs11SigningKey.Open(settings.Pkcs11Module, uri, pinBytes);
            if (!key.IsNonExtractable)
            {
                warnings.WriteLine($"warning: the HSM key {uri.KeyName} can leave the HSM (it is not CKA_SENSITIVE and non-CKA_EXTRACTABLE); keys keygen --pkcs11 creates cannot.");
            }

            return key;
        }
        catch (HsmException e)
        {
            throw ToUserError(e);
        }
        finally
        {
            HsmPin.Wipe(pinBytes);
        }
    }

    /// <exception cref="UserError">The text is not a usable PKCS#11 URI (or carries a PIN).</exception>
    public static Pkcs11Uri ParseUri(string reference) =>
        Pkcs11Uri.TryParse(reference, out var uri, out var error) ? uri : throw new UserError(ExitCodes.Usage, error);

    public static UserError ToUserError(HsmException e) =>
        new(e.Problem == HsmProblem.InvalidUri ? ExitCodes.Usage : ExitCodes.KeyProblem, $"HSM: {e.Message}");
}
