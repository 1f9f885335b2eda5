using System.Net;
using Xcally.Licensing.Tests.TestSupport;
using static Xcally.Licensing.Tests.TestSupport.MotionWithLicensingApi;

namespace Xcally.Licensing.Tests.AspNetCore;

/// <summary>The License page as MapXcallyLicensing serves it: from the package itself, behind a policy, locked down.</summary>
public sealed class LicensingPageTests : IDisposable
{
    private readonly LicensingHarness _motion = new();

    public void Dispose() => _motion.Dispose();

    [Fact]
    public async Task The_page_is_served_under_the_API_by_default_and_calls_the_API_where_it_is_mapped()
    {
        await using var api = await StartAsync(_motion);

        using var response = await api.Client.SendAsync(As("reader", HttpMethod.Get, "/api/license/page"), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<meta name=\"xcally-licensing-api\" content=\"/api/license\">", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/api/license/page/_license/license.js\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_forbids_inline_script_framing_and_every_other_origin()
    {
        await using var api = await StartAsync(_motion);

        using var response = await api.Client.SendAsync(As("reader", HttpMethod.Get, "/api/license/page"), TestContext.Current.CancellationToken);

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("/api/license/page")]
    [InlineData("/api/license/page/_license/license.js")]
    [InlineData("/api/license/page/_license/license.css")]
    public async Task Without_its_own_policy_the_page_needs_the_read_policy(string path)
    {
        await using var api = await StartAsync(_motion);

        using var anonymous = await api.Client.SendAsync(As(null, HttpMethod.Get, path), TestContext.Current.CancellationToken);
        using var guest = await api.Client.SendAsync(As("guest", HttpMethod.Get, path), TestContext.Current.CancellationToken);
        using var reader = await api.Client.SendAsync(As("reader", HttpMethod.Get, path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, guest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reader.StatusCode);
    }

    [Theory]
    [InlineData("license.js", "text/javascript")]
    [InlineData("license.css", "text/css")]
    public async Task The_script_and_the_style_sheet_are_revalidated_by_their_entity_tag(string asset, string mediaType)
    {
        await using var api = await StartAsync(_motion);

        using var first = await api.Client.SendAsync(As("reader", HttpMethod.Get, $"/api/license/page/_license/{asset}"), TestContext.Current.CancellationToken);
        var again = As("reader", HttpMethod.Get, $"/api/license/page/_license/{asset}");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await api.Client.SendAsync(again, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(mediaType, first.Content.Headers.ContentType?.MediaType);
        Assert.True((await first.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Length > 100);
        Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task A_host_places_the_page_at_its_own_path_under_its_own_policy()
    {
        await using var api = await StartAsync(_motion, map: Mapped("/api/license", o =>
        {
            o.PagePath = "/";
            o.PagePolicy = ChangePolicy;
        }));

        using var reader = await api.Client.SendAsync(As("reader", HttpMethod.Get, "/"), TestContext.Current.CancellationToken);
        using var admin = await api.Client.SendAsync(As("admin", HttpMethod.Get, "/"), TestContext.Current.CancellationToken);
        using var script = await api.Client.SendAsync(As("admin", HttpMethod.Get, "/_license/license.js"), TestContext.Current.CancellationToken);
        using var old = await api.Client.SendAsync(As("admin", HttpMethod.Get, "/api/license/page"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("src=\"/_license/license.js\"", await admin.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    [Fact]
    public async Task A_host_with_its_own_page_maps_only_the_API()
    {
        await using var api = await StartAsync(_motion, map: Mapped("/api/license", o => o.MapPage = false));

        using var page = await api.Client.SendAsync(As("admin", HttpMethod.Get, "/api/license/page"), TestContext.Current.CancellationToken);
        using var status = await api.Client.SendAsync(As("admin", HttpMethod.Get, "/api/license"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task A_page_cannot_be_mapped_under_a_prefix_with_route_parameters()
    {
        var error = await MappingErrorAsync(Mapped("/tenants/{tenant}/license"));

        Assert.IsType<ArgumentException>(error);
        Assert.Contains("MapPage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Behind_a_path_base_the_page_calls_the_API_under_it_with_the_path_encoded()
    {
        // A reverse proxy's prefix is not the package's to trust: a quote in it must not end the attribute.
        await using var api = await StartAsync(_motion, pathBase: "/motion\"x");

        using var response = await api.Client.SendAsync(As("reader", HttpMethod.Get, "/motion%22x/api/license/page"), TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<meta name=\"xcally-licensing-api\" content=\"/motion&quot;x/api/license\">", html, StringComparison.Ordinal);
        Assert.Contains("src=\"/motion&quot;x/api/license/page/_license/license.js\"", html, StringComparison.Ordinal);
    }
}
