namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>The database a ledger lives in.</summary>
internal enum LedgerBackend
{
    /// <summary>One SQLite file on the signer's own disk: one person, or several on one machine.</summary>
    Sqlite,

    /// <summary>A PostgreSQL database: a team on several machines.</summary>
    Postgres,
}
