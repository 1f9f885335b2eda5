namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>
/// The ledger cannot be opened or used (a missing folder that cannot be created, a file that is not an
/// SQLite database, no permission, a PostgreSQL server that cannot be reached or refuses the login, a
/// malformed PostgreSQL location, a schema newer than the tool): a problem of the machine, not of a request. Requests the ledger
/// holds no license for, or that break a rule, are refused instead, never thrown.
/// </summary>
internal sealed class LedgerException : Exception
{
    public LedgerException(string message)
        : base(message)
    {
    }

    public LedgerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
