using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Xcally.Licensing.Crypto;

namespace Xcally.Licensing;

/// <summary>
/// An Ed25519 public key that verifies license files. Import it from the 32 raw bytes or from a
/// standard PEM "PUBLIC KEY" block (SubjectPublicKeyInfo, as <c>openssl pkey -pubout</c> writes it).
/// </summary>
public sealed class LicensePublicKey : IEquatable<LicensePublicKey>
{
    // SubjectPublicKeyInfo for Ed25519 (RFC 8410 §4) is always these 12 bytes followed by the key:
    // SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (0 unused bits) }.
    private static ReadOnlySpan<byte> SpkiPrefix => [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00];

    private const string PemLabel = "PUBLIC KEY";

    private readonly byte[] _bytes;

    private LicensePublicKey(byte[] bytes, Ed25519.PreparedPublicKey prepared)
    {
        _bytes = bytes;
        Prepared = prepared;
        Id = KeyId.Derive(bytes);
    }

    /// <summary>The key id signed into every license this key verifies.</summary>
    public KeyId Id { get; }

    /// <summary>The 32-byte RFC 8032 encoding of the key.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary><see langword="true"/> if this is the public example key from <c>keys.example</c>.</summary>
    public bool IsDevelopmentKey => Id == DevelopmentKeys.ExampleKeyId;

    internal Ed25519.PreparedPublicKey Prepared { get; }

    /// <summary>Imports a key from its 32 raw bytes.</summary>
    /// <returns><see langword="true"/> if the bytes are a valid Ed25519 public key; otherwise, <see langword="false"/>.</returns>
    public static bool TryImport(ReadOnlySpan<byte> publicKey, [NotNullWhen(true)] out LicensePublicKey? key)
    {
        var prepared = Ed25519.TryPrepare(publicKey);
        key = prepared is null ? null : new LicensePublicKey(publicKey.ToArray(), prepared);
        return key is not null;
    }

    /// <summary>Imports a key from its 32 raw bytes.</summary>
    /// <exception cref="ArgumentException">The bytes are not a valid Ed25519 public key.</exception>
    public static LicensePublicKey Import(ReadOnlySpan<byte> publicKey) =>
        TryImport(publicKey, out var key)
            ? key
            : throw new ArgumentException("Not a valid Ed25519 public key: it must be 32 bytes, canonical, and not of small order.", nameof(publicKey));

    /// <summary>Imports a key from a PEM "PUBLIC KEY" block.</summary>
    /// <returns><see langword="true"/> if the text holds exactly one valid Ed25519 public key; otherwise, <see langword="false"/>.</returns>
    public static bool TryImportPem(ReadOnlySpan<char> pem, [NotNullWhen(true)] out LicensePublicKey? key) =>
        TryImportPem(pem, out key, out _);

    /// <summary>Imports a key from a PEM "PUBLIC KEY" block.</summary>
    /// <exception cref="FormatException">The text is not a PEM Ed25519 public key; the message says why.</exception>
    public static LicensePublicKey ImportPem(ReadOnlySpan<char> pem) =>
        TryImportPem(pem, out var key, out var error) ? key : throw new FormatException(error);

    internal static bool TryImportPem(ReadOnlySpan<char> pem, [NotNullWhen(true)] out LicensePublicKey? key, out string error)
    {
        key = null;
        Span<byte> der = stackalloc byte[64];
        if (!TryReadPem(pem, der, out var written, out error))
        {
            return false;
        }

        if (written != SpkiPrefix.Length + Ed25519.PublicKeySize || !der[..SpkiPrefix.Length].SequenceEqual(SpkiPrefix))
        {
            error = "the PUBLIC KEY block is not an Ed25519 key (RFC 8410 SubjectPublicKeyInfo).";
            return false;
        }

        if (!TryImport(der.Slice(SpkiPrefix.Length, Ed25519.PublicKeySize), out key))
        {
            error = "the Ed25519 public key is not a valid curve point.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Decodes the PEM "PUBLIC KEY" block of <paramref name="pem"/> into <paramref name="der"/> (64 bytes).</summary>
    internal static bool TryReadPem(ReadOnlySpan<char> pem, Span<byte> der, out int written, out string error)
    {
        error = string.Empty;
        return TryReadCanonicalPem(pem, der, out written) || TryReadAnyPem(pem, der, out written, out error);
    }

    /// <summary>
    /// The one shape <see cref="ExportPem"/> and <c>openssl pkey -pubout</c> write for an Ed25519 key, and
    /// nothing else: the block alone, its 60 base64 characters on one line. PemEncoding's general reader
    /// costs about 10 ms of JIT compilation at its first call, a tenth of what licensing adds to a host's
    /// startup, and a host imports its pinned key as it starts; any other text goes to that reader.
    /// </summary>
    internal static bool TryReadCanonicalPem(ReadOnlySpan<char> pem, Span<byte> der, out int written)
    {
        const string Begin = $"-----BEGIN {PemLabel}-----";
        const string End = $"-----END {PemLabel}-----";
        const int Base64Length = 60;
        written = 0;
        pem = pem.Trim(" \t\r\n");
        if (!pem.StartsWith(Begin, StringComparison.Ordinal) || !pem.EndsWith(End, StringComparison.Ordinal))
        {
            return false;
        }

        var body = pem[Begin.Length..^End.Length];
        body = body.StartsWith("\r\n", StringComparison.Ordinal) ? body[2..] : body.StartsWith("\n", StringComparison.Ordinal) ? body[1..] : [];
        body = body.EndsWith("\r\n", StringComparison.Ordinal) ? body[..^2] : body.EndsWith("\n", StringComparison.Ordinal) ? body[..^1] : [];
        if (body.Length != Base64Length)
        {
            return false;
        }

        // Convert is more lenient than PemEncoding (white space inside, unused bits set in the last
        // character): only a line that encodes back to itself takes this path.
        Span<char> canonical = stackalloc char[Base64Length];
        if (!Convert.TryFromBase64Chars(body, der, out written) ||
            !Convert.TryToBase64Chars(der[..written], canonical, out var length) ||
            !canonical[..length].SequenceEqual(body))
        {
            written = 0;
            return false;
        }

        return true;
    }

    internal static bool TryReadAnyPem(ReadOnlySpan<char> pem, Span<byte> der, out int written, out string error)
    {
        written = 0;
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            error = "no PEM block found: expected -----BEGIN PUBLIC KEY-----.";
            return false;
        }

        var label = pem[fields.Label];
        if (!label.SequenceEqual(PemLabel))
        {
            error = label.SequenceEqual("PRIVATE KEY") || label.SequenceEqual("ENCRYPTED PRIVATE KEY")
                ? "this is a private key; give the public key (openssl pkey -in key.pem -pubout)."
                : $"expected a PUBLIC KEY block, found '{label}'.";
            return false;
        }

        if (fields.DecodedDataLength > der.Length || !Convert.TryFromBase64Chars(pem[fields.Base64Data], der, out written))
        {
            error = "the PUBLIC KEY block is not an Ed25519 key (RFC 8410 SubjectPublicKeyInfo).";
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>The key as a PEM "PUBLIC KEY" block that OpenSSL reads.</summary>
    public string ExportPem()
    {
        var der = new byte[SpkiPrefix.Length + Ed25519.PublicKeySize];
        SpkiPrefix.CopyTo(der);
        _bytes.CopyTo(der, SpkiPrefix.Length);
        return new string(PemEncoding.Write(PemLabel, der)) + "\n";
    }

    /// <inheritdoc/>
    public bool Equals(LicensePublicKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as LicensePublicKey);

    /// <inheritdoc/>
    public override int GetHashCode() => Id.GetHashCode();

    /// <summary>The key id, which is how people refer to keys.</summary>
    public override string ToString() => $"Ed25519 key {Id}";
}
