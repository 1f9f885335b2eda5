namespace Xcally.Licensing.Issuing.Requests;

/// <summary>
/// What every license-portal request says besides its changes: who on the licensing team issues it
/// (recorded in the ledger) and when. Each request type is a plain immutable record; the
/// <see cref="IssuingDesk"/> applies it under the contract rules.
/// </summary>
/// <param name="Operator">Who signs, as recorded in the ledger.</param>
/// <param name="At">When the request is issued: the license's issue time (and, for most requests, the start of its validity).</param>
internal abstract record PortalRequest(string Operator, DateTimeOffset At)
{
    /// <summary><see cref="At"/> in UTC, rounded down to the second: a license's timestamps are whole seconds.</summary>
    public DateTimeOffset Instant => new(At.UtcTicks - (At.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
}
