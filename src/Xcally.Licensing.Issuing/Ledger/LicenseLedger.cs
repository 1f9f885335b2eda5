using Xcally.Licensing.Document;

namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>
/// The issuance ledger: every signed file, with the promises the whole contract depends on, whichever
/// database holds it (<see cref="SqliteLedger"/> or <see cref="PostgresLedger"/>): a serial is never
/// handed out twice, even after a crash, and serials increase; the revisions of a lineage are allocated
/// under a lock, so two team members signing at the same time never collide; an issue first reserves
/// its serial, then records the signed file, and only then is the file written, so a file never exists
/// without its record. Its schema carries a version and is migrated when the ledger is opened.
/// One ledger object serves one request at a time (one connection); ledgers open on the same database,
/// in one process or several, are safe together.
/// </summary>
internal abstract class LicenseLedger : IDisposable
{
    /// <summary>The schema version this build writes; a ledger at a newer version is refused, never downgraded.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The first serial a new ledger hands out.</summary>
    public const long FirstSerial = 100001;

    /// <summary>Where the ledger is, as messages show it (never a password).</summary>
    public string Path { get; protected init; } = string.Empty;

    public abstract LedgerBackend Backend { get; }

    /// <summary>Opens (creating and migrating if needed) the ledger the setting names: a path, or a PostgreSQL URI or connection string.</summary>
    /// <exception cref="LedgerException">The ledger cannot be opened.</exception>
    public static LicenseLedger Open(string setting) => Open(LedgerLocation.Parse(setting));

    /// <inheritdoc cref="Open(string)"/>
    public static LicenseLedger Open(LedgerLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return location.Backend == LedgerBackend.Postgres ? PostgresLedger.Open(location) : SqliteLedger.Open(location.Target);
    }

    /// <summary>
    /// Reserves a serial, and the next revision of <paramref name="lineage"/> (or a new lineage, numbered
    /// by the serial), in one transaction that holds the lineage's lock.
    /// </summary>
    public abstract (long Serial, long Lineage, int Revision) Reserve(long? lineage, string token, string operatorName, string command);

    /// <summary>Records the signed file for a reserved serial, and returns the entry as recorded.</summary>
    public abstract LedgerEntry Complete(long serial, LicenseDocument license, string sha256, string text, string operatorName, string command);

    /// <summary>
    /// Starts a batch: until it is committed, every reservation and record joins one transaction, so a
    /// batch of licenses costs one commit instead of two per license. A crash before the commit leaves
    /// none of the batch's records, and the caller writes no file before the commit, so a file still
    /// never exists without its record.
    /// </summary>
    public abstract LedgerBatch BeginBatch();

    /// <summary>The newest issued license for <paramref name="token"/>, if any.</summary>
    public LedgerEntry? Current(string token) => Entries("WHERE state = 'issued' AND token = @token ORDER BY serial DESC LIMIT 1", ("token", token)).FirstOrDefault();

    public bool HadDemo(string token) => Count("SELECT COUNT(*) FROM licenses WHERE state = 'issued' AND token = @token AND kind = 'demo'", ("token", token)) > 0;

    public IReadOnlyList<LedgerEntry> History(string? token, string? customer) => token is not null
        ? Entries("WHERE state = 'issued' AND token = @token ORDER BY serial", ("token", token))
        : Entries("WHERE state = 'issued' AND lineage IN (SELECT lineage FROM licenses WHERE customer = @customer) ORDER BY serial", ("customer", customer!));

    public IReadOnlyList<LedgerEntry> Lineage(long lineage) => Entries("WHERE state = 'issued' AND lineage = @lineage ORDER BY revision", ("lineage", lineage));

    /// <summary>Every issued license, by serial: what export and check walk through.</summary>
    public IEnumerable<LedgerEntry> All() => Entries("WHERE state = 'issued' ORDER BY serial");

    /// <summary>
    /// Records what the delivery server answered, many fetches in one transaction: the server collects
    /// them and writes them about once a second, so recording costs no sync per request.
    /// </summary>
    public abstract void RecordFetches(IReadOnlyCollection<FetchRecord> fetches);

    /// <summary>The newest <paramref name="limit"/> fetches of <paramref name="token"/>, oldest first.</summary>
    public abstract IReadOnlyList<FetchRecord> Fetches(string token, int limit = 20);

    public long CountReserved() => Count("SELECT COUNT(*) FROM licenses WHERE state = 'reserved'");

    public long CountIssued() => Count("SELECT COUNT(*) FROM licenses WHERE state = 'issued'");

    /// <summary>Every serial reserved and never recorded, by serial.</summary>
    public abstract IReadOnlyList<ReservedSerial> Reservations();

    /// <summary>Every fetch the delivery server recorded, oldest first.</summary>
    public abstract IEnumerable<FetchRecord> AllFetches();

    /// <summary>The highest serial ever handed out (100000 before the first): the next is always greater, gaps included.</summary>
    public abstract long LastSerial();

    /// <summary>
    /// Fills an empty ledger with another's contents, in one transaction, serials and revisions as they
    /// were, and the next serial after <paramref name="lastSerial"/>: a ledger moved between databases
    /// hands out no serial its old home had handed out.
    /// </summary>
    /// <exception cref="LedgerException">The ledger is not empty.</exception>
    public abstract void Import(IReadOnlyList<LedgerEntry> licenses, IReadOnlyList<ReservedSerial> reserved, IReadOnlyList<FetchRecord> fetches, long lastSerial);

    /// <summary>The schema version the ledger is at (after the migration on open, <see cref="SchemaVersion"/>).</summary>
    public abstract int StoredSchemaVersion();

    /// <summary>
    /// Whether <paramref name="exception"/> is a conflict between signers that the database resolved by
    /// aborting one transaction (a serialization failure, a deadlock): trying the same work again succeeds.
    /// </summary>
    public virtual bool IsConflict(Exception exception) => false;

    /// <summary>
    /// The ledger entries of the licenses <paramref name="where"/> selects (SQL after <c>FROM licenses</c>):
    /// the queries above are written once, in SQL both databases read, with their parameters named
    /// <c>@name</c> in the SQL and given here without the <c>@</c>.
    /// </summary>
    protected abstract IReadOnlyList<LedgerEntry> Entries(string where, params (string Name, object Value)[] parameters);

    /// <summary>The number <paramref name="sql"/> counts; parameters as for <see cref="Entries"/>.</summary>
    protected abstract long Count(string sql, params (string Name, object Value)[] parameters);

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected abstract void Dispose(bool disposing);

    internal static string Kind(LicenseKind kind) => WireNames.Kinds.NameOf(kind);

    /// <summary>The entry <see cref="Complete"/> returns: the license as signed, with who and which request.</summary>
    protected static LedgerEntry Entry(long serial, LicenseDocument license, string sha256, string text, string operatorName, string command) => new(
        serial, license.Lineage, license.Revision, Kind(license.Kind), license.Token, license.Customer.Name, license.Customer.Email, license.Plan,
        license.IssuedAt, license.ValidFrom, license.ExpiresAt, operatorName, command, sha256, text);
}
