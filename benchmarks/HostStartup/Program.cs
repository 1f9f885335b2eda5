using System.Net.Sockets;
using System.Text;
using Xcally.Licensing;
using Xcally.Licensing.ColdStart;

// hoststartup with|with-update|without PORT [--Licensing:StateDirectory=DIR]
//
// Starts a minimal ASP.NET Core host on 127.0.0.1:PORT, with or without AddXcallyLicensing; once the
// host has started it sends itself one request (GET /, which reads the license state when licensing is
// on), prints the response's status line and the time from the process's start to the response, and
// exits. Both modes pay for the same client code, so the difference of their times is what licensing
// adds to the time to the first response. (A host's orderly shutdown is left out: it takes most of a
// second here, waiting on Kestrel, and is the same with and without licensing.)
if (args.Length < 2 || args[0] is not ("with" or "with-update" or "without") || !int.TryParse(args[1], out var port))
{
    Console.Error.WriteLine("usage: hoststartup with|with-update|without PORT [--Licensing:StateDirectory=DIR]");
    return 2;
}

var withLicensing = args[0] != "without";

// with-update also sets an update endpoint: the automatic update is registered, and its first check
// comes well after this program has exited, so what it adds to startup is its registration alone.
var builder = WebApplication.CreateBuilder(args[0] == "with-update" ? [.. args[2..], $"--Licensing:Update:Endpoint=http://127.0.0.1:{port}/"] : args[2..]);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
if (withLicensing)
{
    builder.Services.AddXcallyLicensing(builder.Configuration, host =>
        host.TrustedKeys = new TrustedKeys([LicensePublicKey.ImportPem(ExampleKey.PublicPem)], allowDevelopmentKeys: true));
}

var app = builder.Build();
if (withLicensing)
{
    app.MapGet("/", (LicensingService licensing) => licensing.State.ToString());
}
else
{
    app.MapGet("/", () => "no licensing");
}

app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(() =>
{
    using var client = new TcpClient();
    client.Connect("127.0.0.1", port);
    using var stream = client.GetStream();
    stream.Write(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
    using var reader = new StreamReader(stream, Encoding.ASCII);
    var statusLine = reader.ReadLine() ?? string.Empty;
    var response = reader.ReadToEnd();
    statusLine += response.Contains("\r\nActive\r\n", StringComparison.Ordinal) ? " (licensed)" : string.Empty;
    var elapsed = DateTime.Now - System.Diagnostics.Process.GetCurrentProcess().StartTime;
    Console.WriteLine($"{statusLine}; first response after {elapsed.TotalMilliseconds:F1} ms");
    Environment.Exit(statusLine.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) ? 0 : 1);
}));

app.Run();
return 1;
