using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Xcally.Licensing.AspNetCore;
using Xcally.Licensing.Tests.TestSupport;
using static Xcally.Licensing.Tests.TestSupport.MotionWithLicensingApi;

namespace Xcally.Licensing.Tests.AspNetCore;

/// <summary>
/// The licensing API as MapXcallyLicensing maps it, over a real Kestrel server: every endpoint behind
/// the host's policies, every refusal a problem with its code, nothing changed on disk by a refusal.
/// </summary>
public sealed class LicensingEndpointsTests : IDisposable
{
    private readonly LicensingHarness _motion = new();

    public void Dispose() => _motion.Dispose();

    public static TheoryData<string, string, string?> Endpoints() => new()
    {
        { "GET", "/api/license", null },
        { "GET", "/api/license/token", null },
        { "GET", "/api/license/log", null },
        { "GET", "/api/license/update", null },
        { "GET", "/api/license/seats", null },
        { "PUT", "/api/license", "license" },
        { "POST", "/api/license/update", "{}" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_refuses_an_anonymous_caller_with_401(string method, string path, string? body)
    {
        await using var api = await StartAsync(_motion);
        var before = _motion.Snapshot();

        using var response = await api.Client.SendAsync(As(null, new HttpMethod(method), path, Body(body)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, _motion.Snapshot());
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_refuses_a_signed_in_caller_without_the_right_with_403(string method, string path, string? body)
    {
        await using var api = await StartAsync(_motion);
        var before = _motion.Snapshot();

        using var response = await api.Client.SendAsync(As("guest", new HttpMethod(method), path, Body(body)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, _motion.Snapshot());
    }

    [Theory]
    [InlineData("PUT", "/api/license", "license")]
    [InlineData("POST", "/api/license/update", "{}")]
    public async Task A_caller_who_may_only_read_cannot_change_anything(string method, string path, string body)
    {
        await using var api = await StartAsync(_motion);
        var before = _motion.Snapshot();

        using var response = await api.Client.SendAsync(As("reader", new HttpMethod(method), path, Body(body)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, _motion.Snapshot());
    }

    [Fact]
    public async Task A_reader_sees_the_status_and_the_token()
    {
        await using var api = await StartAsync(_motion);

        using var status = await api.Client.SendAsync(As("reader", HttpMethod.Get, "/api/license"), TestContext.Current.CancellationToken);
        using var token = await api.Client.SendAsync(As("reader", HttpMethod.Get, "/api/license/token"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var json = JsonDocument.Parse(await status.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Unlicensed", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(LicensingHarness.ServerToken.ToString(), await token.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_administrator_installs_a_pasted_license_and_the_status_says_active()
    {
        await using var api = await StartAsync(_motion);

        using var response = await api.Client.SendAsync(As("admin", HttpMethod.Put, "/api/license", Text(_motion.License())), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Active", json.RootElement.GetProperty("state").GetString());
        Assert.Equal(LicenseState.Active, api.Licensing.State);
    }

    public static TheoryData<string, HttpStatusCode, string> Refusals() => new()
    {
        { "other token", HttpStatusCode.UnprocessableEntity, "wrong-token" },
        { "damaged", HttpStatusCode.UnprocessableEntity, "not-genuine" },
        { "expired", HttpStatusCode.UnprocessableEntity, "expired" },
        { "empty", HttpStatusCode.BadRequest, "empty" },
        { "not UTF-8", HttpStatusCode.BadRequest, "not-text" },
        { "oversized", HttpStatusCode.RequestEntityTooLarge, "too-large" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_install_is_a_problem_with_its_code_and_changes_nothing(string paste, HttpStatusCode expected, string code)
    {
        await using var api = await StartAsync(_motion);
        api.Licensing.Install(_motion.License());
        var before = _motion.Snapshot();
        HttpContent content = paste switch
        {
            "other token" => Text(_motion.License(LicensingHarness.ClonedServerToken)),
            "damaged" => Text(_motion.License().Replace("A", "B", StringComparison.Ordinal)),
            "expired" => Text(_motion.License(issuedAt: _motion.Clock.GetUtcNow().AddDays(-30), days: 10)),
            "empty" => Text(string.Empty),
            "not UTF-8" => new ByteArrayContent([0xC3, 0x28, 0xFF]),
            _ => Text(new string('x', PastedLicenseReader.MaxBytes + 1)),
        };

        using var response = await api.Client.SendAsync(As("admin", HttpMethod.Put, "/api/license", content), TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        Assert.DoesNotContain("   at ", problem.RootElement.ToString(), StringComparison.Ordinal);
        Assert.Equal(before.Where(f => !f.Key.EndsWith(".log", StringComparison.Ordinal)), _motion.Snapshot().Where(f => !f.Key.EndsWith(".log", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_license_comes_as_the_license_field_of_a_form()
    {
        await using var api = await StartAsync(_motion);
        using var form = new FormUrlEncodedContent([new("license", _motion.License())]);

        using var response = await api.Client.SendAsync(As("admin", HttpMethod.Put, "/api/license", form), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(LicenseState.Active, api.Licensing.State);
    }

    [Fact]
    public async Task A_license_file_comes_as_the_license_part_of_a_multipart_form()
    {
        await using var api = await StartAsync(_motion);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(_motion.License())), "license", "acme.lic" } };

        using var response = await api.Client.SendAsync(As("admin", HttpMethod.Put, "/api/license", form), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(LicenseState.Active, api.Licensing.State);
    }

    public static TheoryData<string, HttpStatusCode, string> FormRefusals() => new()
    {
        { "no license field", HttpStatusCode.BadRequest, "empty" },
        { "empty license field", HttpStatusCode.BadRequest, "empty" },
        { "broken multipart", HttpStatusCode.BadRequest, "malformed-form" },
        { "oversized field", HttpStatusCode.RequestEntityTooLarge, "too-large" },
        { "oversized file", HttpStatusCode.RequestEntityTooLarge, "too-large" },
        { "not UTF-8 file", HttpStatusCode.BadRequest, "not-text" },
    };

    [Theory]
    [MemberData(nameof(FormRefusals))]
    public async Task A_form_without_a_usable_license_field_is_a_problem_with_its_code_and_changes_nothing(string form, HttpStatusCode expected, string code)
    {
        await using var api = await StartAsync(_motion);
        var before = _motion.Snapshot();
        HttpContent content = form switch
        {
            "no license field" => new FormUrlEncodedContent([new("licence", _motion.License())]),
            "empty license field" => new FormUrlEncodedContent([new("license", string.Empty)]),
            "broken multipart" => new StringContent("--x\r\nContent-Disposition: form-data; name=\"license\"\r\n\r\nunterminated", Encoding.UTF8, "multipart/form-data"),
            "oversized field" => new FormUrlEncodedContent([new("license", new string('x', PastedLicenseReader.MaxBytes + 1))]),
            "oversized file" => new MultipartFormDataContent { { new ByteArrayContent(new byte[PastedLicenseReader.MaxBytes + 1]), "license", "big.lic" } },
            _ => new MultipartFormDataContent { { new ByteArrayContent([0xC3, 0x28, 0xFF]), "license", "binary.lic" } },
        };

        using var response = await api.Client.SendAsync(As("admin", HttpMethod.Put, "/api/license", content), TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("detail").GetString()));
        Assert.Equal(before, _motion.Snapshot());
    }

    [Fact]
    public async Task A_body_far_over_the_limit_is_refused_from_its_length_alone()
    {
        await using var api = await StartAsync(_motion);
        using var huge = new ByteArrayContent(new byte[16 * 1024 * 1024]);

        using var response = await api.Client.SendAsync(As("admin", HttpMethod.Put, "/api/license", huge), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("\"code\":\"too-large\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cross_site_form_post_cannot_install_a_license()
    {
        // What a page on another site can make a signed-in administrator's browser send without a
        // preflight: a POST of a form. The install is a PUT, which no browser sends cross-site unasked.
        await using var api = await StartAsync(_motion);
        var before = _motion.Snapshot();
        var post = As("admin", HttpMethod.Post, "/api/license", new FormUrlEncodedContent([new("license", _motion.License())]));
        post.Headers.Add("Origin", "https://attacker.example");
        post.Headers.Add("Sec-Fetch-Site", "cross-site");

        using var response = await api.Client.SendAsync(post, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(LicenseState.Unlicensed, api.Licensing.State);
        Assert.Equal(before, _motion.Snapshot());
    }

    [Fact]
    public async Task Check_now_without_a_JSON_content_type_is_refused_as_a_possible_cross_site_request()
    {
        await using var server = await FaultyLicenseServer.StartAsync();
        await using var api = await StartAsync(_motion, server.Address);

        using var form = await api.Client.SendAsync(As("admin", HttpMethod.Post, "/api/license/update", new FormUrlEncodedContent([])), TestContext.Current.CancellationToken);
        using var text = await api.Client.SendAsync(As("admin", HttpMethod.Post, "/api/license/update", new StringContent("{}", Encoding.UTF8, "text/plain")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Contains("\"code\":\"json-required\"", await form.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(0, server.Requests);
    }

    [Fact]
    public async Task Check_now_runs_the_update_and_answers_its_result()
    {
        await using var server = await FaultyLicenseServer.StartAsync();
        server.Answer = FaultyLicenseServer.License(_motion.License());
        await using var api = await StartAsync(_motion, server.Address);

        using var response = await api.Client.SendAsync(As("admin", HttpMethod.Post, "/api/license/update", new StringContent("{}", Encoding.UTF8, "application/json")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("Installed", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(LicenseState.Active, api.Licensing.State);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task Without_an_update_endpoint_the_update_endpoints_say_how_to_configure_it()
    {
        await using var api = await StartAsync(_motion);

        using var state = await api.Client.SendAsync(As("reader", HttpMethod.Get, "/api/license/update"), TestContext.Current.CancellationToken);
        using var now = await api.Client.SendAsync(As("admin", HttpMethod.Post, "/api/license/update", new StringContent("{}", Encoding.UTF8, "application/json")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, state.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, now.StatusCode);
        Assert.Contains("Licensing:Update:Endpoint", await now.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reader_sees_the_seats_in_use_per_pool_in_the_status_and_on_their_own()
    {
        await using var api = await StartAsync(_motion);
        api.Licensing.Install(_motion.License(agents: 5));
        using var lease = api.Licensing.Seats.TryAcquire(SeatPool.Agents, "agent-1").EnsureAcquired();

        using var seats = await api.Client.SendAsync(As("reader", HttpMethod.Get, "/api/license/seats"), TestContext.Current.CancellationToken);
        using var status = await api.Client.SendAsync(As("reader", HttpMethod.Get, "/api/license"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, seats.StatusCode);
        using var list = JsonDocument.Parse(await seats.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var agents = list.RootElement.EnumerateArray().Single(p => p.GetProperty("pool").GetString() == "Agents");
        Assert.Equal((1, 5, true), (agents.GetProperty("inUse").GetInt32(), agents.GetProperty("licensed").GetInt32(), agents.GetProperty("concurrent").GetBoolean()));
        Assert.Equal(7, list.RootElement.GetArrayLength());
        using var json = JsonDocument.Parse(await status.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(list.RootElement.ToString(), json.RootElement.GetProperty("seats").ToString());
    }

    [Fact]
    public async Task The_log_downloads_as_JSON_lines_with_the_status_first()
    {
        await using var api = await StartAsync(_motion);

        using var response = await api.Client.SendAsync(As("reader", HttpMethod.Get, "/api/license/log"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("license-log-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        var first = (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).Split('\n')[0];
        Assert.Equal("status", JsonDocument.Parse(first).RootElement.GetProperty("event").GetString());
    }

    [Theory]
    [InlineData(null, "changing")]
    [InlineData("reading", null)]
    [InlineData(" ", "changing")]
    public async Task Mapping_the_API_without_both_policies_is_refused(string? read, string? change)
    {
        var error = await MappingErrorAsync(endpoints => endpoints.MapXcallyLicensing("/api/license", o =>
        {
            o.ReadPolicy = read;
            o.ChangePolicy = change;
        }));

        Assert.IsType<ArgumentException>(error);
        Assert.Contains("none of it answers anonymously", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hosts_OpenAPI_document_lists_every_endpoint_with_its_refusals()
    {
        await using var api = await StartAsync(_motion, map: endpoints =>
        {
            Mapped("/api/license")(endpoints);
            endpoints.MapOpenApi();
        }, services: s => s.AddOpenApi());

        using var response = await api.Client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var paths = document.RootElement.GetProperty("paths");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("XcallyLicensingStatus", paths.GetProperty("/api/license").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("XcallyLicensingInstall", paths.GetProperty("/api/license").GetProperty("put").GetProperty("operationId").GetString());
        Assert.True(paths.GetProperty("/api/license").GetProperty("put").GetProperty("responses").TryGetProperty("422", out _));
        Assert.Equal("XcallyLicensingToken", paths.GetProperty("/api/license/token").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("XcallyLicensingLog", paths.GetProperty("/api/license/log").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("XcallyLicensingUpdateNow", paths.GetProperty("/api/license/update").GetProperty("post").GetProperty("operationId").GetString());
        Assert.Equal("XcallyLicensingUpdateStatus", paths.GetProperty("/api/license/update").GetProperty("get").GetProperty("operationId").GetString());
        Assert.Equal("XcallyLicensingSeats", paths.GetProperty("/api/license/seats").GetProperty("get").GetProperty("operationId").GetString());
    }

    private static HttpContent? Body(string? text) => text is null ? null : Text(text);

    private static StringContent Text(string text) => new(text, Encoding.UTF8, new MediaTypeHeaderValue("text/plain"));
}
