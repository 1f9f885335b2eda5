// Ed25519 (RFC 8032, pure variant: no prehash, no context) through BouncyCastle.Cryptography.
//
// This is the only file of the product that names BouncyCastle. Every size is checked here
// explicitly because BouncyCastle's array overloads read only the first 64 signature bytes
// (they accept trailing garbage) and throw on short input; every exception is mapped to a
// plain "does not verify", so untrusted bytes can never throw out of this seam.
//
//   public key  32 bytes (RFC 8032 §5.1.5 encoding of A)
//   private key 32 bytes (the RFC 8032 seed k)
//   signature   64 bytes (R || S)

using System.Diagnostics;
using System.Security.Cryptography;
using Bc = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Xcally.Licensing.Crypto;

/// <summary>The Ed25519 primitives the license format is built on.</summary>
internal static class Ed25519
{
    public const int PublicKeySize = 32;
    public const int PrivateKeySize = 32;
    public const int SignatureSize = 64;

    /// <summary>
    /// Decodes and fully validates a public key once, so later verifications skip the
    /// point decompression. Returns <see langword="null"/> for a wrong length, a non-canonical
    /// encoding or a small-order point.
    /// </summary>
    public static PreparedPublicKey? TryPrepare(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != PublicKeySize)
        {
            return null;
        }

        try
        {
            var point = Bc.ValidatePublicKeyFullExport(publicKey);
            return point is null ? null : new PreparedPublicKey(point);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary><see langword="true"/> if <paramref name="signature"/> is a valid signature of <paramref name="message"/>.</summary>
    public static bool Verify(PreparedPublicKey publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (signature.Length != SignatureSize)
        {
            return false;
        }

        try
        {
            return Bc.Verify(signature, publicKey.Point, message);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>
    /// Verifies with a raw public key, as the RFC and Wycheproof vectors give it. A key that is
    /// not exactly 32 bytes, not canonical, or of small order never verifies.
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        var prepared = TryPrepare(publicKey);
        return prepared is not null && Verify(prepared, message, signature);
    }

    public static void Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        if (privateKey.Length != PrivateKeySize)
        {
            throw new ArgumentException($"An Ed25519 private key is {PrivateKeySize} bytes.", nameof(privateKey));
        }

        if (signature.Length != SignatureSize)
        {
            throw new ArgumentException($"An Ed25519 signature is {SignatureSize} bytes.", nameof(signature));
        }

        Bc.Sign(privateKey, message, signature);
    }

    /// <summary>
    /// Signs with the public key already derived from <paramref name="privateKey"/>, which saves one of
    /// the two base-point multiplications of each signature (half its cost). The public key must be
    /// the one <see cref="DerivePublicKey"/> gives for this private key: signing the same message under
    /// a mismatched pair discloses the private key, so callers derive it themselves and never take it from outside.
    /// </summary>
    public static void Sign(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        if (privateKey.Length != PrivateKeySize)
        {
            throw new ArgumentException($"An Ed25519 private key is {PrivateKeySize} bytes.", nameof(privateKey));
        }

        if (publicKey.Length != PublicKeySize)
        {
            throw new ArgumentException($"An Ed25519 public key is {PublicKeySize} bytes.", nameof(publicKey));
        }

        if (signature.Length != SignatureSize)
        {
            throw new ArgumentException($"An Ed25519 signature is {SignatureSize} bytes.", nameof(signature));
        }

        Bc.Sign(privateKey, publicKey, message, signature);
    }

    public static void DerivePublicKey(ReadOnlySpan<byte> privateKey, Span<byte> publicKey)
    {
        if (privateKey.Length != PrivateKeySize)
        {
            throw new ArgumentException($"An Ed25519 private key is {PrivateKeySize} bytes.", nameof(privateKey));
        }

        Debug.Assert(publicKey.Length == PublicKeySize);
        Bc.GeneratePublicKey(privateKey, publicKey);
    }

    /// <summary>Fills <paramref name="privateKey"/> with a fresh key from the operating system's CSPRNG.</summary>
    public static void GeneratePrivateKey(Span<byte> privateKey)
    {
        Debug.Assert(privateKey.Length == PrivateKeySize);
        RandomNumberGenerator.Fill(privateKey);
    }

    /// <summary>A decoded, validated public key; opaque outside this file.</summary>
    internal sealed class PreparedPublicKey
    {
        internal PreparedPublicKey(Bc.PublicPoint point) => Point = point;

        internal Bc.PublicPoint Point { get; }
    }
}
