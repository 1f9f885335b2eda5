using Xcally.Licensing.Document;

namespace Xcally.Licensing.Format;

/// <summary>
/// A license file read without checking its signature, for the signer tool's <c>inspect</c> when no
/// public key is given. Nothing in the runtime acts on it: everything it says is unverified.
/// </summary>
internal sealed class UnverifiedLicense
{
    private UnverifiedLicense(string? problem, byte version, KeyId? keyId, ReadOnlyMemory<byte> payload, LicenseDocument? license, string? payloadProblem)
    {
        Problem = problem;
        Version = version;
        KeyId = keyId;
        Payload = payload;
        License = license;
        PayloadProblem = payloadProblem;
    }

    /// <summary>Why the file could not be read as far as its payload, or <see langword="null"/>.</summary>
    public string? Problem { get; }

    public byte Version { get; }

    public KeyId? KeyId { get; }

    /// <summary>The payload bytes exactly as stored; empty when <see cref="Problem"/> is set.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    public LicenseDocument? License { get; }

    /// <summary>Why the payload could not be parsed, or <see langword="null"/>.</summary>
    public string? PayloadProblem { get; }

    public static UnverifiedLicense Read(ReadOnlySpan<char> text)
    {
        if (text.Length > LicenseArmor.MaxInputLength)
        {
            return Failed($"the input is larger than {LicenseArmor.MaxInputLength} characters.");
        }

        if (LicenseArmor.TryRead(text, out var envelope, out var detail) != LicenseArmor.Outcome.Found)
        {
            return Failed(detail);
        }

        if (LicenseEnvelope.TryOpen(envelope, out var frame, out detail) != LicenseEnvelope.Outcome.Opened)
        {
            return Failed(detail);
        }

        var outcome = LicensePayloadReader.TryRead(frame.Payload, out var license, out detail);
        return new UnverifiedLicense(
            problem: null,
            frame.Version,
            frame.KeyId,
            frame.Payload,
            license,
            outcome == LicensePayloadReader.Outcome.Parsed ? null : detail);
    }

    private static UnverifiedLicense Failed(string problem) => new(problem, 0, null, ReadOnlyMemory<byte>.Empty, null, null);
}
