using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Xcally.Licensing.AspNetCore;

/// <summary>
/// The License page: its HTML, script and style sheet, carried inside the assembly and served by the
/// endpoints mapped here, so the page works in every environment (dotnet run, published, single file)
/// without the host's static files and whatever its web root holds.
/// </summary>
internal static class LicensingPage
{
    /// <summary>Where the script and the style sheet go, under the page's own path.</summary>
    public const string AssetsSegment = "_license";

    /// <summary>
    /// Nothing from anywhere else, no inline script or style, no framing: the page shows names a
    /// signed license chose, and it must not be able to load or run anything they could smuggle in.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly Lazy<string> s_template = new(() => Encoding.UTF8.GetString(Read("index.html")));

    private static readonly FrozenDictionary<string, Asset> s_assets = new Dictionary<string, Asset>
    {
        ["license.js"] = Asset.Load("license.js", "text/javascript; charset=utf-8"),
        ["license.css"] = Asset.Load("license.css", "text/css; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static void Map(IEndpointRouteBuilder endpoints, string pagePath, string apiPrefix, string policy)
    {
        var page = endpoints.MapGroup(pagePath).RequireAuthorization(policy).ExcludeFromDescription();
        var assets = Combine(pagePath, AssetsSegment);

        page.MapGet("/", (HttpContext context) =>
        {
            var pathBase = context.Request.PathBase.Value ?? string.Empty;
            var html = s_template.Value
                .Replace("{{api}}", HtmlEncoder.Default.Encode(pathBase + apiPrefix), StringComparison.Ordinal)
                .Replace("{{assets}}", HtmlEncoder.Default.Encode(pathBase + assets), StringComparison.Ordinal);
            ProtectPage(context.Response.Headers);
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Content(html, "text/html; charset=utf-8");
        }).WithName("XcallyLicensingPage");

        foreach (var (name, asset) in s_assets)
        {
            page.MapGet($"/{AssetsSegment}/{name}", (HttpContext context) =>
            {
                ProtectPage(context.Response.Headers);

                // Revalidated each time: after a package upgrade the page must not run yesterday's script.
                context.Response.Headers.CacheControl = "no-cache";
                return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: asset.EntityTag);
            });
        }
    }

    /// <summary>"/" and "settings" → "/settings"; "/settings/" and "_license" → "/settings/_license".</summary>
    public static string Combine(string path, string segment) => path.TrimEnd('/') + "/" + segment;

    private static void ProtectPage(IHeaderDictionary headers)
    {
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(LicensingPage).Assembly.GetManifestResourceStream("XcallyLicensingPage." + name)
            ?? throw new InvalidOperationException($"The License page's {name} is missing from the assembly: the package is damaged.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed record Asset(byte[] Content, string ContentType, EntityTagHeaderValue EntityTag)
    {
        public static Asset Load(string name, string contentType)
        {
            var content = Read(name);
            var tag = Convert.ToHexString(SHA256.HashData(content).AsSpan(0, 8));
            return new Asset(content, contentType, new EntityTagHeaderValue($"\"{tag}\""));
        }
    }
}
