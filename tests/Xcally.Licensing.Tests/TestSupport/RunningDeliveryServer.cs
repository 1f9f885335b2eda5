using Microsoft.AspNetCore.Builder;
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
            .AddInMemoryCollection(new Dictionary<string, string?> { ["urls"] = Loopback.Url })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var options = new DeliveryOptions { LedgerPath = ledgerPath, PermitsPerMinute = permitsPerMinute, Burst = burst, RecordInterval = TimeSpan.FromMilliseconds(20) };
        var app = DeliveryServer.Build(configuration, options);
        return new RunningDeliveryServer(app, await Loopback.StartAsync(app));
    }

    public Task StopAsync() => _app.StopAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
