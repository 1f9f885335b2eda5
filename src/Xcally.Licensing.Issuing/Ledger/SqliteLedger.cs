using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>
/// The ledger in one SQLite file (Microsoft.Data.Sqlite). Serials come from an AUTOINCREMENT key, so a
/// serial is never handed out twice, even after a crash; revisions are allocated in the same IMMEDIATE
/// transaction (SQLite's one writer at a time is the lineage lock). SQLite's locking is reliable only on
/// a local disk: a team on several machines uses <see cref="PostgresLedger"/>, never a shared folder.
/// </summary>
internal sealed class SqliteLedger : LicenseLedger
{
    // Version 1 is the schema ledgers had before it was versioned: its statements create only what is
    // missing, so opening an older ledger records it at version 1 and changes nothing else.
    private const string SchemaV1 = """
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

    private const string VersionTable = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL);";

    private readonly SqliteConnection _connection;

    // One command per statement, kept for the connection's life: SQLite then compiles each statement
    // once instead of at every call (four or five per license, most of a batch's ledger time).
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteTransaction? _batch;

    private SqliteLedger(SqliteConnection connection) => _connection = connection;

    public override LedgerBackend Backend => LedgerBackend.Sqlite;

    /// <summary>Opens (creating if needed) the ledger at <paramref name="path"/>.</summary>
    /// <exception cref="LedgerException">The ledger cannot be opened.</exception>
    public static new SqliteLedger Open(string path)
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
            try
            {
                Migrate(connection, path);
                Execute(connection, "PRAGMA journal_mode = WAL;");
            }
            catch
            {
                connection.Dispose();
                throw;
            }

            return new SqliteLedger(connection) { Path = System.IO.Path.GetFullPath(path) };
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
    public override (long Serial, long Lineage, int Revision) Reserve(long? lineage, string token, string operatorName, string command)
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
    public override LedgerEntry Complete(long serial, LicenseDocument license, string sha256, string text, string operatorName, string command)
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
        return Entry(serial, license, sha256, text, operatorName, command);
    }

    /// <inheritdoc/>
    /// <remarks>The batch is one IMMEDIATE transaction: one sync to disk for the whole batch.</remarks>
    public override LedgerBatch BeginBatch()
    {
        if (_batch is not null)
        {
            throw new InvalidOperationException("A ledger batch is already open.");
        }

        _batch = _connection.BeginTransaction(deferred: false);
        return new Batch(this, _batch);
    }

    private sealed class Batch(SqliteLedger ledger, SqliteTransaction transaction) : LedgerBatch
    {
        public override void Commit()
        {
            transaction.Commit();
            ledger._batch = null;
        }

        protected override void Dispose(bool disposing)
        {
            if (ledger._batch == transaction)
            {
                ledger._batch = null;
                transaction.Dispose();
            }
        }
    }

    public override void RecordFetches(IReadOnlyCollection<FetchRecord> fetches)
    {
        ArgumentNullException.ThrowIfNull(fetches);
        using var transaction = _connection.BeginTransaction(deferred: false);
        RecordFetches(fetches, transaction);
        transaction.Commit();
    }

    private void RecordFetches(IReadOnlyCollection<FetchRecord> fetches, SqliteTransaction transaction)
    {
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
    }

    public override IReadOnlyList<FetchRecord> Fetches(string token, int limit = 20) => ReadFetches(
        Command("SELECT token, fetched_at, outcome, serial, sha256, client FROM (SELECT * FROM fetches WHERE token = $token ORDER BY id DESC LIMIT $limit) ORDER BY id", null,
            ("$token", token), ("$limit", limit)));

    public override IReadOnlyList<ReservedSerial> Reservations()
    {
        var command = Command("SELECT serial, lineage, revision, token, operator, command FROM licenses WHERE state = 'reserved' ORDER BY serial", null);
        using var reader = command.ExecuteReader();
        var reserved = new List<ReservedSerial>();
        while (reader.Read())
        {
            reserved.Add(new ReservedSerial(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return reserved;
    }

    public override IEnumerable<FetchRecord> AllFetches() =>
        ReadFetches(Command("SELECT token, fetched_at, outcome, serial, sha256, client FROM fetches ORDER BY id", null));

    /// <summary>The fetches a query of (token, fetched_at, outcome, serial, sha256, client) returns; the command is the ledger's own (kept).</summary>
    private static List<FetchRecord> ReadFetches(SqliteCommand command)
    {
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

    public override long LastSerial() => Convert.ToInt64(Scalar("SELECT MAX(seq) FROM sqlite_sequence WHERE name = 'licenses'", null), CultureInfo.InvariantCulture);

    public override void Import(IReadOnlyList<LedgerEntry> licenses, IReadOnlyList<ReservedSerial> reserved, IReadOnlyList<FetchRecord> fetches, long lastSerial)
    {
        ArgumentNullException.ThrowIfNull(licenses);
        ArgumentNullException.ThrowIfNull(reserved);
        ArgumentNullException.ThrowIfNull(fetches);
        using var transaction = _connection.BeginTransaction(deferred: false);
        if (Convert.ToInt64(Scalar("SELECT (SELECT COUNT(*) FROM licenses) + (SELECT COUNT(*) FROM fetches)", transaction), CultureInfo.InvariantCulture) > 0)
        {
            throw new LedgerException($"the ledger '{Path}' is not empty: a ledger is imported only into a new one.");
        }

        foreach (var e in licenses)
        {
            Command(
                """
                INSERT INTO licenses (serial, lineage, revision, state, kind, token, customer, email, plan, issued_at, valid_from, expires_at, operator, command, sha256, text)
                VALUES ($serial, $lineage, $revision, 'issued', $kind, $token, $customer, $email, $plan, $issued, $from, $expires, $operator, $command, $sha, $text)
                """,
                transaction,
                ("$serial", e.Serial), ("$lineage", e.Lineage), ("$revision", e.Revision), ("$kind", e.Kind), ("$token", e.Token), ("$customer", e.Customer),
                ("$email", e.Email), ("$plan", (object?)e.Plan ?? DBNull.Value), ("$issued", Time(e.IssuedAt)), ("$from", Time(e.ValidFrom)),
                ("$expires", e.ExpiresAt is { } x ? Time(x) : DBNull.Value), ("$operator", e.Operator), ("$command", e.Command), ("$sha", e.Sha256), ("$text", e.Text)).ExecuteNonQuery();
        }

        foreach (var r in reserved)
        {
            Command("INSERT INTO licenses (serial, lineage, revision, state, token, operator, command) VALUES ($serial, $lineage, $revision, 'reserved', $token, $operator, $command)", transaction,
                ("$serial", r.Serial), ("$lineage", r.Lineage), ("$revision", r.Revision), ("$token", r.Token), ("$operator", r.Operator), ("$command", r.Command)).ExecuteNonQuery();
        }

        Command("UPDATE sqlite_sequence SET seq = MAX(seq, $last) WHERE name = 'licenses'", transaction, ("$last", lastSerial)).ExecuteNonQuery();
        RecordFetches(fetches, transaction);
        transaction.Commit();
    }

    public override int StoredSchemaVersion() => Convert.ToInt32(Scalar("SELECT COALESCE(MAX(version), 0) FROM schema_version", null), CultureInfo.InvariantCulture);

    protected override void Dispose(bool disposing)
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _connection.Dispose();
    }

    protected override long Count(string sql, params (string Name, object Value)[] parameters) =>
        Convert.ToInt64(Scalar(sql, null, Named(parameters)), CultureInfo.InvariantCulture);

    /// <summary>SQLite takes a parameter's <c>@</c> as part of its name.</summary>
    private static (string Name, object Value)[] Named((string Name, object Value)[] parameters) =>
        [.. parameters.Select(p => ("@" + p.Name, p.Value))];

    protected override IReadOnlyList<LedgerEntry> Entries(string where, params (string Name, object Value)[] parameters)
    {
        var command = Command(
            "SELECT serial, lineage, revision, kind, token, customer, email, plan, issued_at, valid_from, expires_at, operator, command, sha256, text FROM licenses " + where,
            null, Named(parameters));
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

    /// <summary>
    /// Brings the schema to <see cref="LicenseLedger.SchemaVersion"/> in one IMMEDIATE transaction (so two
    /// signers opening a new ledger at once migrate it once), and refuses a ledger a newer tool has migrated.
    /// </summary>
    private static void Migrate(SqliteConnection connection, string path)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, VersionTable, transaction);
        using var read = connection.CreateCommand();
        read.Transaction = transaction;
        read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        var version = Convert.ToInt32(read.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version > SchemaVersion)
        {
            throw new LedgerException($"the ledger '{path}' is at schema version {version}, newer than this tool knows ({SchemaVersion}): update xcally-license.");
        }

        if (version < 1)
        {
            Execute(connection, SchemaV1, transaction);
            Execute(connection, "INSERT INTO schema_version (version, applied_at) VALUES (1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))", transaction);
        }

        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
