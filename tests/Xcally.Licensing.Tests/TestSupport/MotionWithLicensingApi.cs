using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Xcally.Licensing.AspNetCore;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>
/// A Motion host with the licensing API mapped at <c>/api/license</c> (and the page at
/// <c>/api/license/page</c>), made by Microsoft.AspNetCore.Mvc.Testing's WebApplicationFactory on a real
/// Kestrel server on loopback: a bearer "reader" may read, a bearer "admin" may read and change, a
/// bearer "guest" is signed in with neither right, anyone else is anonymous. Optionally the automatic update, against <c>updateEndpoint</c>.
/// </summary>
internal sealed class MotionWithLicensingApi : IAsyncDisposable
{
    public const string ReadPolicy = "licensing-read";
    public const string ChangePolicy = "licensing-change";

    private readonly MotionFactory _factory;

    private MotionWithLicensingApi(MotionFactory factory, HttpClient client)
    {
        _factory = factory;
        Client = client;
    }

    public HttpClient Client { get; }

    public LicensingService Licensing => _factory.Services.GetRequiredService<LicensingService>();

    public static Task<MotionWithLicensingApi> StartAsync(LicensingHarness motion, Uri? updateEndpoint = null, Action<IEndpointRouteBuilder>? map = null, Action<IServiceCollection>? services = null, string? pathBase = null)
    {
        var factory = new MotionFactory(motion, updateEndpoint, map, services, pathBase);
        try
        {
            factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            factory.StartServer();

            // The startup validation runs as the host starts; waiting for it here keeps what tests compare on disk still.
            _ = factory.Services.GetRequiredService<LicensingService>();
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return Task.FromResult(new MotionWithLicensingApi(factory, new HttpClient { BaseAddress = new Uri(address) }));
        }
        catch
        {
            factory.Dispose();
            throw;
        }
    }

    /// <summary>Maps the API at <paramref name="prefix"/> with this host's two policies, then <paramref name="configure"/>.</summary>
    public static Action<IEndpointRouteBuilder> Mapped(string prefix, Action<LicensingEndpointOptions>? configure = null) => endpoints =>
        endpoints.MapXcallyLicensing(prefix, o =>
        {
            o.ReadPolicy = ReadPolicy;
            o.ChangePolicy = ChangePolicy;
            configure?.Invoke(o);
        });

    /// <summary>What mapping with <paramref name="map"/> throws, if anything: the host is built, never started.</summary>
    public static async Task<Exception?> MappingErrorAsync(Action<IEndpointRouteBuilder> map)
    {
        await using var app = WebApplication.CreateSlimBuilder().Build();
        return Record.Exception(() => map(app));
    }

    /// <summary>A request as <paramref name="who"/> ("reader", "admin", "guest", or null for anonymous).</summary>
    public static HttpRequestMessage As(string? who, HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (who is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", who);
        }

        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
    }

    private sealed class MotionFactory(LicensingHarness motion, Uri? updateEndpoint, Action<IEndpointRouteBuilder>? map, Action<IServiceCollection>? services, string? pathBase)
        : WebApplicationFactory<MotionFactory>
    {
        // The factory guesses a content root next to the solution, where this host has none; it needs no content.
        protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseContentRoot(AppContext.BaseDirectory);

        protected override IHostBuilder CreateHostBuilder() =>
            new HostBuilder().ConfigureWebHost(web => web
                .ConfigureLogging(logging => logging.ClearProviders())
                .ConfigureAppConfiguration(configuration =>
                {
                    var settings = new Dictionary<string, string?> { ["Licensing:StateDirectory"] = motion.StateDirectory };
                    if (updateEndpoint is not null)
                    {
                        settings["Licensing:Update:Endpoint"] = updateEndpoint.ToString();
                    }

                    configuration.AddInMemoryCollection(settings);
                })
                .ConfigureServices((context, s) =>
                {
                    s.AddRouting();
                    s.AddSingleton<TimeProvider>(motion.Clock);
                    s.AddXcallyLicensing(context.Configuration, host =>
                    {
                        host.TrustedKeys = motion.TrustedKeys;
                        host.TrialEntitlements = LicensingHarness.TrialEntitlements;
                        host.TokenSource = motion.Tokens;
                    });
                    s.AddAuthentication(BearerRole.SchemeName).AddScheme<AuthenticationSchemeOptions, BearerRole>(BearerRole.SchemeName, null);
                    s.AddAuthorizationBuilder()
                        .AddPolicy(ReadPolicy, p => p.RequireRole("reader", "admin"))
                        .AddPolicy(ChangePolicy, p => p.RequireRole("admin"));
                    services?.Invoke(s);
                })
                .Configure(app =>
                {
                    if (pathBase is not null)
                    {
                        app.UsePathBase(pathBase);
                    }

                    app.UseRouting();
                    app.UseAuthentication();
                    app.UseAuthorization();
                    app.UseEndpoints(endpoints =>
                    {
                        if (map is not null)
                        {
                            map(endpoints);
                            return;
                        }

                        Mapped("/api/license")(endpoints);
                    });
                }));
    }

    /// <summary>"Authorization: Bearer reader|admin|guest" signs in with that role; no header is anonymous; any other bearer fails.</summary>
    private sealed class BearerRole(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "TestBearer";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var header = Request.Headers.Authorization.ToString();
            if (header.Length == 0)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var role = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..] : string.Empty;
            if (role is not ("reader" or "admin" or "guest"))
            {
                return Task.FromResult(AuthenticateResult.Fail("unknown token"));
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
