namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>
/// Concurrent, read-only lookups of the ledger for the delivery server, whichever database holds it
/// (<see cref="SqliteLedgerReader"/>, <see cref="PostgresLedgerReader"/>): one indexed lookup per request.
/// </summary>
internal abstract class LedgerReader : IDisposable
{
    /// <summary>Opens the ledger the setting names for reading; it must exist.</summary>
    /// <exception cref="LedgerException">There is no ledger there, or it cannot be read.</exception>
    public static LedgerReader Open(string setting)
    {
        var location = LedgerLocation.Parse(setting);
        return location.Backend == LedgerBackend.Postgres ? PostgresLedgerReader.Open(location) : SqliteLedgerReader.Open(location.Target);
    }

    /// <summary>The newest issued license for <paramref name="token"/> (its canonical text form), if any.</summary>
    public abstract DeliverableLicense? Newest(string token);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);
}
