using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Cli;

/// <summary>
/// <c>serve</c> and what the team reads of it: refusals before the server starts, HTTPS through
/// Kestrel's standard settings, and <c>history</c> answering "when did this server last fetch, and
/// what did it get?".
/// </summary>
public sealed class ServeCommandTests : IDisposable
{
    private readonly SignerDesk _desk = new();

    public void Dispose() => _desk.Dispose();

    [Fact]
    public void Serve_refuses_a_ledger_that_does_not_exist_without_creating_one()
    {
        var missing = _desk.File("nowhere/ledger.db");

        var result = TestSupport.Cli.Run("serve", "--ledger", missing, "--urls", "http://127.0.0.1:0");

        Assert.Equal(ExitCodes.LedgerProblem, result.ExitCode);
        Assert.Equal($"error: there is no ledger at '{missing}': give the ledger the team issues into (--ledger).", result.Error.Trim());
        Assert.False(File.Exists(missing));
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
    }

    [Theory]
    [InlineData("Delivery:PermitsPerMinute", "0", "Delivery:PermitsPerMinute must be between 1 and 100000000; it is 0.")]
    [InlineData("Delivery:Burst", "1000", "Delivery:Burst must be between 1 and Delivery:PermitsPerMinute (60); it is 1000.")]
    [InlineData("Delivery:Permits", "5", "'Permits'")]
    public void Serve_refuses_a_bad_delivery_setting_with_its_name_before_listening(string key, string value, string expected)
    {
        Assert.Equal(0, _desk.Sign("issue", _desk.NewLicenseRequest()).ExitCode);
        var context = new CliContext
        {
            StandardInput = TextReader.Null,
            ShowProgress = false,
            Settings = new Dictionary<string, string?> { ["Signer:LedgerPath"] = _desk.Ledger, [key] = value },
        };

        var result = TestSupport.Cli.Run(context, "serve", "--urls", "http://127.0.0.1:0");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_lists_a_tokens_fetches_after_its_licenses()
    {
        Assert.Equal(0, _desk.Sign("issue", _desk.NewLicenseRequest()).ExitCode);
        await using (var server = await RunningDeliveryServer.StartAsync(_desk.Ledger))
        {
            var license = await server.Client.GetAsync("/v1/licenses/" + SignerDesk.Token, TestContext.Current.CancellationToken);
            using var again = new HttpRequestMessage(HttpMethod.Get, "/v1/licenses/" + SignerDesk.Token);
            again.Headers.IfNoneMatch.Add(license.Headers.ETag!);
            using var notModified = await server.Client.SendAsync(again, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            license.Dispose();
        }

        var text = _desk.Run("history", "--token", SignerDesk.Token);
        var json = _desk.Run("history", "--token", SignerDesk.Token, "--json");

        Assert.Equal(0, text.ExitCode);
        Assert.Contains("last 2 fetches from the delivery server, oldest first:", text.Output, StringComparison.Ordinal);
        Assert.Matches(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ  served serial 100001  from 127\.0\.0\.1", text.Output);
        Assert.Matches(@"up to date with serial 100001  from 127\.0\.0\.1", text.Output);
        var fetches = JsonDocument.Parse(json.Output).RootElement.GetProperty("fetches");
        Assert.Equal(["served", "not-modified"], fetches.EnumerateArray().Select(f => f.GetProperty("outcome").GetString()));
        Assert.Equal("never fetched from the delivery server", _desk.Run("history", "--token", SignerDesk.NewToken).Output.Trim().Split('\n')[^1]);
    }

    [Fact]
    public async Task The_delivery_server_serves_over_https_with_kestrels_standard_certificate_settings()
    {
        Assert.Equal(0, _desk.Sign("issue", _desk.NewLicenseRequest()).ExitCode);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pfx = _desk.File("delivery.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));

        await using var server = await RunningDeliveryServer.StartAsync(_desk.Ledger, settings: new Dictionary<string, string?>
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = pfx,
            ["Kestrel:Endpoints:Https:Certificate:Password"] = "pfx-password",
        });
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, served, _, _) => served?.Thumbprint == certificate.Thumbprint };
        using var https = new HttpClient(handler) { BaseAddress = server.Address };

        using var response = await https.GetAsync("/v1/licenses/" + SignerDesk.Token, TestContext.Current.CancellationToken);

        Assert.Equal("https", server.Address.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("XCALLY Motion license.", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
