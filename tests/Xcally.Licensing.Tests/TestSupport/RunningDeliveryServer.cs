using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xcally.Licensing.Delivery;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>The real delivery server on Kestrel, on a free loopback port, over a ledger file.</summary>
internal sealed class RunningDeliveryServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningDeliveryServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public static async Task<RunningDeliveryServer> StartAsync(string ledgerPath, int permitsPerMinute = 100_000, int burst = 10_000, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = "http://127.0.0.1:0" })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var options = new DeliveryOptions { LedgerPath = ledgerPath, PermitsPerMinute = permitsPerMinute, Burst = burst, RecordInterval = TimeSpan.FromMilliseconds(20) };
        var app = DeliveryServer.Build(configuration, options);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new RunningDeliveryServer(app, new Uri(address));
    }

    public Task StopAsync() => _app.StopAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
