namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>What the delivery server answered one Motion server that asked for its license.</summary>
/// <param name="Token">The token asked for.</param>
/// <param name="FetchedAt">When.</param>
/// <param name="Outcome">What it got.</param>
/// <param name="Serial">The serial served or confirmed; <see langword="null"/> for an unknown token.</param>
/// <param name="Sha256">The SHA-256 of the file served or confirmed.</param>
/// <param name="Client">The client's address, as the server saw it.</param>
internal sealed record FetchRecord(string Token, DateTimeOffset FetchedAt, FetchOutcome Outcome, long? Serial, string? Sha256, string Client)
{
    public static string OutcomeName(FetchOutcome outcome) => outcome switch
    {
        FetchOutcome.Served => "served",
        FetchOutcome.NotModified => "not-modified",
        _ => "unknown",
    };

    public static FetchOutcome ParseOutcome(string name) => name switch
    {
        "served" => FetchOutcome.Served,
        "not-modified" => FetchOutcome.NotModified,
        _ => FetchOutcome.UnknownToken,
    };
}
