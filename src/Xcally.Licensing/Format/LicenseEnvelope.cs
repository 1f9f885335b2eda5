// The binary frame inside the armor (docs/license-format.md, "The envelope"). Integers are big-endian.
//
//   offset    size  field
//   0         4     magic "XCLY"
//   4         1     format version (1)
//   5         8     key id
//   13        4     payload length n (1 to 32768)
//   17        n     payload: UTF-8 JSON
//   17+n      64    Ed25519 signature of  DomainTag || bytes[0 .. 17+n)
//   81+n      4     check: the first 4 bytes of SHA-256(bytes[0 .. 81+n))
//
// The last 4 bytes are the check in every version, so damage in transit is told apart from forgery
// before anything else is read. The signature covers the magic, version, key id and length with the
// payload, so none of them can be changed or swapped without detection.

using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Xcally.Licensing.Format;

internal static class LicenseEnvelope
{
    public const byte CurrentVersion = 1;
    public const int HeaderSize = 17;
    public const int ChecksumSize = 4;
    public const int MaxPayloadSize = 32 * 1024;
    public const int Overhead = HeaderSize + Crypto.Ed25519.SignatureSize + ChecksumSize;
    public const int MaxSize = Overhead + MaxPayloadSize;

    public static ReadOnlySpan<byte> Magic => "XCLY"u8;

    public static ReadOnlySpan<byte> DomainTag => "xcally-license-file\0"u8;

    public enum Outcome
    {
        Opened,
        Truncated,
        Damaged,
        UnsupportedVersion,
        Inconsistent,
    }

    /// <summary>Builds an envelope around <paramref name="payload"/>, signing it with <paramref name="sign"/>.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> payload, KeyId keyId, SignAction sign)
    {
        if (payload.Length is 0 or > MaxPayloadSize)
        {
            throw new ArgumentException($"A license payload is 1 to {MaxPayloadSize} bytes.", nameof(payload));
        }

        var envelope = new byte[Overhead + payload.Length];
        Magic.CopyTo(envelope);
        envelope[4] = CurrentVersion;
        keyId.WriteTo(envelope.AsSpan(5, KeyId.Size));
        BinaryPrimitives.WriteUInt32BigEndian(envelope.AsSpan(13, 4), (uint)payload.Length);
        payload.CopyTo(envelope.AsSpan(HeaderSize));

        var signedLength = HeaderSize + payload.Length;
        sign(SignedMessage(envelope.AsSpan(0, signedLength)), envelope.AsSpan(signedLength, Crypto.Ed25519.SignatureSize));

        var checkedLength = signedLength + Crypto.Ed25519.SignatureSize;
        WriteCheck(envelope.AsSpan(0, checkedLength), envelope.AsSpan(checkedLength, ChecksumSize));
        return envelope;
    }

    public delegate void SignAction(ReadOnlySpan<byte> message, Span<byte> signature);

    /// <summary>Reads the frame. It checks integrity and layout; the caller checks the key and signature.</summary>
    public static Outcome TryOpen(byte[] envelope, out Frame frame, out string detail)
    {
        frame = default;
        if (envelope.Length < HeaderSize + ChecksumSize)
        {
            detail = "the license block is too short to hold a license.";
            return Outcome.Truncated;
        }

        if (!envelope.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            detail = "the block does not start like an XCALLY license.";
            return Outcome.Damaged;
        }

        Span<byte> expected = stackalloc byte[ChecksumSize];
        WriteCheck(envelope.AsSpan(0, envelope.Length - ChecksumSize), expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, envelope.AsSpan(envelope.Length - ChecksumSize)))
        {
            long expectedSize = BinaryPrimitives.ReadUInt32BigEndian(envelope.AsSpan(13, 4)) + (long)Overhead;
            if (expectedSize > envelope.Length && expectedSize <= MaxSize)
            {
                detail = $"part of the license is missing (it holds {envelope.Length} of {expectedSize} bytes).";
                return Outcome.Truncated;
            }

            detail = "its check value does not match: the text was altered in transit.";
            return Outcome.Damaged;
        }

        var version = envelope[4];
        if (version != CurrentVersion)
        {
            detail = $"it uses license format version {version}, and this software reads only version {CurrentVersion}.";
            return Outcome.UnsupportedVersion;
        }

        var payloadLength = BinaryPrimitives.ReadUInt32BigEndian(envelope.AsSpan(13, 4));
        if (payloadLength is 0 or > MaxPayloadSize || payloadLength + Overhead != envelope.Length)
        {
            detail = "its declared payload length does not match its size.";
            return Outcome.Inconsistent;
        }

        frame = new Frame(envelope, (int)payloadLength);
        detail = string.Empty;
        return Outcome.Opened;
    }

    /// <summary>DomainTag || <paramref name="signedBytes"/>: the exact message the Ed25519 signature covers.</summary>
    public static byte[] SignedMessage(ReadOnlySpan<byte> signedBytes)
    {
        var message = new byte[DomainTag.Length + signedBytes.Length];
        WriteSignedMessage(signedBytes, message);
        return message;
    }

    /// <summary>Writes DomainTag || <paramref name="signedBytes"/> to <paramref name="destination"/>, which is exactly that long.</summary>
    public static void WriteSignedMessage(ReadOnlySpan<byte> signedBytes, Span<byte> destination)
    {
        DomainTag.CopyTo(destination);
        signedBytes.CopyTo(destination[DomainTag.Length..]);
    }

    private static void WriteCheck(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(data, hash);
        hash[..ChecksumSize].CopyTo(destination);
    }

    /// <summary>A frame whose integrity check and layout are sound; its signature is not yet verified.</summary>
    public readonly struct Frame
    {
        private readonly byte[] _envelope;
        private readonly int _payloadLength;

        public Frame(byte[] envelope, int payloadLength)
        {
            _envelope = envelope;
            _payloadLength = payloadLength;
        }

        public byte Version => _envelope[4];

        public KeyId KeyId => KeyId.FromBytes(_envelope.AsSpan(5, KeyId.Size));

        public ReadOnlyMemory<byte> Payload => _envelope.AsMemory(HeaderSize, _payloadLength);

        public ReadOnlySpan<byte> SignedBytes => _envelope.AsSpan(0, HeaderSize + _payloadLength);

        public ReadOnlySpan<byte> Signature => _envelope.AsSpan(HeaderSize + _payloadLength, Crypto.Ed25519.SignatureSize);
    }
}
