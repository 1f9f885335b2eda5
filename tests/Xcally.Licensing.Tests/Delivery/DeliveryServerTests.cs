using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Xcally.Licensing.Delivery;
using Xcally.Licensing.Format;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Issuing.Requests;
using Xcally.Licensing.Tests.TestSupport;
using static Xcally.Licensing.Tests.TestSupport.DeskOnLedger;

namespace Xcally.Licensing.Tests.Delivery;

/// <summary>
/// The delivery server (docs/license-delivery.md) on a real Kestrel on loopback, over a real ledger the
/// issuing desk signs into: what each token receives, caching, refusals, limits, and the fetch records.
/// </summary>
public sealed class DeliveryServerTests : IDisposable
{
    private readonly DeskOnLedger _desk = new();

    public void Dispose() => _desk.Dispose();

    private static string Path(InstallationToken token) => "/v1/licenses/" + token;

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    [Fact]
    public async Task A_token_receives_its_newest_license_byte_for_byte_with_its_sha256_as_the_entity_tag()
    {
        _desk.Activate();
        _desk.Clock.Advance(TimeSpan.FromDays(2));
        var modified = _desk.Issued(_desk.Desk.Modify(new ModifyRequest(Token, Operator, _desk.Now) { Agents = 40 }));
        await using var server = await RunningDeliveryServer.StartAsync(_desk.LedgerPath);

        using var response = await server.Client.GetAsync(Path(Token), TestContext.Current.CancellationToken);

        var body = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(LicenseDeliveryEndpoint.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetBytes(modified.Text), body);
        Assert.Equal($"\"{Sha256(body)}\"", response.Headers.ETag?.Tag);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal(modified.Sha256, Sha256(body));
    }

    [Theory]
    [InlineData("\"{0}\"")]
    [InlineData("W/\"{0}\"")]
    [InlineData("\"something-else\", \"{0}\"")]
    [InlineData("*")]
    public async Task A_client_that_holds_the_newest_license_gets_304_without_a_body(string ifNoneMatch)
    {
        var issued = _desk.Activate();
        await using var server = await RunningDeliveryServer.StartAsync(_desk.LedgerPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, Path(Token));
        request.Headers.TryAddWithoutValidation("If-None-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, ifNoneMatch, issued.Sha256));

        using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal($"\"{issued.Sha256}\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task A_client_that_holds_an_older_license_gets_the_newest_in_full()
    {
        var first = _desk.Activate();
        _desk.Clock.Advance(TimeSpan.FromDays(2));
        var renewed = _desk.Issued(_desk.Desk.Renew(new RenewRequest(Token, Operator, _desk.Now)));
        await using var server = await RunningDeliveryServer.StartAsync(_desk.LedgerPath);
        using var request = new HttpRequestMessage(HttpMethod.Get, Path(Token));
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{first.Sha256}\""));

        using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(renewed.Text, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Every_unknown_token_gets_the_same_404_bytes_so_the_answers_tell_nothing_about_which_tokens_exist()
    {
        _desk.Activate();
        await using var server = await RunningDeliveryServer.StartAsync(_desk.LedgerPath);

        using var first = await server.Client.GetAsync(Path(DemoToken), TestContext.Current.CancellationToken);
        using var second = await server.Client.GetAsync(Path(LicensingHarness.ClonedServerToken), TestContext.Current.CancellationToken);

        var firstBody = await first.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (first.StatusCode, second.StatusCode));
        Assert.Equal(firstBody, await second.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(firstBody);
        Assert.Equal("unknown-token", problem.RootElement.GetProperty("code").GetString());
        Assert.Null(first.Headers.ETag);
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("47S3F-TM9BW-BDSY1-N58Q4-QNCBM-08NSY-000GK-3ZYP5-EG2HA")]
    public async Task A_path_that_is_not_a_token_gets_400_with_a_problem_that_says_so(string path)
    {
        await using var server = await RunningDeliveryServer.StartAsync(_desk.LedgerPath);

        using var response = await server.Client.GetAsync("/v1/licenses/" + path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("malformed-token", problem.RootElement.GetProperty("code").GetString());
        Assert.Contains("installation token", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_deactivation_the_token_receives_the_deactivation()
    {
        _desk.Activate();
        _desk.Clock.Advance(TimeSpan.FromDays(1));
        var deactivation = _desk.Issued(_desk.Desk.Deactivate(new DeactivateRequest(Token, Operator, _desk.Now)));
        await using var server = await RunningDeliveryServer.StartAsync(_desk.LedgerPath);

        var body = await server.Client.GetStringAsync(Path(Token), TestContext.Current.CancellationToken);

        Assert.Equal(deactivation.Text, body);
        Assert.Equal(LicenseKind.Deactivation, UnverifiedLicense.Read(body).License?.Kind);
    }

    [Fact]
    public async Task After_a_move_the_new_token_receives_the_license_and_the_old_token_its_deactivation()
    {
        _desk.Activate();
        _desk.Clock.Advance(TimeSpan.FromDays(1));
        var result = _desk.Desk.Move(new MoveRequest(Token, NewToken, Operator, _desk.Now));
        var moved = _desk.Issued(result);
        await using var server = await RunningDeliveryServer.StartAsync(_desk.LedgerPath);

        var forNew = await server.Client.GetStringAsync(Path(NewToken), TestContext.Current.CancellationToken);
        var forOld = await server.Client.GetStringAsync(Path(Token), TestContext.Current.CancellationToken);

        Assert.Equal(moved.Text, forNew);
        Assert.Equal(Assert.Single(result.Alongside).Text, forOld);
        var old = new LicenseVerifier(TestLicenses.Trusted, _desk.Clock).Verify(forOld);
        Assert.True(old.IsGenuine, old.Reason);
        Assert.Equal((LicenseKind.Deactivation, Token.ToString()), (old.License.Kind, old.License.Token));
    }

    [Fact]
    public async Task Every_fetch_is_recorded_so_history_can_say_when_a_server_last_fetched_and_what_it_got()
    {
        var issued = _desk.Activate();
        await using (var server = await RunningDeliveryServer.StartAsync(_desk.LedgerPath))
        {
            using var served = await server.Client.GetAsync(Path(Token), TestContext.Current.CancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Get, Path(Token));
            request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{issued.Sha256}\""));
            using var notModified = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
            using var unknown = await server.Client.GetAsync(Path(DemoToken), TestContext.Current.CancellationToken);
        }

        var fetches = _desk.Ledger.Fetches(Token.ToString());
        Assert.Equal([FetchOutcome.Served, FetchOutcome.NotModified], fetches.Select(f => f.Outcome));
        Assert.All(fetches, f => Assert.Equal((issued.Entry.Serial, issued.Sha256, "127.0.0.1"), (f.Serial!.Value, f.Sha256, f.Client)));
        var unknownFetch = Assert.Single(_desk.Ledger.Fetches(DemoToken.ToString()));
        Assert.Equal((FetchOutcome.UnknownToken, (long?)null), (unknownFetch.Outcome, unknownFetch.Serial));
    }

    [Fact]
    public async Task A_client_over_its_rate_gets_429_with_a_retry_after()
    {
        _desk.Activate();
        await using var server = await RunningDeliveryServer.StartAsync(_desk.LedgerPath, permitsPerMinute: 60, burst: 3);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await server.Client.GetAsync(Path(Token), TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited?.Dispose();
                limited = response;
            }
            else
            {
                response.Dispose();
            }
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        using var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("rate-limited", problem.RootElement.GetProperty("code").GetString());
        limited.Dispose();
    }

    [Fact]
    public async Task A_request_with_a_body_an_overlong_path_or_too_many_headers_is_refused_before_any_lookup()
    {
        _desk.Activate();
        await using var server = await RunningDeliveryServer.StartAsync(_desk.LedgerPath);

        using var withBody = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Get, Path(Token)) { Content = new StringContent(new string('x', 4096)) }, TestContext.Current.CancellationToken);
        using var longPath = await server.Client.GetAsync("/v1/licenses/" + new string('A', 2000), TestContext.Current.CancellationToken);
        using var manyHeaders = new HttpRequestMessage(HttpMethod.Get, Path(Token));
        for (var i = 0; i < 40; i++)
        {
            manyHeaders.Headers.TryAddWithoutValidation($"X-Filler-{i}", "x");
        }

        using var tooManyHeaders = await server.Client.SendAsync(manyHeaders, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, withBody.StatusCode);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, longPath.StatusCode);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, tooManyHeaders.StatusCode);
        Assert.Empty(_desk.Ledger.Fetches(Token.ToString()));
    }

    [Fact]
    public async Task Only_the_license_route_answers_and_other_methods_are_refused()
    {
        _desk.Activate();
        await using var server = await RunningDeliveryServer.StartAsync(_desk.LedgerPath);

        using var other = await server.Client.GetAsync("/v1/licenses", TestContext.Current.CancellationToken);
        using var post = await server.Client.PostAsync(Path(Token), null, TestContext.Current.CancellationToken);
        using var head = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, Path(Token)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.NotNull(head.Headers.ETag);
    }

    [Fact]
    public void A_ledger_that_does_not_exist_is_refused_with_its_path_and_nothing_is_created()
    {
        var missing = _desk.File("nowhere/ledger.db");

        var error = Assert.Throws<LedgerException>(() => DeliveryServer.Build(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), new DeliveryOptions { LedgerPath = missing }));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }
}
