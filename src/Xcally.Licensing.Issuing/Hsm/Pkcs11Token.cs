// Reaching a key on a token: the slot whose token matches the URI, a logged-in session, and the key's
// objects. Every PKCS#11 error is turned here into an HsmException that says what to fix.
//
// Pkcs11Interop 5.3 predates PKCS#11 3.0, so the Edwards-curve constants are spelled out:
//   CKK_EC_EDWARDS              0x40    (key type)
//   CKM_EC_EDWARDS_KEY_PAIR_GEN 0x1055  (key generation)
//   CKM_EDDSA                   0x1057  (signing; no parameters = Ed25519 pure, RFC 8032)
// CKA_EC_PARAMS names the curve either as the printable string "edwards25519" or as the OID
// 1.3.101.112 (RFC 8410); SoftHSM2 2.6 accepts both, and PKCS#11 3.1 prefers the OID.

using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Xcally.Licensing.Issuing.Hsm;

/// <summary>Opens sessions on the token a <see cref="Pkcs11Uri"/> names and finds the key objects on it.</summary>
internal static class Pkcs11Token
{
    public const ulong CkkEcEdwards = 0x40;
    public const ulong CkmEcEdwardsKeyPairGen = 0x1055;
    public const ulong CkmEddsa = 0x1057;

    /// <summary>DER of the OID 1.3.101.112 (id-Ed25519).</summary>
    public static ReadOnlySpan<byte> Ed25519OidDer => [0x06, 0x03, 0x2B, 0x65, 0x70];

    /// <summary>DER PrintableString "edwards25519", the curve's name form.</summary>
    public static ReadOnlySpan<byte> Ed25519NameDer => "\u0013\u000cedwards25519"u8;

    /// <summary>A session on the URI's token, logged in as the user with <paramref name="pin"/>.</summary>
    /// <exception cref="HsmException">No such token, more than one, or the PIN is refused.</exception>
    public static ISession OpenSession(Pkcs11Module module, Pkcs11Uri uri, ReadOnlySpan<byte> pin, bool readWrite)
    {
        var slot = FindSlot(module, uri);
        ISession session;
        try
        {
            session = slot.OpenSession(readWrite ? SessionType.ReadWrite : SessionType.ReadOnly);
        }
        catch (Pkcs11Exception e)
        {
            throw Failed($"cannot open a session on token '{uri.Token}'", e);
        }

        var pinBytes = pin.ToArray();
        try
        {
            session.Login(CKU.CKU_USER, pinBytes);
        }
        catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Logins belong to the application, not the session: another key of this process already logged in.
        }
        catch (Pkcs11Exception e)
        {
            session.Dispose();
            throw e.RV switch
            {
                CKR.CKR_PIN_INCORRECT => new HsmException(HsmProblem.Pin, $"the PIN for token '{uri.Token}' is wrong (CKR_PIN_INCORRECT). Most HSMs lock the PIN after a few wrong tries: check the PIN file or XCALLY_LICENSE_PKCS11_PIN before trying again.", e),
                CKR.CKR_PIN_LOCKED => new HsmException(HsmProblem.Pin, $"the user PIN of token '{uri.Token}' is locked (CKR_PIN_LOCKED): the token's security officer must unlock or reset it.", e),
                CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_INVALID => new HsmException(HsmProblem.Pin, $"the token '{uri.Token}' refused the PIN as malformed ({e.RV}): check the PIN file has the PIN alone on its first line.", e),
                CKR.CKR_USER_PIN_NOT_INITIALIZED => new HsmException(HsmProblem.Pin, $"the token '{uri.Token}' has no user PIN yet (CKR_USER_PIN_NOT_INITIALIZED): initialize it (softhsm2-util --init-token ... --pin, or the vendor's tool).", e),
                _ => Failed($"cannot log in to token '{uri.Token}'", e),
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pinBytes);
        }

        return session;
    }

    /// <summary>The private key objects the URI selects.</summary>
    public static List<IObjectHandle> FindKeys(ISession session, Pkcs11Uri uri, CKO objectClass)
    {
        var factory = Pkcs11Module.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute> { factory.Create(CKA.CKA_CLASS, objectClass) };
        if (uri.Object is not null)
        {
            template.Add(factory.Create(CKA.CKA_LABEL, uri.Object));
        }

        if (uri.Id is not null)
        {
            template.Add(factory.Create(CKA.CKA_ID, uri.Id));
        }

        try
        {
            return session.FindAllObjects(template);
        }
        catch (Pkcs11Exception e)
        {
            throw Failed($"cannot search token '{uri.Token}' for the key", e);
        }
    }

    public static HsmException Failed(string what, Pkcs11Exception e) =>
        new(HsmProblem.Failed, $"{what}: the PKCS#11 module returned {e.RV} from {e.Method}.", e);

    private static ISlot FindSlot(Pkcs11Module module, Pkcs11Uri uri)
    {
        List<ISlot> slots;
        try
        {
            slots = module.Library.GetSlotList(SlotsType.WithTokenPresent);
        }
        catch (Pkcs11Exception e)
        {
            throw Failed("cannot list the HSM's tokens", e);
        }

        var labels = new List<string>();
        var matches = new List<ISlot>();
        foreach (var slot in slots)
        {
            ITokenInfo info;
            try
            {
                info = slot.GetTokenInfo();
            }
            catch (Pkcs11Exception)
            {
                continue;
            }

            var label = info.Label.TrimEnd(' ', '\0');

            // A slot with an uninitialised token (SoftHSM2 always keeps one free) has no label to offer.
            if (label.Length > 0)
            {
                labels.Add(label);
            }

            if (label == uri.Token
                && (uri.Serial is null || info.SerialNumber.TrimEnd(' ', '\0') == uri.Serial)
                && (uri.Model is null || info.Model.TrimEnd(' ', '\0') == uri.Model)
                && (uri.Manufacturer is null || info.ManufacturerId.TrimEnd(' ', '\0') == uri.Manufacturer))
            {
                matches.Add(slot);
            }
        }

        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new HsmException(HsmProblem.TokenMissing, $"no token '{uri.Token}'{(uri.Serial is null ? string.Empty : $" with serial {uri.Serial}")} is present in the PKCS#11 module '{module.Path}'. Tokens present: {(labels.Count == 0 ? "none" : string.Join(", ", labels.Select(l => $"'{l}'")))}. Check the HSM is connected and the URI's token= label."),
            _ => throw new HsmException(HsmProblem.TokenMissing, $"{matches.Count} tokens are labelled '{uri.Token}': add serial=<serial number> to the PKCS#11 URI to choose one."),
        };
    }
}
