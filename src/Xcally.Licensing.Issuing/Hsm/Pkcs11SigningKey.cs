using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Xcally.Licensing.Issuing.Keys;
using Ed25519 = Xcally.Licensing.Crypto.Ed25519;

namespace Xcally.Licensing.Issuing.Hsm;

/// <summary>
/// An Ed25519 license signing key that lives in an HSM and never leaves it: the tool holds a logged-in
/// session and a handle, the token signs (CKM_EDDSA). The public key is read from the token's public
/// key object and proven on opening: a test message is signed and verified before the first license,
/// and every license signature is verified again (<see cref="LicenseSigningKey.SignVerified"/>).
/// </summary>
internal sealed class Pkcs11SigningKey : LicenseSigningKey
{
    private readonly Pkcs11Module _module;
    private readonly ISession _session;
    private readonly IObjectHandle _privateKey;
    private readonly IMechanism _mechanism = Pkcs11Module.Factories.MechanismFactory.Create(Pkcs11Token.CkmEddsa);
    private readonly Pkcs11Uri _uri;

    // A PKCS#11 session runs one operation at a time; signing commands may call from several threads.
    private readonly Lock _lock = new();
    private bool _disposed;

    private Pkcs11SigningKey(Pkcs11Module module, ISession session, IObjectHandle privateKey, LicensePublicKey publicKey, Pkcs11Uri uri)
    {
        _module = module;
        _session = session;
        _privateKey = privateKey;
        PublicKey = publicKey;
        _uri = uri;
    }

    public override LicensePublicKey PublicKey { get; }

    /// <summary>Whether the token reports the private key as sensitive and not extractable, as keygen --pkcs11 makes it.</summary>
    public bool IsNonExtractable { get; private init; }

    /// <summary>
    /// Opens the Ed25519 key <paramref name="uri"/> names, in the module at <paramref name="modulePath"/>
    /// (or the URI's module-path), logging in with <paramref name="pin"/>, and proves it signs.
    /// </summary>
    /// <exception cref="HsmException">The module, token, PIN or key is wrong, or the key does not sign verifiably.</exception>
    public static Pkcs11SigningKey Open(string? modulePath, Pkcs11Uri uri, ReadOnlySpan<byte> pin)
    {
        var module = Pkcs11Module.Load(modulePath ?? uri.ModulePath);
        ISession? session = null;
        try
        {
            session = Pkcs11Token.OpenSession(module, uri, pin, readWrite: false);
            var privateKeys = Pkcs11Token.FindKeys(session, uri, CKO.CKO_PRIVATE_KEY);
            if (privateKeys.Count == 0)
            {
                throw new HsmException(HsmProblem.KeyNotFound, $"no private key {uri.KeyName}: check the URI's object= (the key's label) and id=, or create the key with keygen --pkcs11.");
            }

            if (privateKeys.Count > 1)
            {
                throw new HsmException(HsmProblem.KeyNotFound, $"{privateKeys.Count} private keys match {uri.KeyName}: add id= to the PKCS#11 URI to choose one.");
            }

            var attributes = GetAttributes(session, privateKeys[0], uri, CKA.CKA_KEY_TYPE, CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE);
            var keyType = attributes[0].GetValueAsUlong();
            if (keyType != Pkcs11Token.CkkEcEdwards)
            {
                throw new HsmException(HsmProblem.NotEd25519, $"the key {uri.KeyName} is not an Ed25519 key (its type is {KeyTypeName(keyType)}): licenses are signed with Ed25519 only. Create one with keygen --pkcs11.");
            }

            var publicKey = ReadPublicKey(session, uri);
            var key = new Pkcs11SigningKey(module, session, privateKeys[0], publicKey, uri)
            {
                IsNonExtractable = !attributes[1].CannotBeRead && attributes[1].GetValueAsBool() && !attributes[2].CannotBeRead && !attributes[2].GetValueAsBool(),
            };
            try
            {
                key.SelfTest();
            }
            catch
            {
                key.Dispose();
                throw;
            }

            return key;
        }
        catch
        {
            session?.Dispose();
            module.Dispose();
            throw;
        }
    }

    public override void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        if (signature.Length != Ed25519.SignatureSize)
        {
            throw new ArgumentException($"An Ed25519 signature is {Ed25519.SignatureSize} bytes.", nameof(signature));
        }

        byte[] result;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            try
            {
                result = _session.Sign(_mechanism, _privateKey, message.ToArray());
            }
            catch (Pkcs11Exception e)
            {
                throw Pkcs11Token.Failed($"the HSM could not sign with the key {_uri.KeyName}", e);
            }
        }

        if (result.Length != Ed25519.SignatureSize)
        {
            throw new HsmException(HsmProblem.Failed, $"the HSM returned a {result.Length}-byte signature for the key {_uri.KeyName}; Ed25519 signatures are {Ed25519.SignatureSize} bytes.");
        }

        result.CopyTo(signature);
    }

    protected override string Describe() => $"HSM key {_uri.KeyName}";

    protected override void Dispose(bool disposing)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _session.Dispose();
        _module.Dispose();
    }

    /// <summary>Reads CKA_EC_POINT from the public key object; an Ed25519 point is 32 bytes, often DER-wrapped as an OCTET STRING (04 20 …).</summary>
    private static LicensePublicKey ReadPublicKey(ISession session, Pkcs11Uri uri)
    {
        var publicKeys = Pkcs11Token.FindKeys(session, uri, CKO.CKO_PUBLIC_KEY);
        if (publicKeys.Count != 1)
        {
            throw new HsmException(HsmProblem.KeyNotFound, publicKeys.Count == 0
                ? $"the token holds the private key {uri.KeyName} but no public key object with the same label and id: the tool needs it to check every signature (keygen --pkcs11 creates both)."
                : $"{publicKeys.Count} public keys match {uri.KeyName}: add id= to the PKCS#11 URI to choose one.");
        }

        var attributes = GetAttributes(session, publicKeys[0], uri, CKA.CKA_KEY_TYPE, CKA.CKA_EC_PARAMS, CKA.CKA_EC_POINT);
        var keyType = attributes[0].GetValueAsUlong();
        var parameters = attributes[1].CannotBeRead ? [] : attributes[1].GetValueAsByteArray() ?? [];
        if (keyType != Pkcs11Token.CkkEcEdwards || !(parameters.AsSpan().SequenceEqual(Pkcs11Token.Ed25519OidDer) || parameters.AsSpan().SequenceEqual(Pkcs11Token.Ed25519NameDer)))
        {
            throw new HsmException(HsmProblem.NotEd25519, $"the public key {uri.KeyName} is not an Ed25519 key (type {KeyTypeName(keyType)}, curve parameters {Convert.ToHexStringLower(parameters)}): licenses are signed with Ed25519 only.");
        }

        var point = attributes[2].CannotBeRead ? [] : attributes[2].GetValueAsByteArray() ?? [];
        if (!TryReadEcPoint(point, out var publicKey))
        {
            throw new HsmException(HsmProblem.NotEd25519, $"the public key {uri.KeyName} holds no valid Ed25519 point (CKA_EC_POINT is {point.Length} bytes).");
        }

        return publicKey;
    }

    /// <summary>
    /// The Ed25519 public key in a CKA_EC_POINT: PKCS#11 3.0 says the 32 raw bytes, but SoftHSM2 and
    /// most HSMs return them DER-wrapped as an OCTET STRING (04 20 ...), as for other curves; both are read.
    /// </summary>
    internal static bool TryReadEcPoint(ReadOnlySpan<byte> ecPoint, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LicensePublicKey? publicKey)
    {
        var raw = ecPoint.Length == 2 + Ed25519.PublicKeySize && ecPoint[0] == 0x04 && ecPoint[1] == Ed25519.PublicKeySize
            ? ecPoint[2..]
            : ecPoint;
        return LicensePublicKey.TryImport(raw, out publicKey);
    }

    private static List<IObjectAttribute> GetAttributes(ISession session, IObjectHandle handle, Pkcs11Uri uri, params CKA[] types)
    {
        try
        {
            return session.GetAttributeValue(handle, [.. types]);
        }
        catch (Pkcs11Exception e)
        {
            throw Pkcs11Token.Failed($"cannot read the attributes of the key {uri.KeyName}", e);
        }
    }

    private static string KeyTypeName(ulong keyType) => keyType switch
    {
        Pkcs11Token.CkkEcEdwards => "CKK_EC_EDWARDS (not the edwards25519 curve)",
        <= uint.MaxValue when Enum.IsDefined((CKK)(uint)keyType) => ((CKK)(uint)keyType).ToString(),
        _ => $"0x{keyType:x}",
    };

    /// <summary>Signs and verifies a fresh random message, so a key whose public object does not match its private key is refused before any license.</summary>
    private void SelfTest()
    {
        Span<byte> message = stackalloc byte[64];
        "xcally-license HSM self-test\0"u8.CopyTo(message);
        RandomNumberGenerator.Fill(message[32..]);
        Span<byte> signature = stackalloc byte[Ed25519.SignatureSize];
        Sign(message, signature);
        if (!Ed25519.Verify(PublicKey.Prepared, message, signature))
        {
            throw new HsmException(HsmProblem.Failed, $"the HSM key {_uri.KeyName} signed a test message with a signature that does not verify with the public key the token holds ({Id}): the key pair on the token is inconsistent or the HSM is faulty. No license was signed.");
        }
    }
}
