using System.Buffers.Binary;
using System.Security.Cryptography;
using Xcally.Licensing.Format;

namespace Xcally.Licensing.Fuzz;

/// <summary>
/// <c>envelope</c>: decoded envelope bytes through LicenseEnvelope.TryOpen. The first input byte picks
/// the mode: even, the rest goes in untouched (the fuzzer must get past the 4-byte SHA-256 check on its
/// own, which it rarely does); odd, the harness first recomputes that check over the rest, as someone
/// editing a file with the format in hand would, so the version, length and layout rules behind it are
/// explored too. The outcome must be the one section 3 of docs/license-format.md gives, and an opened
/// frame must describe exactly the bytes it came from.
/// </summary>
internal sealed class EnvelopeHarness : Harness
{
    public override string Name => "envelope";

    public override string Description => "envelope bytes through LicenseEnvelope.TryOpen (first byte odd: the harness fixes the check first)";

    public override IEnumerable<byte[]> DictionaryTokens =>
    [
        "XCLY"u8.ToArray(), "XCLY\u0001"u8.ToArray(), [0x00, 0x00, 0x02, 0xb0], [0x00, 0x00, 0x80, 0x00], [0x00, 0x00, 0x80, 0x01],
        [0x00, 0x00, 0x00, 0x01], [0xdb, 0xc4, 0x49, 0x25, 0x7d, 0x43, 0x0d, 0x60],
    ];

    public override void Run(ReadOnlySpan<byte> input)
    {
        // afl-fuzz never runs an empty input. Envelopes larger than a 64 KiB paste can carry go in too:
        // TryOpen has no limit of its own, and every input must reach instrumented code.
        if (input.IsEmpty)
        {
            return;
        }

        var envelope = input[1..].ToArray();
        if ((input[0] & 1) == 1 && envelope.Length >= LicenseEnvelope.HeaderSize + LicenseEnvelope.ChecksumSize)
        {
            var body = envelope.Length - LicenseEnvelope.ChecksumSize;
            SHA256.HashData(envelope.AsSpan(0, body)).AsSpan(0, LicenseEnvelope.ChecksumSize).CopyTo(envelope.AsSpan(body));
        }

        var outcome = LicenseEnvelope.TryOpen(envelope, out var frame, out var detail);
        Invariant.Defined(outcome);
        var expected = Section3(envelope);
        Invariant.Require(outcome == expected, $"LicenseEnvelope.TryOpen says {outcome}; section 3 says {expected}.");
        if (outcome != LicenseEnvelope.Outcome.Opened)
        {
            Invariant.Sentence(detail, $"The detail of {outcome}");
            return;
        }

        Invariant.Require(detail.Length == 0, "Opened with a problem detail.");
        var n = envelope.Length - LicenseEnvelope.Overhead;
        Invariant.Require(frame.Version == LicenseEnvelope.CurrentVersion, "An opened frame of another version.");
        Invariant.Require(frame.KeyId == KeyId.FromBytes(envelope.AsSpan(5, KeyId.Size)), "The frame's key id is not the bytes at offset 5.");
        Invariant.Require(frame.Payload.Span.SequenceEqual(envelope.AsSpan(LicenseEnvelope.HeaderSize, n)), "The frame's payload is not bytes 17 to 17+n.");
        Invariant.Require(frame.SignedBytes.SequenceEqual(envelope.AsSpan(0, LicenseEnvelope.HeaderSize + n)), "The frame's signed bytes are not bytes 0 to 17+n.");
        Invariant.Require(frame.Signature.SequenceEqual(envelope.AsSpan(LicenseEnvelope.HeaderSize + n, 64)), "The frame's signature is not bytes 17+n to 81+n.");
    }

    /// <summary>Section 3's reading steps, in its order.</summary>
    private static LicenseEnvelope.Outcome Section3(byte[] e)
    {
        if (e.Length < 21)
        {
            return LicenseEnvelope.Outcome.Truncated;
        }

        if (!e.AsSpan(0, 4).SequenceEqual("XCLY"u8))
        {
            return LicenseEnvelope.Outcome.Damaged;
        }

        long n = BinaryPrimitives.ReadUInt32BigEndian(e.AsSpan(13, 4));
        if (!SHA256.HashData(e.AsSpan(0, e.Length - 4)).AsSpan(0, 4).SequenceEqual(e.AsSpan(e.Length - 4)))
        {
            return 85 + n > e.Length && 85 + n <= 32_853 ? LicenseEnvelope.Outcome.Truncated : LicenseEnvelope.Outcome.Damaged;
        }

        if (e[4] != 1)
        {
            return LicenseEnvelope.Outcome.UnsupportedVersion;
        }

        return n is 0 or > 32_768 || e.Length != 85 + n ? LicenseEnvelope.Outcome.Inconsistent : LicenseEnvelope.Outcome.Opened;
    }
}
