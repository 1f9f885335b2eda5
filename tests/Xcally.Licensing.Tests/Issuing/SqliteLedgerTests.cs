using Microsoft.Data.Sqlite;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Issuing;

/// <summary>The ledger's promises on SQLite: a file in a temporary folder per test.</summary>
public sealed class SqliteLedgerTests : LedgerContractTests
{
    private readonly TempFolder _folder = new();

    protected override string NewLedger() => _folder.File($"ledger-{Guid.NewGuid():N}.db");

    protected override void Sql(string setting, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = setting, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        _folder.Dispose();
    }
}
