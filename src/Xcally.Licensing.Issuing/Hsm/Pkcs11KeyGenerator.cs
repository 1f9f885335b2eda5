using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Xcally.Licensing.Issuing.Hsm;

/// <summary>
/// Creates an Ed25519 license signing key inside an HSM: the token generates it, keeps it (CKA_TOKEN),
/// requires a login to use it (CKA_PRIVATE), and never lets its private half out (CKA_SENSITIVE true,
/// CKA_EXTRACTABLE false). Nothing but the public key ever reaches this process.
/// </summary>
internal static class Pkcs11KeyGenerator
{
    /// <summary>Generates the key pair <paramref name="uri"/> names and opens it (which proves it signs).</summary>
    /// <exception cref="HsmException">The module, token or PIN is wrong, a key with that label or id exists, or the token cannot make Ed25519 keys.</exception>
    public static Pkcs11SigningKey Generate(string? modulePath, Pkcs11Uri uri, ReadOnlySpan<byte> pin)
    {
        if (string.IsNullOrEmpty(uri.Object))
        {
            throw new HsmException(HsmProblem.InvalidUri, "keygen --pkcs11 needs object=<label> in the URI: the label names the new key.");
        }

        using (var module = Pkcs11Module.Load(modulePath ?? uri.ModulePath))
        using (var session = Pkcs11Token.OpenSession(module, uri, pin, readWrite: true))
        {
            // Keys are never overwritten, and a second key under the same name would make the URI ambiguous.
            foreach (var objectClass in new[] { CKO.CKO_PRIVATE_KEY, CKO.CKO_PUBLIC_KEY })
            {
                if (Count(session, objectClass, CKA.CKA_LABEL, uri.Object) > 0 || (uri.Id is not null && Count(session, objectClass, CKA.CKA_ID, uri.Id) > 0))
                {
                    throw new HsmException(HsmProblem.KeyExists, $"the token '{uri.Token}' already holds a key {uri.KeyName}; keys are never overwritten. Choose another object= label.");
                }
            }

            var factory = Pkcs11Module.Factories.ObjectAttributeFactory;
            var publicTemplate = new List<IObjectAttribute>
            {
                factory.Create(CKA.CKA_TOKEN, true),
                factory.Create(CKA.CKA_PRIVATE, false),
                factory.Create(CKA.CKA_VERIFY, true),
                factory.Create(CKA.CKA_EC_PARAMS, Pkcs11Token.Ed25519OidDer.ToArray()),
                factory.Create(CKA.CKA_LABEL, uri.Object),
            };
            var privateTemplate = new List<IObjectAttribute>
            {
                factory.Create(CKA.CKA_TOKEN, true),
                factory.Create(CKA.CKA_PRIVATE, true),
                factory.Create(CKA.CKA_SENSITIVE, true),
                factory.Create(CKA.CKA_EXTRACTABLE, false),
                factory.Create(CKA.CKA_SIGN, true),
                factory.Create(CKA.CKA_LABEL, uri.Object),
            };
            if (uri.Id is not null)
            {
                publicTemplate.Add(factory.Create(CKA.CKA_ID, uri.Id));
                privateTemplate.Add(factory.Create(CKA.CKA_ID, uri.Id));
            }

            try
            {
                var mechanism = Pkcs11Module.Factories.MechanismFactory.Create(Pkcs11Token.CkmEcEdwardsKeyPairGen);
                session.GenerateKeyPair(mechanism, publicTemplate, privateTemplate, out _, out _);
            }
            catch (Pkcs11Exception e) when (e.RV is CKR.CKR_MECHANISM_INVALID or CKR.CKR_CURVE_NOT_SUPPORTED or CKR.CKR_DOMAIN_PARAMS_INVALID)
            {
                throw new HsmException(HsmProblem.NotEd25519, $"the token '{uri.Token}' cannot generate Ed25519 keys ({e.RV}): licenses need an HSM with CKM_EC_EDWARDS_KEY_PAIR_GEN and CKM_EDDSA (PKCS#11 3.0).", e);
            }
            catch (Pkcs11Exception e)
            {
                throw Pkcs11Token.Failed($"the token '{uri.Token}' could not generate the key", e);
            }
        }

        return Pkcs11SigningKey.Open(modulePath, uri, pin);
    }

    private static int Count(ISession session, CKO objectClass, CKA attribute, object value)
    {
        var factory = Pkcs11Module.Factories.ObjectAttributeFactory;
        var selector = value is byte[] bytes ? factory.Create(attribute, bytes) : factory.Create(attribute, (string)value);
        try
        {
            return session.FindAllObjects([factory.Create(CKA.CKA_CLASS, objectClass), selector]).Count;
        }
        catch (Pkcs11Exception e)
        {
            throw Pkcs11Token.Failed("cannot search the token for existing keys", e);
        }
    }
}
