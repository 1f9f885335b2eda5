using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>
/// The delivery server's lookups in an SQLite ledger. Each lookup borrows one of a few open read-only
/// connections with its statement prepared, so a request costs one indexed lookup (licenses_token) and
/// no connection setup. The ledger's WAL journal lets the team go on signing while the server reads.
/// </summary>
internal sealed class SqliteLedgerReader : LedgerReader
{
    private const string NewestSql = "SELECT serial, kind, sha256, CAST(text AS BLOB) FROM licenses WHERE token = $token AND state = 'issued' ORDER BY serial DESC LIMIT 1";

    private readonly ConcurrentBag<Lookup> _idle = [];
    private readonly string _connectionString;
    private bool _disposed;

    private SqliteLedgerReader(string connectionString) => _connectionString = connectionString;

    /// <summary>Opens the ledger at <paramref name="path"/> for reading; it must exist.</summary>
    /// <exception cref="LedgerException">There is no ledger there, or it cannot be read.</exception>
    public static new SqliteLedgerReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new LedgerException($"there is no ledger at '{path}': give the ledger the team issues into (--ledger).");
        }

        var reader = new SqliteLedgerReader(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 5 }.ToString());
        try
        {
            reader.Return(reader.Borrow());
        }
        catch (SqliteException e)
        {
            reader.Dispose();
            throw new LedgerException($"cannot read the ledger '{path}': {e.Message}", e);
        }

        return reader;
    }

    public override DeliverableLicense? Newest(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var lookup = Borrow();
        try
        {
            lookup.Token.Value = token;
            using var reader = lookup.Command.ExecuteReader();
            return reader.Read()
                ? new DeliverableLicense(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3))
                : null;
        }
        finally
        {
            Return(lookup);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        while (_idle.TryTake(out var lookup))
        {
            lookup.Dispose();
        }
    }

    private Lookup Borrow()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _idle.TryTake(out var lookup) ? lookup : new Lookup(_connectionString);
    }

    private void Return(Lookup lookup)
    {
        if (_disposed || _idle.Count >= Environment.ProcessorCount * 4)
        {
            lookup.Dispose();
            return;
        }

        _idle.Add(lookup);
    }

    private sealed class Lookup : IDisposable
    {
        private readonly SqliteConnection _connection;

        public Lookup(string connectionString)
        {
            _connection = new SqliteConnection(connectionString);
            _connection.Open();
            Command = _connection.CreateCommand();
            Command.CommandText = NewestSql;
            Token = Command.Parameters.Add("$token", SqliteType.Text);
            Token.Value = string.Empty;
            Command.Prepare();
        }

        public SqliteCommand Command { get; }

        public SqliteParameter Token { get; }

        public void Dispose()
        {
            Command.Dispose();
            _connection.Dispose();
        }
    }
}
