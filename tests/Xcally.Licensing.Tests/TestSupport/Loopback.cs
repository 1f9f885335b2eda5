using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>Real Kestrel servers for tests, on loopback port 0 (a free port the system picks).</summary>
internal static class Loopback
{
    public const string Url = "http://127.0.0.1:0";

    /// <summary>Starts <paramref name="app"/> (built to listen on <see cref="Url"/>) and answers the address it listens on.</summary>
    public static async Task<Uri> StartAsync(WebApplication app)
    {
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }
}
