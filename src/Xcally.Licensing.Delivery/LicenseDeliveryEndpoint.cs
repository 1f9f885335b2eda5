using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Xcally.Licensing.Issuing.Ledger;

namespace Xcally.Licensing.Delivery;

/// <summary>
/// <c>GET /v1/licenses/{token}</c>: the newest license the ledger holds for the token, byte for byte as
/// issued (docs/license-delivery.md). One indexed lookup per request and nothing else; what was
/// answered is queued for the ledger. The answer for a token the ledger never saw is the same bytes
/// whatever the token, so nobody can tell from it which tokens exist.
/// </summary>
internal static class LicenseDeliveryEndpoint
{
    public const string Route = "/v1/licenses/{token}";
    public const string ContentType = Update.LicenseFetcher.ContentType;

    /// <summary>The longest path segment that can hold a token (a token is far shorter).</summary>
    public const int MaxTokenLength = 128;

    public static IResult Get(string token, HttpContext http, LedgerReader ledger, FetchRecorder recorder, TimeProvider time, ILogger<LedgerReader> logger)
    {
        if (http.Request.ContentLength > 0 || http.Request.Headers.TransferEncoding.Count > 0)
        {
            // Kestrel's body limit applies only to a body that is read, and this endpoint reads none.
            return Problem(StatusCodes.Status413PayloadTooLarge, "body-not-allowed", "A fetch has no body", "Send the GET without a body.");
        }

        if (token.Length > MaxTokenLength || !InstallationToken.TryParse(token, out var parsed))
        {
            return Problem(StatusCodes.Status400BadRequest, "malformed-token", "Not an installation token",
                "The path must end with the server's installation token, as Motion's License page shows it.");
        }

        var canonical = parsed.ToString();
        DeliverableLicense? newest;
        try
        {
            newest = ledger.Newest(canonical);
        }
        catch (System.Data.Common.DbException e)
        {
            logger.LogError("The ledger could not be read: {Message}", e.Message);
            http.Response.Headers.RetryAfter = "60";
            return Problem(StatusCodes.Status503ServiceUnavailable, "ledger-unavailable", "The licensing server cannot read its ledger", "Try again later.");
        }

        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        void Record(FetchOutcome outcome) =>
            recorder.Record(new FetchRecord(canonical, time.GetUtcNow(), outcome, newest?.Serial, newest?.Sha256, client));

        if (newest is null)
        {
            Record(FetchOutcome.UnknownToken);
            return UnknownToken;
        }

        var etag = new EntityTagHeaderValue("\"" + newest.Sha256 + "\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        http.Response.Headers.XContentTypeOptions = "nosniff";
        if (Matches(http.Request.Headers.IfNoneMatch, etag))
        {
            Record(FetchOutcome.NotModified);
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        Record(FetchOutcome.Served);
        return Results.Bytes(newest.File, ContentType);
    }

    /// <summary>The body of every answer for a token the ledger holds no license for.</summary>
    internal static IResult UnknownToken { get; } = Problem(StatusCodes.Status404NotFound, "unknown-token", "No license for this token",
        "The licensing server holds no license for this installation token. If the server changed, ask XCALLY to move the license to its new token.");

    /// <summary>
    /// An RFC 9457 problem, written here rather than by ASP.NET Core's problem details service, which
    /// adds a trace id: the same refusal must be the same bytes every time.
    /// </summary>
    internal static IResult Problem(int status, string code, string title, string detail)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "urn:xcally:license-delivery:" + code);
            json.WriteString("title", title);
            json.WriteNumber("status", status);
            json.WriteString("detail", detail);
            json.WriteString("code", code);
            json.WriteEndObject();
        }

        var body = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        return Results.Content(body, "application/problem+json", System.Text.Encoding.UTF8, status);
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, EntityTagHeaderValue etag)
    {
        if (ifNoneMatch.Count == 0 || !EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        foreach (var tag in tags)
        {
            // If-None-Match compares weakly (RFC 9110 13.1.2): W/"x" matches "x".
            if (tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false))
            {
                return true;
            }
        }

        return false;
    }

}
