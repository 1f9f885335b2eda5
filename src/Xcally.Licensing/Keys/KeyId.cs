using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace Xcally.Licensing;

/// <summary>
/// The 8-byte identifier of a license signing key: the first 8 bytes of
/// SHA-256("xcally-license-key-id" || 0x00 || public key). It is signed into every license file so a
/// verifier can tell "signed by a key I do not trust" apart from "signature does not match"; it
/// selects a key, it is not a security check.
/// </summary>
public readonly struct KeyId : IEquatable<KeyId>
{
    /// <summary>The size of a key id in bytes.</summary>
    public const int Size = 8;

    private static ReadOnlySpan<byte> DerivationTag => "xcally-license-key-id\0"u8;

    private readonly ulong _value;

    private KeyId(ulong value) => _value = value;

    /// <summary>Derives the key id of a 32-byte Ed25519 public key.</summary>
    /// <exception cref="ArgumentException"><paramref name="publicKey"/> is not 32 bytes.</exception>
    public static KeyId Derive(ReadOnlySpan<byte> publicKey)
    {
        if (publicKey.Length != Crypto.Ed25519.PublicKeySize)
        {
            throw new ArgumentException($"An Ed25519 public key is {Crypto.Ed25519.PublicKeySize} bytes.", nameof(publicKey));
        }

        Span<byte> input = stackalloc byte[DerivationTag.Length + Crypto.Ed25519.PublicKeySize];
        DerivationTag.CopyTo(input);
        publicKey.CopyTo(input[DerivationTag.Length..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return new KeyId(BinaryPrimitives.ReadUInt64BigEndian(hash));
    }

    /// <summary>Reads a key id from its 8 stored bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="bytes"/> is not 8 bytes.</exception>
    public static KeyId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A key id is {Size} bytes.", nameof(bytes));
        }

        return new KeyId(BinaryPrimitives.ReadUInt64BigEndian(bytes));
    }

    /// <summary>Parses the 16 hexadecimal digits that <see cref="ToString"/> writes.</summary>
    public static bool TryParse(string? text, out KeyId keyId)
    {
        keyId = default;
        if (text is null || text.Length != 2 * Size ||
            !ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        keyId = new KeyId(value);
        return true;
    }

    /// <summary>Parses the 16 hexadecimal digits that <see cref="ToString"/> writes.</summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not 16 hexadecimal digits.</exception>
    public static KeyId Parse(string text) =>
        TryParse(text, out var keyId) ? keyId : throw new FormatException($"A key id is {2 * Size} hexadecimal digits.");

    /// <summary>Writes the key id's 8 bytes, big-endian, as stored in a license file.</summary>
    public void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt64BigEndian(destination, _value);

    /// <summary>The key id as 16 lower-case hexadecimal digits.</summary>
    public override string ToString() => _value.ToString("x16", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool Equals(KeyId other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is KeyId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <summary>Compares two key ids.</summary>
    public static bool operator ==(KeyId left, KeyId right) => left.Equals(right);

    /// <summary>Compares two key ids.</summary>
    public static bool operator !=(KeyId left, KeyId right) => !left.Equals(right);
}
