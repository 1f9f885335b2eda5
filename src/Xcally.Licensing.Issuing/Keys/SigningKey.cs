using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using Xcally.Licensing.Format;
using Ed25519 = Xcally.Licensing.Crypto.Ed25519;

namespace Xcally.Licensing.Issuing.Keys;

/// <summary>
/// A license signing key: an Ed25519 private key as standard PKCS#8 PEM (RFC 8410), plain or encrypted
/// with PBES2 (AES-256-CBC, PBKDF2-HMAC-SHA256), the forms <c>openssl genpkey</c> and <c>openssl pkey</c>
/// read and write. The private bytes live in one array that is wiped on <see cref="Dispose"/>.
/// </summary>
internal sealed class SigningKey : LicenseSigningKey
{
    private const string Ed25519Oid = "1.3.101.112";
    private const string PlainLabel = "PRIVATE KEY";
    private const string EncryptedLabel = "ENCRYPTED PRIVATE KEY";

    /// <summary>PBKDF2 iterations for an encrypted key: OWASP's 2023 figure for PBKDF2-HMAC-SHA256.</summary>
    public const int Pbkdf2Iterations = 600_000;

    private readonly byte[] _privateKey;

    // Derived here from the private key and from nowhere else: signing with it halves each signature's cost (Ed25519.Sign).
    private readonly byte[] _publicKey = new byte[Ed25519.PublicKeySize];
    private bool _disposed;

    private SigningKey(byte[] privateKey)
    {
        _privateKey = privateKey;
        Ed25519.DerivePublicKey(privateKey, _publicKey);
        PublicKey = LicensePublicKey.Import(_publicKey);
    }

    public override LicensePublicKey PublicKey { get; }

    public static SigningKey Generate()
    {
        var privateKey = new byte[Ed25519.PrivateKeySize];
        Ed25519.GeneratePrivateKey(privateKey);
        return new SigningKey(privateKey);
    }

    /// <summary>A key from its 32 raw bytes (the RFC 8032 seed), for test vectors.</summary>
    public static SigningKey FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != Ed25519.PrivateKeySize)
        {
            throw new ArgumentException($"An Ed25519 private key is {Ed25519.PrivateKeySize} bytes.", nameof(privateKey));
        }

        return new SigningKey(privateKey.ToArray());
    }

    /// <summary><see langword="true"/> if the PEM text holds an encrypted private key.</summary>
    public static bool IsEncryptedPem(ReadOnlySpan<char> pem) =>
        PemEncoding.TryFind(pem, out var fields) && pem[fields.Label].SequenceEqual(EncryptedLabel);

    /// <summary>Reads a private key from PEM; <paramref name="passphrase"/> is used only for an encrypted key.</summary>
    public static bool TryImportPem(ReadOnlySpan<char> pem, ReadOnlySpan<char> passphrase, [NotNullWhen(true)] out SigningKey? key, out string error)
    {
        key = null;
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            error = "no PEM block found: expected -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----.";
            return false;
        }

        var label = pem[fields.Label];
        var encrypted = label.SequenceEqual(EncryptedLabel);
        if (!encrypted && !label.SequenceEqual(PlainLabel))
        {
            error = label.SequenceEqual(LicensePublicKeyLabel)
                ? "this is a public key; signing needs the private key."
                : $"expected a PRIVATE KEY block, found '{label}'.";
            return false;
        }

        var der = new byte[fields.DecodedDataLength];
        try
        {
            if (!Convert.TryFromBase64Chars(pem[fields.Base64Data], der, out _))
            {
                error = "the PEM block's base64 is damaged.";
                return false;
            }

            Pkcs8PrivateKeyInfo info;
            try
            {
                info = encrypted
                    ? Pkcs8PrivateKeyInfo.DecryptAndDecode(passphrase, der, out _)
                    : Pkcs8PrivateKeyInfo.Decode(der, out _, skipCopy: true);
            }
            catch (CryptographicException)
            {
                error = encrypted
                    ? "the key could not be decrypted: wrong passphrase, or a damaged key file."
                    : "the PRIVATE KEY block is not valid PKCS#8.";
                return false;
            }

            if (info.AlgorithmId.Value != Ed25519Oid || info.AlgorithmParameters is not null)
            {
                error = $"the private key is not an Ed25519 key (algorithm {info.AlgorithmId.Value}).";
                return false;
            }

            // RFC 8410 §7: the PKCS#8 privateKey is CurvePrivateKey ::= OCTET STRING (32 bytes).
            var curvePrivateKey = info.PrivateKeyBytes.Span;
            if (curvePrivateKey.Length != 2 + Ed25519.PrivateKeySize || curvePrivateKey[0] != 0x04 || curvePrivateKey[1] != Ed25519.PrivateKeySize)
            {
                error = "the Ed25519 private key has the wrong size.";
                return false;
            }

            key = new SigningKey(curvePrivateKey[2..].ToArray());
            if (encrypted)
            {
                CryptographicOperations.ZeroMemory(MemoryMarshalHelper.AsWritable(info.PrivateKeyBytes));
            }

            error = string.Empty;
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    private const string LicensePublicKeyLabel = "PUBLIC KEY";

    /// <summary>The key as PEM; encrypted with <paramref name="passphrase"/> unless it is empty.</summary>
    public string ExportPem(ReadOnlySpan<char> passphrase)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var curvePrivateKey = new byte[2 + Ed25519.PrivateKeySize];
        byte[]? der = null;
        try
        {
            curvePrivateKey[0] = 0x04;
            curvePrivateKey[1] = Ed25519.PrivateKeySize;
            _privateKey.CopyTo(curvePrivateKey, 2);
            var info = new Pkcs8PrivateKeyInfo(new Oid(Ed25519Oid), algorithmParameters: null, curvePrivateKey, skipCopies: true);
            der = passphrase.IsEmpty
                ? info.Encode()
                : info.Encrypt(passphrase, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, Pbkdf2Iterations));
            return PemEncoding.WriteString(passphrase.IsEmpty ? PlainLabel : EncryptedLabel, der) + "\n";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(curvePrivateKey);
            if (der is not null)
            {
                CryptographicOperations.ZeroMemory(der);
            }
        }
    }

    public override void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Ed25519.Sign(_privateKey, _publicKey, message, signature);
    }

    protected override string Describe() => "signing key";

    protected override void Dispose(bool disposing)
    {
        CryptographicOperations.ZeroMemory(_privateKey);
        _disposed = true;
    }

    private static class MemoryMarshalHelper
    {
        public static Span<byte> AsWritable(ReadOnlyMemory<byte> memory) =>
            System.Runtime.InteropServices.MemoryMarshal.AsMemory(memory).Span;
    }
}
