using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>
/// A real Kestrel server on loopback that answers <c>/v1/licenses/{token}</c> however the test says:
/// the faults a delivery server or the network between can produce, over a real socket.
/// </summary>
internal sealed class FaultyLicenseServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FaultyLicenseServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public Func<HttpContext, Task> Answer { get; set; } = context => Task.CompletedTask;

    public int Requests { get; private set; }

    public static async Task<FaultyLicenseServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Loopback.Url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FaultyLicenseServer? server = null;
        app.MapGet("/v1/licenses/{token}", context =>
        {
            server!.Requests++;
            return server.Answer(context);
        });
        server = new FaultyLicenseServer(app, await Loopback.StartAsync(app));
        return server;
    }

    /// <summary>Answers 200 with <paramref name="text"/> as a license.</summary>
    public static Func<HttpContext, Task> License(string text, string contentType = "application/x-xcally-license") => context =>
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(text);
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
