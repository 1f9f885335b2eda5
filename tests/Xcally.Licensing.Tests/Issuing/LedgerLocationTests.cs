using Npgsql;
using Xcally.Licensing.Issuing.Ledger;

namespace Xcally.Licensing.Tests.Issuing;

/// <summary>The one ledger setting: a path is an SQLite file; a URI or a connection string is a PostgreSQL database.</summary>
public sealed class LedgerLocationTests
{
    [Theory]
    [InlineData("ledger.db")]
    [InlineData("/var/lib/xcally-license/ledger.db")]
    [InlineData("ledgers/team=a.db")]
    [InlineData("postgresql.db")]
    public void A_path_is_an_sqlite_ledger(string setting)
    {
        var location = LedgerLocation.Parse(setting);

        Assert.Equal(LedgerBackend.Sqlite, location.Backend);
        Assert.Equal(Path.GetFullPath(setting), location.Target);
        Assert.False(location.HasPassword);
    }

    [Fact]
    public void A_postgresql_uri_gives_every_part_to_npgsql_and_shows_no_password()
    {
        var location = LedgerLocation.Parse("postgresql://signer:s3cr%40t@db.example:5433/xcally_ledger?sslmode=require&application_name=xcally-license");

        Assert.Equal(LedgerBackend.Postgres, location.Backend);
        var target = new NpgsqlConnectionStringBuilder(location.Target);
        Assert.Equal("db.example", target.Host);
        Assert.Equal(5433, target.Port);
        Assert.Equal("signer", target.Username);
        Assert.Equal("s3cr@t", target.Password);
        Assert.Equal("xcally_ledger", target.Database);
        Assert.Equal(SslMode.Require, target.SslMode);
        Assert.Equal("xcally-license", target.ApplicationName);
        Assert.True(location.HasPassword);
        Assert.Equal("postgresql database 'xcally_ledger' on db.example:5433", location.Display);
        Assert.DoesNotContain("s3cr", location.Display, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://signer@db.example/ledger", "db.example", "signer")]
    [InlineData("postgresql:///ledger?host=/var/run/postgresql", "/var/run/postgresql", null)]
    [InlineData("Host=db.example;Database=ledger;Username=signer", "db.example", "signer")]
    [InlineData("host=db.example; database=ledger", "db.example", null)]
    public void A_uri_or_a_connection_string_without_a_password_is_a_postgresql_ledger(string setting, string host, string? user)
    {
        var location = LedgerLocation.Parse(setting);

        Assert.Equal(LedgerBackend.Postgres, location.Backend);
        var target = new NpgsqlConnectionStringBuilder(location.Target);
        Assert.Equal(host, target.Host);
        Assert.Equal("ledger", target.Database);
        Assert.Equal(user, target.Username);
        Assert.False(location.HasPassword);
    }

    [Fact]
    public void A_connection_string_with_a_password_says_so()
    {
        var location = LedgerLocation.Parse("Host=db.example;Database=ledger;Username=signer;Password=s3cret");

        Assert.True(location.HasPassword);
        Assert.DoesNotContain("s3cret", location.Display, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://db.example", "names no database")]
    [InlineData("postgresql://db.example/ledger?colour=blue", "'colour'")]
    [InlineData("Host=db.example;Username=signer", "names no database")]
    public void A_malformed_postgresql_location_is_refused_with_what_is_wrong(string setting, string expected)
    {
        var refused = Assert.Throws<LedgerException>(() => LedgerLocation.Parse(setting));

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }
}
