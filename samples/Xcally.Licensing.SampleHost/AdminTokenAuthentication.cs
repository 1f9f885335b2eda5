using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Xcally.Licensing.SampleHost;

/// <summary>The administrator's bearer token, <c>Admin:Token</c>: without one configured, nobody signs in.</summary>
internal sealed class AdminTokenOptions : AuthenticationSchemeOptions
{
    public string? Token { get; set; }
}

/// <summary>
/// Signs in whoever sends <c>Authorization: Bearer {Admin:Token}</c> as the administrator. Motion signs
/// its administrators in its own way; what the licensing endpoints need is only a policy to check.
/// </summary>
internal sealed class AdminTokenAuthenticationHandler(IOptionsMonitor<AdminTokenOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AdminTokenOptions>(options, logger, encoder)
{
    public const string SchemeName = "AdminToken";
    private const string Bearer = "Bearer ";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (Options.Token is not { Length: > 0 } expected)
        {
            return Task.FromResult(AuthenticateResult.Fail("No administrator token is configured (Admin:Token)."));
        }

        // Constant time, so the comparison does not tell how much of a guess was right.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim()), Encoding.UTF8.GetBytes(expected)))
        {
            return Task.FromResult(AuthenticateResult.Fail("The administrator token was not accepted."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "administrator"), new Claim(ClaimTypes.Role, "administrator")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>A 401 that says what to do, as problem details like the API's other refusals.</summary>
    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        var failure = (await HandleAuthenticateOnceSafeAsync().ConfigureAwait(false)).Failure?.Message;
        var detail = Options.Token is not { Length: > 0 }
            ? "No administrator token is configured on this server: set Admin:Token, then sign in with it."
            : failure is not null
                ? $"{failure} Sign in with the server's Admin:Token."
                : "Sign in with the administrator token (Authorization: Bearer, the server's Admin:Token).";
        await Results.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized, title: "Sign in as the administrator", extensions: new Dictionary<string, object?> { ["code"] = "sign-in-required" })
            .ExecuteAsync(Context).ConfigureAwait(false);
    }
}
