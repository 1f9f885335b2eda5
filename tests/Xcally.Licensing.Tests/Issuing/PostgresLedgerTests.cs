using Npgsql;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Issuing;

/// <summary>
/// The ledger's promises on PostgreSQL: a database of its own per ledger, on the test run's throwaway
/// server (skipped, naming the package, where PostgreSQL is not installed; a failure on CI).
/// </summary>
public sealed class PostgresLedgerTests : LedgerContractTests
{
    protected override string NewLedger() => PostgresServer.Shared.CreateDatabase();

    protected override void Sql(string setting, string sql)
    {
        using var connection = new NpgsqlConnection(setting);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
