namespace Xcally.Licensing.Tests.Conformance;

/// <summary>
/// One case of the conformance corpus: exact input bytes, how they are verified, and the status the
/// specification decides. The expected status is written by hand from docs/license-format.md, never
/// taken from the implementation.
/// </summary>
internal sealed record CorpusCase(string Id, string Section, string Description, byte[] Input, string Expected)
{
    public const string DefaultNow = "2026-11-23T12:00:00Z";
    public const string DefaultToken = "K7QX-2M9F-H4TB-8WZC";

    public IReadOnlyList<string> TrustedKeys { get; init; } = ["vector"];

    public bool AllowDevelopmentKeys { get; init; }

    public string Now { get; init; } = DefaultNow;

    /// <summary>The server's installation token as typed, or <see langword="null"/> not to compare tokens.</summary>
    public string? Token { get; init; } = DefaultToken;

    /// <summary>For a genuine file: the serial of the document it carries.</summary>
    public long? Serial { get; init; }

    /// <summary>For a genuine file: what section 6 says the verifier reports and ignores.</summary>
    public IReadOnlyList<string>? Unrecognized { get; init; }
}

/// <summary>A public key a verifier is asked to trust, and whether section 1 lets it.</summary>
internal sealed record KeyCase(string Id, string Description, byte[] PublicKey, string Expected);
