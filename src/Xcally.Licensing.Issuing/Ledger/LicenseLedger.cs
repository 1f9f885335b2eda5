using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>
/// The issuance ledger: every signed file, in an SQLite database (Microsoft.Data.Sqlite). Serials come
/// from an AUTOINCREMENT key, so a serial is never handed out twice, even after a crash; revisions are
/// allocated in the same IMMEDIATE transaction, so two team members signing at the same time never
/// collide. An issue first reserves its serial, then records the signed file, and only then is the
/// file written: a file never exists without its record.
/// </summary>
internal sealed class LicenseLedger : IDisposable
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS licenses (
            serial      INTEGER PRIMARY KEY AUTOINCREMENT,
            lineage     INTEGER NOT NULL,
            revision    INTEGER NOT NULL,
            state       TEXT    NOT NULL CHECK (state IN ('reserved', 'issued')),
            kind        TEXT,
            token       TEXT    NOT NULL,
            customer    TEXT,
            email       TEXT,
            plan        TEXT,
            issued_at   TEXT,
            valid_from  TEXT,
            expires_at  TEXT,
            operator    TEXT    NOT NULL,
            command     TEXT    NOT NULL,
            sha256      TEXT,
            text        TEXT,
            UNIQUE (lineage, revision)
        );
        CREATE INDEX IF NOT EXISTS licenses_token ON licenses (token, serial);
        CREATE INDEX IF NOT EXISTS licenses_customer ON licenses (customer, serial);
        CREATE TABLE IF NOT EXISTS fetches (
            id          INTEGER PRIMARY KEY,
            token       TEXT    NOT NULL,
            fetched_at  TEXT    NOT NULL,
            outcome     TEXT    NOT NULL CHECK (outcome IN ('served', 'not-modified', 'unknown')),
            serial      INTEGER,
            sha256      TEXT,
            client      TEXT    NOT NULL
        );
        CREATE INDEX IF NOT EXISTS fetches_token ON fetches (token, id);
        INSERT INTO sqlite_sequence (name, seq) SELECT 'licenses', 100000 WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'licenses');
        """;

    private readonly SqliteConnection _connection;

    // One command per statement, kept for the connection's life: SQLite then compiles each statement
    // once instead of at every call (four or five per license, most of a batch's ledger time).
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteTransaction? _batch;

    private LicenseLedger(SqliteConnection connection) => _connection = connection;

    public string Path { get; private init; } = string.Empty;

    /// <summary>Opens (creating if needed) the ledger at <paramref name="path"/>.</summary>
    /// <exception cref="LedgerException">The ledger cannot be opened.</exception>
    public static LicenseLedger Open(string path)
    {
        try
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, DefaultTimeout = 30 }.ToString());
            connection.Open();
            Execute(connection, "PRAGMA busy_timeout = 30000;");
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                Execute(connection, Schema.Replace("PRAGMA journal_mode = WAL;", string.Empty, StringComparison.Ordinal), transaction);
                transaction.Commit();
            }

            Execute(connection, "PRAGMA journal_mode = WAL;");
            return new LicenseLedger(connection) { Path = System.IO.Path.GetFullPath(path) };
        }
        catch (Exception e) when (e is SqliteException or IOException or UnauthorizedAccessException)
        {
            throw new LedgerException($"cannot open the ledger '{path}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Reserves a serial, and the next revision of <paramref name="lineage"/> (or a new lineage, numbered
    /// by the serial), in one IMMEDIATE transaction.
    /// </summary>
    public (long Serial, long Lineage, int Revision) Reserve(long? lineage, string token, string operatorName, string command)
    {
        using var owned = _batch is null ? _connection.BeginTransaction(deferred: false) : null;
        var transaction = owned ?? _batch!;
        var revision = 1;
        if (lineage is { } existing)
        {
            revision = Convert.ToInt32(Scalar("SELECT COALESCE(MAX(revision), 0) + 1 FROM licenses WHERE lineage = $lineage", transaction, ("$lineage", existing)), CultureInfo.InvariantCulture);
        }

        var insert = Command("INSERT INTO licenses (lineage, revision, state, token, operator, command) VALUES ($lineage, $revision, 'reserved', $token, $operator, $command) RETURNING serial", transaction,
            ("$lineage", lineage ?? 0), ("$revision", revision), ("$token", token), ("$operator", operatorName), ("$command", command));
        var serial = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        var lineageValue = lineage ?? serial;
        if (lineage is null)
        {
            Command("UPDATE licenses SET lineage = $serial WHERE serial = $serial", transaction, ("$serial", serial)).ExecuteNonQuery();
        }

        owned?.Commit();
        return (serial, lineageValue, revision);
    }

    /// <summary>Records the signed file for a reserved serial, and returns the entry as recorded.</summary>
    public LedgerEntry Complete(long serial, LicenseDocument license, string sha256, string text, string operatorName, string command)
    {
        using var owned = _batch is null ? _connection.BeginTransaction(deferred: false) : null;
        var transaction = owned ?? _batch!;
        var update = Command(
            """
            UPDATE licenses SET state = 'issued', kind = $kind, token = $token, customer = $customer, email = $email, plan = $plan,
                issued_at = $issued, valid_from = $from, expires_at = $expires, sha256 = $sha, text = $text
            WHERE serial = $serial AND state = 'reserved'
            """,
            transaction,
            ("$serial", serial), ("$kind", Kind(license.Kind)), ("$token", license.Token), ("$customer", license.Customer.Name),
            ("$email", license.Customer.Email), ("$plan", (object?)license.Plan ?? DBNull.Value), ("$issued", Time(license.IssuedAt)),
            ("$from", Time(license.ValidFrom)), ("$expires", license.ExpiresAt is { } e ? Time(e) : DBNull.Value), ("$sha", sha256), ("$text", text));
        if (update.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"serial {serial} is not a reserved ledger entry.");
        }

        owned?.Commit();
        return new LedgerEntry(
            serial, license.Lineage, license.Revision, Kind(license.Kind), license.Token, license.Customer.Name, license.Customer.Email, license.Plan,
            license.IssuedAt, license.ValidFrom, license.ExpiresAt, operatorName, command, sha256, text);
    }

    /// <summary>
    /// Starts a batch: until it is committed, every reservation and record joins one IMMEDIATE
    /// transaction, so a batch of licenses costs one commit (one sync to disk) instead of two per license.
    /// A crash before the commit leaves none of the batch's records, and the caller writes no file
    /// before the commit, so a file still never exists without its record.
    /// </summary>
    public LedgerBatch BeginBatch()
    {
        if (_batch is not null)
        {
            throw new InvalidOperationException("A ledger batch is already open.");
        }

        _batch = _connection.BeginTransaction(deferred: false);
        return new LedgerBatch(this, _batch);
    }

    /// <summary>One open batch; disposing it without <see cref="Commit"/> rolls every record back.</summary>
    internal sealed class LedgerBatch(LicenseLedger ledger, SqliteTransaction transaction) : IDisposable
    {
        public void Commit()
        {
            transaction.Commit();
            ledger._batch = null;
        }

        public void Dispose()
        {
            if (ledger._batch == transaction)
            {
                ledger._batch = null;
                transaction.Dispose();
            }
        }
    }

    /// <summary>The newest issued license for <paramref name="token"/>, if any.</summary>
    public LedgerEntry? Current(string token) => Query("WHERE state = 'issued' AND token = $token ORDER BY serial DESC LIMIT 1", ("$token", token)).FirstOrDefault();

    public bool HadDemo(string token) =>
        Convert.ToInt64(Scalar("SELECT COUNT(*) FROM licenses WHERE state = 'issued' AND token = $token AND kind = 'demo'", null, ("$token", token)), CultureInfo.InvariantCulture) > 0;

    public IReadOnlyList<LedgerEntry> History(string? token, string? customer) => token is not null
        ? Query("WHERE state = 'issued' AND token = $token ORDER BY serial", ("$token", token))
        : Query("WHERE state = 'issued' AND lineage IN (SELECT lineage FROM licenses WHERE customer = $customer) ORDER BY serial", ("$customer", customer!));

    public IReadOnlyList<LedgerEntry> Lineage(long lineage) => Query("WHERE state = 'issued' AND lineage = $lineage ORDER BY revision", ("$lineage", lineage));

    /// <summary>
    /// Records what the delivery server answered, many fetches in one transaction: the server collects
    /// them and writes them about once a second, so recording costs no sync per request.
    /// </summary>
    public void RecordFetches(IReadOnlyCollection<FetchRecord> fetches)
    {
        ArgumentNullException.ThrowIfNull(fetches);
        using var transaction = _connection.BeginTransaction(deferred: false);
        var insert = Command("INSERT INTO fetches (token, fetched_at, outcome, serial, sha256, client) VALUES ($token, $at, $outcome, $serial, $sha, $client)", transaction,
            ("$token", string.Empty), ("$at", string.Empty), ("$outcome", string.Empty), ("$serial", DBNull.Value), ("$sha", DBNull.Value), ("$client", string.Empty));
        foreach (var fetch in fetches)
        {
            insert.Parameters["$token"].Value = fetch.Token;
            insert.Parameters["$at"].Value = fetch.FetchedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            insert.Parameters["$outcome"].Value = FetchRecord.OutcomeName(fetch.Outcome);
            insert.Parameters["$serial"].Value = (object?)fetch.Serial ?? DBNull.Value;
            insert.Parameters["$sha"].Value = (object?)fetch.Sha256 ?? DBNull.Value;
            insert.Parameters["$client"].Value = fetch.Client;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The newest <paramref name="limit"/> fetches of <paramref name="token"/>, oldest first.</summary>
    public IReadOnlyList<FetchRecord> Fetches(string token, int limit = 20)
    {
        var command = Command("SELECT token, fetched_at, outcome, serial, sha256, client FROM (SELECT * FROM fetches WHERE token = $token ORDER BY id DESC LIMIT $limit) ORDER BY id", null,
            ("$token", token), ("$limit", limit));
        using var reader = command.ExecuteReader();
        var fetches = new List<FetchRecord>();
        while (reader.Read())
        {
            fetches.Add(new FetchRecord(
                reader.GetString(0), Parse(reader.GetString(1)), FetchRecord.ParseOutcome(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5)));
        }

        return fetches;
    }

    public long CountReserved() => Convert.ToInt64(Scalar("SELECT COUNT(*) FROM licenses WHERE state = 'reserved'", null), CultureInfo.InvariantCulture);

    public long CountIssued() => Convert.ToInt64(Scalar("SELECT COUNT(*) FROM licenses WHERE state = 'issued'", null), CultureInfo.InvariantCulture);

    public void Dispose()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _connection.Dispose();
    }

    private List<LedgerEntry> Query(string where, params (string Name, object Value)[] parameters)
    {
        var command = Command(
            "SELECT serial, lineage, revision, kind, token, customer, email, plan, issued_at, valid_from, expires_at, operator, command, sha256, text FROM licenses " + where,
            null, parameters);
        using var reader = command.ExecuteReader();
        var entries = new List<LedgerEntry>();
        while (reader.Read())
        {
            entries.Add(new LedgerEntry(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), Parse(reader.GetString(8)), Parse(reader.GetString(9)),
                reader.IsDBNull(10) ? null : Parse(reader.GetString(10)), reader.GetString(11), reader.GetString(12), reader.GetString(13), reader.GetString(14)));
        }

        return entries;
    }

    private object? Scalar(string sql, SqliteTransaction? transaction, params (string Name, object Value)[] parameters) =>
        Command(sql, transaction, parameters).ExecuteScalar();

    /// <summary>The statement's kept command, bound to the transaction and the values given; the ledger owns it (never dispose it).</summary>
    private SqliteCommand Command(string sql, SqliteTransaction? transaction, params (string Name, object Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Transaction = transaction ?? _batch;
        command.Parameters.Clear();
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    internal static string Kind(LicenseKind kind) => Xcally.Licensing.Document.WireNames.Kinds.NameOf(kind);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
