using System.Data;
using Npgsql;
using NpgsqlTypes;

namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>
/// The ledger in a PostgreSQL database (Npgsql), for a team signing from several machines. Serials come
/// from a sequence starting at 100001: a serial is never handed out twice, even when the transaction
/// that took it rolls back (it is then a gap, as a crash burns a reserved serial). The revisions of a
/// lineage are allocated under the lineage's transaction-level advisory lock, so two signers extending
/// the same lineage take turns and never collide; a signer aborted by the database (a deadlock between
/// two batches, a serialization failure) retries its own transaction without a word to the user.
/// </summary>
internal sealed class PostgresLedger : LicenseLedger
{
    // Migrations take this advisory lock (the two-key form, a key space apart from the one-key locks on
    // lineages), so signers opening a new database at once create the schema once.
    private const int MigrationLockClass = 0x58434c;
    private const int MigrationLockObject = 1;

    // Every statement creates only what is missing, as the SQLite ledger's version 1 does: a database
    // whose version record was lost is brought back to version 1 without touching its licenses.
    private const string SchemaV1 = """
        CREATE SEQUENCE IF NOT EXISTS licenses_serial START WITH 100001 MINVALUE 100001;
        CREATE TABLE IF NOT EXISTS licenses (
            serial      bigint      PRIMARY KEY DEFAULT nextval('licenses_serial'),
            lineage     bigint      NOT NULL,
            revision    integer     NOT NULL,
            state       text        NOT NULL CHECK (state IN ('reserved', 'issued')),
            kind        text,
            token       text        NOT NULL,
            customer    text,
            email       text,
            plan        text,
            issued_at   timestamptz,
            valid_from  timestamptz,
            expires_at  timestamptz,
            operator    text        NOT NULL,
            command     text        NOT NULL,
            sha256      text,
            text        text,
            UNIQUE (lineage, revision)
        );
        ALTER SEQUENCE licenses_serial OWNED BY licenses.serial;
        CREATE INDEX IF NOT EXISTS licenses_token ON licenses (token, serial);
        CREATE INDEX IF NOT EXISTS licenses_customer ON licenses (customer, serial);
        CREATE TABLE IF NOT EXISTS fetches (
            id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            token       text        NOT NULL,
            fetched_at  timestamptz NOT NULL,
            outcome     text        NOT NULL CHECK (outcome IN ('served', 'not-modified', 'unknown')),
            serial      bigint,
            sha256      text,
            client      text        NOT NULL
        );
        CREATE INDEX IF NOT EXISTS fetches_token ON fetches (token, id);
        """;

    private const string Columns = "serial, lineage, revision, kind, token, customer, email, plan, issued_at, valid_from, expires_at, operator, command, sha256, text";

    private const int Attempts = 10;

    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _batch;

    private PostgresLedger(NpgsqlConnection connection) => _connection = connection;

    public override LedgerBackend Backend => LedgerBackend.Postgres;

    /// <summary>Opens (creating the schema if needed) the ledger in the database <paramref name="location"/> names.</summary>
    /// <exception cref="LedgerException">The database cannot be reached, or is not a ledger this tool can use.</exception>
    public static new PostgresLedger Open(LedgerLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var connection = new NpgsqlConnection(location.Target);
        try
        {
            connection.Open();
            Migrate(connection, location.Display);
            return new PostgresLedger(connection) { Path = location.Display };
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            connection.Dispose();
            throw new LedgerException($"cannot open the ledger ({location.Display}): {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override (long Serial, long Lineage, int Revision) Reserve(long? lineage, string token, string operatorName, string command) =>
        InTransaction(transaction =>
        {
            var revision = 1;
            if (lineage is { } existing)
            {
                // The lock is held until the transaction ends; the next statement then sees every revision
                // committed before it (read committed takes a fresh snapshot per statement).
                Execute("SELECT pg_advisory_xact_lock(@lineage)", transaction, ("lineage", existing));
                revision = Scalar<int>("SELECT COALESCE(MAX(revision), 0) + 1 FROM licenses WHERE lineage = @lineage", transaction, ("lineage", existing));
            }

            // One round trip: the serial, and a new lineage numbered by it, in the insert itself.
            var serial = Scalar<long>(
                """
                WITH next AS (SELECT nextval('licenses_serial') AS serial)
                INSERT INTO licenses (serial, lineage, revision, state, token, operator, command)
                SELECT serial, COALESCE(@lineage, serial), @revision, 'reserved', @token, @operator, @command FROM next
                RETURNING serial
                """,
                transaction, ("lineage", (object?)lineage ?? DBNull.Value), ("revision", revision), ("token", token), ("operator", operatorName), ("command", command));
            return (serial, lineage ?? serial, revision);
        });

    public override LedgerEntry Complete(long serial, LicenseDocument license, string sha256, string text, string operatorName, string command)
    {
        ArgumentNullException.ThrowIfNull(license);
        var updated = InTransaction(transaction => Execute(
            """
            UPDATE licenses SET state = 'issued', kind = @kind, token = @token, customer = @customer, email = @email, plan = @plan,
                issued_at = @issued, valid_from = @from, expires_at = @expires, sha256 = @sha, text = @text
            WHERE serial = @serial AND state = 'reserved'
            """,
            transaction,
            ("serial", serial), ("kind", Kind(license.Kind)), ("token", license.Token), ("customer", license.Customer.Name),
            ("email", license.Customer.Email), ("plan", Nullable(license.Plan)), ("issued", license.IssuedAt.UtcDateTime),
            ("from", license.ValidFrom.UtcDateTime), ("expires", license.ExpiresAt is { } e ? e.UtcDateTime : DBNull.Value), ("sha", sha256), ("text", text)));
        if (updated != 1)
        {
            throw new InvalidOperationException($"serial {serial} is not a reserved ledger entry.");
        }

        return Entry(serial, license, sha256, text, operatorName, command);
    }

    public override LedgerBatch BeginBatch()
    {
        if (_batch is not null)
        {
            throw new InvalidOperationException("A ledger batch is already open.");
        }

        _batch = _connection.BeginTransaction();
        return new Batch(this, _batch);
    }

    private sealed class Batch(PostgresLedger ledger, NpgsqlTransaction transaction) : LedgerBatch
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
        if (fetches.Count == 0)
        {
            return;
        }

        InTransaction(transaction =>
        {
            // One round trip for the whole collection: the columns as arrays, unnested into rows.
            Execute(
                """
                INSERT INTO fetches (token, fetched_at, outcome, serial, sha256, client)
                SELECT * FROM unnest(@tokens, @at, @outcomes, @serials, @shas, @clients)
                """,
                transaction,
                ("tokens", fetches.Select(f => f.Token).ToArray()),
                ("at", fetches.Select(f => Milliseconds(f.FetchedAt.UtcDateTime)).ToArray()),
                ("outcomes", fetches.Select(f => FetchRecord.OutcomeName(f.Outcome)).ToArray()),
                ("serials", fetches.Select(f => f.Serial).ToArray()),
                ("shas", fetches.Select(f => f.Sha256).ToArray()),
                ("clients", fetches.Select(f => f.Client).ToArray()));
            return 0;
        });
    }

    public override IReadOnlyList<FetchRecord> Fetches(string token, int limit = 20) => ReadFetches(Command(
        "SELECT token, fetched_at, outcome, serial, sha256, client FROM (SELECT * FROM fetches WHERE token = @token ORDER BY id DESC LIMIT @limit) AS newest ORDER BY id",
        null, ("token", token), ("limit", limit)));

    public override IReadOnlyList<ReservedSerial> Reservations()
    {
        using var command = Command("SELECT serial, lineage, revision, token, operator, command FROM licenses WHERE state = 'reserved' ORDER BY serial", null);
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

    /// <summary>The fetches a query of (token, fetched_at, outcome, serial, sha256, client) returns; disposes the command.</summary>
    private static List<FetchRecord> ReadFetches(NpgsqlCommand command)
    {
        using var owned = command;
        using var reader = command.ExecuteReader();
        var fetches = new List<FetchRecord>();
        while (reader.Read())
        {
            fetches.Add(new FetchRecord(
                reader.GetString(0), Utc(reader.GetDateTime(1)), FetchRecord.ParseOutcome(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5)));
        }

        return fetches;
    }

    public override long LastSerial() => Scalar<long>("SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM licenses_serial", null);

    public override void Import(IReadOnlyList<LedgerEntry> licenses, IReadOnlyList<ReservedSerial> reserved, IReadOnlyList<FetchRecord> fetches, long lastSerial)
    {
        ArgumentNullException.ThrowIfNull(licenses);
        ArgumentNullException.ThrowIfNull(reserved);
        ArgumentNullException.ThrowIfNull(fetches);
        using var transaction = _connection.BeginTransaction();

        // Locks out signers and other imports until the commit: "empty" must still hold when the rows land.
        Execute("LOCK TABLE licenses, fetches IN EXCLUSIVE MODE", transaction);
        if (Scalar<long>("SELECT (SELECT COUNT(*) FROM licenses) + (SELECT COUNT(*) FROM fetches)", transaction) > 0)
        {
            throw new LedgerException($"the ledger ({Path}) is not empty: a ledger is imported only into a new one.");
        }

        foreach (var e in licenses)
        {
            Execute(
                """
                INSERT INTO licenses (serial, lineage, revision, state, kind, token, customer, email, plan, issued_at, valid_from, expires_at, operator, command, sha256, text)
                VALUES (@serial, @lineage, @revision, 'issued', @kind, @token, @customer, @email, @plan, @issued, @from, @expires, @operator, @command, @sha, @text)
                """,
                transaction,
                ("serial", e.Serial), ("lineage", e.Lineage), ("revision", e.Revision), ("kind", e.Kind), ("token", e.Token), ("customer", e.Customer),
                ("email", e.Email), ("plan", Nullable(e.Plan)), ("issued", e.IssuedAt.UtcDateTime), ("from", e.ValidFrom.UtcDateTime),
                ("expires", e.ExpiresAt is { } x ? x.UtcDateTime : DBNull.Value), ("operator", e.Operator), ("command", e.Command), ("sha", e.Sha256), ("text", e.Text));
        }

        foreach (var r in reserved)
        {
            Execute("INSERT INTO licenses (serial, lineage, revision, state, token, operator, command) VALUES (@serial, @lineage, @revision, 'reserved', @token, @operator, @command)", transaction,
                ("serial", r.Serial), ("lineage", r.Lineage), ("revision", r.Revision), ("token", r.Token), ("operator", r.Operator), ("command", r.Command));
        }

        var highest = Math.Max(lastSerial, licenses.Select(e => e.Serial).Concat(reserved.Select(r => r.Serial)).DefaultIfEmpty(0).Max());
        if (highest >= FirstSerial)
        {
            Execute("SELECT setval('licenses_serial', @last, true)", transaction, ("last", highest));
        }

        if (fetches.Count > 0)
        {
            _batch = transaction;
            try
            {
                RecordFetches(fetches);
            }
            finally
            {
                _batch = null;
            }
        }

        transaction.Commit();
    }

    public override int StoredSchemaVersion() => Scalar<int>("SELECT COALESCE(MAX(version), 0) FROM schema_version", null);

    /// <summary>40001 (serialization failure) and 40P01 (deadlock detected): the database aborted one side of a conflict.</summary>
    public override bool IsConflict(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };

    protected override void Dispose(bool disposing)
    {
        _batch?.Dispose();
        _batch = null;
        _connection.Dispose();
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the open batch, or in a transaction of its own that is tried again
    /// when the database aborts it for a conflict with another signer. A batch is not retried here: its
    /// earlier work is gone with it, so the caller (the desk) retries the whole chunk.
    /// </summary>
    private T InTransaction<T>(Func<NpgsqlTransaction, T> work)
    {
        if (_batch is not null)
        {
            return work(_batch);
        }

        EnsureOpen();
        for (var attempt = 1; ; attempt++)
        {
            using var transaction = _connection.BeginTransaction();
            try
            {
                var result = work(transaction);
                transaction.Commit();
                return result;
            }
            catch (PostgresException e) when (IsConflict(e) && attempt < Attempts)
            {
                transaction.Rollback();
                Thread.Sleep(Random.Shared.Next(1, 10 * attempt));
            }
        }
    }

    protected override long Count(string sql, params (string Name, object Value)[] parameters) => Scalar<long>(sql, null, parameters);

    protected override IReadOnlyList<LedgerEntry> Entries(string where, params (string Name, object Value)[] parameters)
    {
        using var command = Command($"SELECT {Columns} FROM licenses {where}", null, parameters);
        using var reader = command.ExecuteReader();
        var entries = new List<LedgerEntry>();
        while (reader.Read())
        {
            entries.Add(new LedgerEntry(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7), Utc(reader.GetDateTime(8)), Utc(reader.GetDateTime(9)),
                reader.IsDBNull(10) ? null : Utc(reader.GetDateTime(10)), reader.GetString(11), reader.GetString(12), reader.GetString(13), reader.GetString(14)));
        }

        return entries;
    }

    private T Scalar<T>(string sql, NpgsqlTransaction? transaction, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, transaction, parameters);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private int Execute(string sql, NpgsqlTransaction? transaction, params (string Name, object Value)[] parameters)
    {
        using var command = Command(sql, transaction, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>
    /// Opens the connection again if it broke (the server restarted, a network cut): the delivery server
    /// keeps its ledger for days, and one lost connection must cost it one failed write, not every later
    /// one. Never inside a batch, whose work died with the connection (the caller sees that failure).
    /// </summary>
    private void EnsureOpen()
    {
        if (_batch is null && _connection.FullState != ConnectionState.Open)
        {
            _connection.Close();
            _connection.Open();
        }
    }

    private NpgsqlCommand Command(string sql, NpgsqlTransaction? transaction, params (string Name, object Value)[] parameters)
    {
        if (transaction is null)
        {
            EnsureOpen();
        }

        var command = new NpgsqlCommand(sql, _connection, transaction ?? _batch);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(value switch
            {
                // Arrays of nullable values need their element type spelled out for unnest.
                long?[] serials => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = serials.Select(s => (object?)s ?? DBNull.Value).ToArray() },
                string?[] texts => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = texts.Select(t => (object?)t ?? DBNull.Value).ToArray() },
                DateTime[] times => new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = times },
                _ => new NpgsqlParameter(name, value),
            });
        }

        return command;
    }

    /// <summary>
    /// Brings the schema to <see cref="LicenseLedger.SchemaVersion"/> under the migration lock, in one
    /// transaction (PostgreSQL's DDL is transactional: a failed migration leaves the schema as it was),
    /// and refuses a ledger a newer tool has migrated.
    /// </summary>
    private static void Migrate(NpgsqlConnection connection, string display)
    {
        using var transaction = connection.BeginTransaction();
        using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MigrationLockClass}, {MigrationLockObject}); CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now());", connection, transaction))
        {
            command.ExecuteNonQuery();
        }

        int version;
        using (var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection, transaction))
        {
            version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        if (version > SchemaVersion)
        {
            throw new LedgerException($"the ledger ({display}) is at schema version {version}, newer than this tool knows ({SchemaVersion}): update xcally-license.");
        }

        if (version < 1)
        {
            using var command = new NpgsqlCommand(SchemaV1 + "INSERT INTO schema_version (version) VALUES (1);", connection, transaction);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>A fetch's time to the millisecond, as the SQLite ledger keeps it: a ledger moves between the two unchanged.</summary>
    private static DateTime Milliseconds(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);

    private static object Nullable(string? value) => (object?)value ?? DBNull.Value;

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}
