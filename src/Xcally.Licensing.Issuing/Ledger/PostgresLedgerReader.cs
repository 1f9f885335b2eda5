using Npgsql;

namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>
/// The delivery server's lookups in a PostgreSQL ledger: each request borrows a pooled connection (the
/// data source's pool, its statement prepared once per connection) for one indexed lookup (licenses_token).
/// </summary>
internal sealed class PostgresLedgerReader : LedgerReader
{
    private const string NewestSql = "SELECT serial, kind, sha256, convert_to(text, 'UTF8') FROM licenses WHERE token = @token AND state = 'issued' ORDER BY serial DESC LIMIT 1";

    private readonly NpgsqlDataSource _source;

    private PostgresLedgerReader(NpgsqlDataSource source) => _source = source;

    /// <summary>Opens the ledger in the database <paramref name="location"/> names for reading; it must hold one.</summary>
    /// <exception cref="LedgerException">The database cannot be reached, or holds no ledger.</exception>
    public static PostgresLedgerReader Open(LedgerLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        var source = NpgsqlDataSource.Create(location.Target);
        try
        {
            using var connection = source.OpenConnection();
            using var command = new NpgsqlCommand("SELECT to_regclass('licenses') IS NOT NULL AND to_regclass('schema_version') IS NOT NULL", connection);
            if (command.ExecuteScalar() is not true)
            {
                throw new LedgerException($"there is no ledger in the {location.Display}: give the ledger the team issues into (--ledger).");
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            source.Dispose();
            throw new LedgerException($"cannot read the ledger ({location.Display}): {e.Message}", e);
        }
        catch
        {
            source.Dispose();
            throw;
        }

        return new PostgresLedgerReader(source);
    }

    public override DeliverableLicense? Newest(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        using var command = _source.CreateCommand(NewestSql);
        command.Parameters.AddWithValue("token", token);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new DeliverableLicense(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (byte[])reader.GetValue(3))
            : null;
    }

    protected override void Dispose(bool disposing) => _source.Dispose();
}
