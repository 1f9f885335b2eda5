using System.Diagnostics;
using Npgsql;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server for the test run: started on first use from the machine's own binaries
/// (Debian's postgresql package), on a Unix socket in a temporary folder and no TCP port, shared by every
/// test, each test in a database of its own; stopped and deleted when the test process exits. initdb
/// refuses to run as root, so as root the server runs as the postgres user.
/// Without the binaries the tests that need it skip, naming the package, except on CI (CI=true), where a
/// missing PostgreSQL is a failure: the PostgreSQL ledger must never go untested there unnoticed.
/// </summary>
internal sealed class PostgresServer
{
    public const string User = "xcally";

    private static readonly Lazy<PostgresServer?> s_shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string _root;
    private readonly string _bin;
    private readonly string? _runAs;
    private readonly string _socket;
    private int _stopped;

    private PostgresServer(string root, string bin, string? runAs)
    {
        _root = root;
        _bin = bin;
        _runAs = runAs;
        _socket = Path.Combine(root, "socket");
    }

    private string Data => Path.Combine(_root, "data");

    private string AdminConnectionString => new NpgsqlConnectionStringBuilder { Host = _socket, Username = User, Database = "postgres", Pooling = false }.ConnectionString;

    /// <summary>The shared server; skips the test (fails it on CI) where PostgreSQL is not installed.</summary>
    public static PostgresServer Shared
    {
        get
        {
            if (s_shared.Value is { } server)
            {
                return server;
            }

            const string Missing = "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: apt-get install postgresql (Debian/Ubuntu) to run the PostgreSQL ledger tests.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(Missing + " On CI (CI=true) they must run.");
            }

            Assert.Skip(Missing);
            return null!;
        }
    }

    /// <summary>A new, empty database for one test, as an Npgsql connection string (no password: the test server trusts its socket).</summary>
    public string CreateDatabase()
    {
        var name = "ledger_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }

        return ConnectionString(name);
    }

    /// <summary>
    /// A database's connection string. Without pooling: a pool keeps each closed connection open for minutes,
    /// and a test run opens hundreds of databases, which would otherwise reach the server's connection limit.
    /// </summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder { Host = _socket, Username = User, Database = database, Pooling = false }.ConnectionString;

    /// <summary>
    /// The folder whose binaries run a server: XCALLY_TEST_POSTGRES_BIN if set (and only it: that is also
    /// how the skip and the CI failure are tried on a machine that has PostgreSQL), else the newest
    /// /usr/lib/postgresql/N/bin (Debian), else initdb on PATH.
    /// </summary>
    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("XCALLY_TEST_POSTGRES_BIN") is { Length: > 0 } chosen)
        {
            return File.Exists(Path.Combine(chosen, "initdb")) && File.Exists(Path.Combine(chosen, "pg_ctl")) ? chosen : null;
        }

        const string Debian = "/usr/lib/postgresql";
        if (Directory.Exists(Debian))
        {
            var newest = Directory.GetDirectories(Debian)
                .Select(d => (Folder: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .Where(d => File.Exists(Path.Combine(d.Folder, "initdb")) && File.Exists(Path.Combine(d.Folder, "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .FirstOrDefault();
            if (newest.Folder is not null)
            {
                return newest.Folder;
            }
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static PostgresServer? Start()
    {
        if (OperatingSystem.IsWindows() || FindBinaries() is not { } bin)
        {
            return null;
        }

        var root = Directory.CreateTempSubdirectory("xcally-pg-").FullName;
        var runAs = Environment.IsPrivilegedProcess ? "postgres" : null;
        var server = new PostgresServer(root, bin, runAs);
        try
        {
            Directory.CreateDirectory(server._socket);
            if (runAs is not null)
            {
                Run("chown", "-R", runAs, root);
            }

            server.Tool("initdb", "-D", server.Data, "-U", User, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C");
            server.Tool("pg_ctl", "-D", server.Data, "-l", Path.Combine(root, "server.log"), "-w", "-t", "60",
                "-o", $"-k {server._socket} -c listen_addresses='' -c fsync=off -c max_connections=200", "start");
        }
        catch (Exception e)
        {
            var log = Path.Combine(root, "server.log");
            var text = File.Exists(log) ? File.ReadAllText(log) : string.Empty;
            server.Stop();
            throw new InvalidOperationException($"the test PostgreSQL server did not start: {e.Message}\n{text}", e);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
        return server;
    }

    private void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        try
        {
            if (File.Exists(Path.Combine(Data, "postmaster.pid")))
            {
                Tool("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
            }
        }
        catch (InvalidOperationException)
        {
            // The folder goes anyway; a server left without its files stops at its next check.
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    private void Tool(string name, params string[] args)
    {
        var tool = Path.Combine(_bin, name);
        if (_runAs is null)
        {
            Run(tool, args);
        }
        else
        {
            Run("runuser", ["-u", _runAs, "--", tool, .. args]);
        }
    }

    private static void Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} did not finish in 2 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {output.Result}{error.Result}");
        }
    }
}
