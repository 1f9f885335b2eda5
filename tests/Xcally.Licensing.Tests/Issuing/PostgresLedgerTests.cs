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

    [Fact]
    public void A_ledger_whose_connection_the_server_dropped_reconnects_for_the_next_operation()
    {
        var setting = NewLedger();
        using var ledger = Xcally.Licensing.Issuing.Ledger.LicenseLedger.Open(setting);
        ledger.Reserve(null, "token", "tester", "issue");

        // As a server restart or a network cut does: the ledger's connection is gone under it.
        Sql(setting, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
        var first = Record.Exception(() => ledger.CountReserved());

        Assert.True(first is null or NpgsqlException, first?.ToString());
        Assert.Equal(1, ledger.CountReserved());
        Assert.Equal(100002, ledger.Reserve(null, "token", "tester", "issue").Serial);
    }

    protected override void Sql(string setting, string sql)
    {
        using var connection = new NpgsqlConnection(setting);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
