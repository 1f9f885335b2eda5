using Xcally.Licensing.Document;

namespace Xcally.Licensing.Signer.Cli;

/// <summary>
/// The instant <c>verify</c> and <c>inspect</c> decide validity at: <c>--at</c> when <see cref="Given"/>,
/// else the moment the command started. The verifier reads it from a clock that never moves, so the
/// instant reported is exactly the one used.
/// </summary>
internal readonly record struct VerificationInstant(DateTimeOffset Value, bool Given)
{
    public TimeProvider Clock => new FixedClock(Value);

    /// <summary>How text output names a given instant (" as of 2027-01-01T00:00:00Z"); empty for now.</summary>
    public string AsOf => Given ? $" as of {Timestamp}" : string.Empty;

    public string Timestamp => LicensePayloadWriter.FormatTimestamp(Value);

    private sealed class FixedClock(DateTimeOffset instant) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => instant.ToUniversalTime();
    }
}
