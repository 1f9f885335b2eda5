using System.Globalization;
using Npgsql;

namespace Xcally.Licensing.Issuing.Ledger;

/// <summary>
/// Where the ledger is, read from the one ledger setting (<c>--ledger</c>, <c>Signer:LedgerPath</c>): a
/// path is an SQLite file; a <c>postgresql://</c> or <c>postgres://</c> URI, or an Npgsql connection
/// string (<c>Host=...;Database=...</c>), is a PostgreSQL database. One setting for both, so a team moves
/// to PostgreSQL by changing a value, not its scripts.
/// </summary>
internal sealed class LedgerLocation
{
    private LedgerLocation(LedgerBackend backend, string target, bool hasPassword, string display)
    {
        Backend = backend;
        Target = target;
        HasPassword = hasPassword;
        Display = display;
    }

    public LedgerBackend Backend { get; }

    /// <summary>The SQLite file's full path, or the Npgsql connection string (keyword form, password included).</summary>
    public string Target { get; }

    /// <summary>Whether the setting carries a password: it may then come from a settings file, never from the command line.</summary>
    public bool HasPassword { get; }

    /// <summary>The location as messages show it: the path, or the server and database without any password.</summary>
    public string Display { get; }

    /// <summary>Reads the ledger setting.</summary>
    /// <exception cref="LedgerException">The setting looks like a PostgreSQL location but is malformed.</exception>
    public static LedgerLocation Parse(string setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        if (string.IsNullOrWhiteSpace(setting))
        {
            throw new LedgerException("no ledger is given: give a path, or a PostgreSQL URI or connection string (--ledger, or the Signer:LedgerPath setting).");
        }

        var trimmed = setting.Trim();
        if (trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return Postgres(FromUri(trimmed));
        }

        if (LooksLikeConnectionString(trimmed) is { } builder)
        {
            return Postgres(builder);
        }

        var full = Path.GetFullPath(setting);
        return new LedgerLocation(LedgerBackend.Sqlite, full, hasPassword: false, full);
    }

    private static LedgerLocation Postgres(NpgsqlConnectionStringBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new LedgerException("the PostgreSQL ledger names no server: give Host=... (or the host in the postgresql:// URI).");
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new LedgerException("the PostgreSQL ledger names no database: give Database=... (or /database in the postgresql:// URI).");
        }

        var hasPassword = !string.IsNullOrEmpty(builder.Password);

        // Statements a signer runs again and again (reserve, record, look up) are prepared once per
        // pooled connection, as the SQLite ledger keeps its commands compiled.
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 32;
        }

        var display = string.Create(CultureInfo.InvariantCulture, $"postgresql database '{builder.Database}' on {builder.Host}{(builder.Port != NpgsqlConnection.DefaultPort ? ":" + builder.Port.ToString(CultureInfo.InvariantCulture) : string.Empty)}");
        return new LedgerLocation(LedgerBackend.Postgres, builder.ConnectionString, hasPassword, display);
    }

    /// <summary>
    /// A keyword connection string names a host; a path never parses as one (its text is not a list of
    /// known keywords), so "a path means SQLite" holds for every path that is not also a connection string.
    /// </summary>
    private static NpgsqlConnectionStringBuilder? LooksLikeConnectionString(string text)
    {
        if (!text.Contains('=', StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            return builder.ContainsKey("Host") && !string.IsNullOrEmpty(builder.Host) ? builder : null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// A libpq-style URI, <c>postgresql://[user[:password]@][host][:port]/database[?key=value&amp;...]</c>,
    /// as a connection string: Npgsql reads only the keyword form.
    /// </summary>
    private static NpgsqlConnectionStringBuilder FromUri(string text)
    {
        Uri uri;
        try
        {
            // A socket folder given as the host parameter leaves the authority empty, which Uri refuses.
            uri = new Uri(text.Replace(":///", "://localhost/", StringComparison.Ordinal), UriKind.Absolute);
        }
        catch (UriFormatException e)
        {
            throw new LedgerException($"the PostgreSQL ledger URI is malformed: {e.Message}", e);
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = Uri.UnescapeDataString(uri.Host) };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        builder.Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
            var keyword = key switch
            {
                "host" => "Host",
                "port" => "Port",
                "user" => "Username",
                "password" => "Password",
                "dbname" => "Database",
                "sslmode" => "SSL Mode",
                "application_name" => "Application Name",
                "connect_timeout" => "Timeout",
                "passfile" => "Passfile",
                "target_session_attrs" => "Target Session Attributes",
                "options" => "Options",
                _ => throw new LedgerException($"the PostgreSQL ledger URI has a parameter the tool does not know: '{key}' (known: host, port, user, password, dbname, sslmode, application_name, connect_timeout, passfile, target_session_attrs, options)."),
            };
            try
            {
                builder[keyword] = value;
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                throw new LedgerException($"the PostgreSQL ledger URI's parameter '{key}' is invalid: {e.Message}", e);
            }
        }

        return builder;
    }
}
