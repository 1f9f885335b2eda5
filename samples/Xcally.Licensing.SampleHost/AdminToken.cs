using System.Security.Cryptography;
using System.Text;

namespace Xcally.Licensing.SampleHost;

/// <summary>
/// The administrator credential: a bearer token configured as <c>Admin:Token</c>. Reading the log and
/// replacing the license need it; without a configured token nobody can do either.
/// </summary>
internal sealed class AdminToken(IConfiguration configuration)
{
    private readonly byte[]? _expected = configuration["Admin:Token"] is { Length: > 0 } token ? Encoding.UTF8.GetBytes(token) : null;

    public bool IsConfigured => _expected is not null;

    public bool Allows(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (_expected is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Constant time, so the comparison does not tell how much of a guess was right.
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[scheme.Length..].Trim()), _expected);
    }

    /// <summary>An endpoint filter that answers 401 to anyone without the token.</summary>
    public static async ValueTask<object?> Require(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var admin = context.HttpContext.RequestServices.GetRequiredService<AdminToken>();
        if (!admin.Allows(context.HttpContext.Request))
        {
            context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            return Results.Json(
                new ApiMessage(admin.IsConfigured ? "Administrator token required." : "No administrator token is configured on this server (Admin:Token)."),
                ApiJsonContext.Default.ApiMessage,
                statusCode: StatusCodes.Status401Unauthorized);
        }

        return await next(context).ConfigureAwait(false);
    }
}
