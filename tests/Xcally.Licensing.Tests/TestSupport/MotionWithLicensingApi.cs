using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Xcally.Licensing.Tests.TestSupport;

/// <summary>
/// A Motion host on a real Kestrel server on loopback with the licensing API mapped at
/// <c>/api/license</c>: a bearer "reader" may read, a bearer "admin" may read and change, anyone else
/// is anonymous. Optionally the automatic update, against <paramref name="updateEndpoint"/>.
/// </summary>
internal sealed class MotionWithLicensingApi : IAsyncDisposable
{
    public const string ReadPolicy = "licensing-read";
    public const string ChangePolicy = "licensing-change";

    private readonly WebApplication _app;

    private MotionWithLicensingApi(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public LicensingService Licensing => _app.Services.GetRequiredService<LicensingService>();

    public WebApplication App => _app;

    public static async Task<MotionWithLicensingApi> StartAsync(LicensingHarness motion, Uri? updateEndpoint = null, Action<WebApplication>? map = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(Loopback.Url);
        builder.Logging.ClearProviders();
        var settings = new Dictionary<string, string?> { ["Licensing:StateDirectory"] = motion.StateDirectory };
        if (updateEndpoint is not null)
        {
            settings["Licensing:Update:Endpoint"] = updateEndpoint.ToString();
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(motion.Clock);
        builder.Services.AddXcallyLicensing(builder.Configuration, host =>
        {
            host.TrustedKeys = motion.TrustedKeys;
            host.TrialEntitlements = LicensingHarness.TrialEntitlements;
            host.TokenSource = motion.Tokens;
        });
        builder.Services.AddAuthentication(BearerRole.SchemeName).AddScheme<AuthenticationSchemeOptions, BearerRole>(BearerRole.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, p => p.RequireRole("reader", "admin"))
            .AddPolicy(ChangePolicy, p => p.RequireRole("admin"));
        services?.Invoke(builder.Services);
        var app = builder.Build();
        if (map is not null)
        {
            map(app);
        }
        else
        {
            app.MapXcallyLicensing("/api/license", o =>
            {
                o.ReadPolicy = ReadPolicy;
                o.ChangePolicy = ChangePolicy;
            });
        }

        var address = await Loopback.StartAsync(app);

        // The startup validation runs as the host starts; waiting for it here keeps what tests compare on disk still.
        _ = app.Services.GetRequiredService<LicensingService>();
        return new MotionWithLicensingApi(app, new HttpClient { BaseAddress = address });
    }

    /// <summary>A request as <paramref name="who"/> ("reader", "admin", or null for anonymous).</summary>
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
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    /// <summary>"Authorization: Bearer reader|admin" signs in with that role; no header is anonymous; any other bearer fails.</summary>
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
            if (role is not ("reader" or "admin"))
            {
                return Task.FromResult(AuthenticateResult.Fail("unknown token"));
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
