using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Xcally.Licensing.Format;

namespace Xcally.Licensing.Update;

/// <summary>
/// One fetch from the delivery server (docs/license-delivery.md): <c>GET /v1/licenses/{token}</c> with
/// the installed file's entity tag. What comes back is untrusted: the body is read up to the format's
/// size limit and no further, and whatever it is, only <see cref="LicensingService"/>'s install path
/// decides. Never throws for what the network does.
/// </summary>
internal sealed class LicenseFetcher(HttpClient http, Uri endpoint)
{
    public const string ContentType = "application/x-xcally-license";

    public async Task<FetchResult> FetchAsync(string token, string? installedSha256, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint, "v1/licenses/" + Uri.EscapeDataString(token)));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ContentType));
        if (installedSha256 is not null)
        {
            request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"" + installedSha256 + "\""));
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            switch (response.StatusCode)
            {
                case HttpStatusCode.NotModified:
                    return FetchResult.NotModified;
                case HttpStatusCode.NotFound:
                    return FetchResult.NoLicense;
                case HttpStatusCode.OK:
                    return await ReadLicenseAsync(response, cancellationToken).ConfigureAwait(false);
                default:
                    return FetchResult.Failed($"the licensing server answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException)
        {
            return FetchResult.Failed("the licensing server did not answer in time");
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse || e.InnerException is IOException)
        {
            return FetchResult.Failed($"the connection broke before the whole answer arrived ({e.InnerException?.Message ?? e.Message})");
        }
        catch (HttpRequestException e)
        {
            return FetchResult.Failed($"the licensing server could not be reached ({Describe(e)})");
        }
        catch (IOException e)
        {
            // HttpIOException included: the body stopped short of its length, or the connection was reset.
            return FetchResult.Failed($"the connection broke before the whole answer arrived ({e.Message})");
        }
        catch (Polly.CircuitBreaker.BrokenCircuitException)
        {
            return FetchResult.Failed("the licensing server failed several times in a row; checks pause for a while");
        }
    }

    private static async Task<FetchResult> ReadLicenseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        if (!string.Equals(type, ContentType, StringComparison.OrdinalIgnoreCase))
        {
            return FetchResult.Failed($"the licensing server answered with {(type is null ? "no content type" : $"'{type}'")}, not a license");
        }

        const int limit = LicenseArmor.MaxInputLength;
        if (response.Content.Headers.ContentLength > limit)
        {
            return FetchResult.Failed($"the licensing server sent {response.Content.Headers.ContentLength} bytes, more than a license can be ({limit})");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[limit + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            if (length > limit)
            {
                return FetchResult.Failed($"the licensing server sent more than a license can be ({limit} bytes)");
            }

            try
            {
                return FetchResult.License(new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length));
            }
            catch (DecoderFallbackException)
            {
                return FetchResult.Failed("the licensing server sent bytes that are not text, not a license");
            }
        }
    }

    private static string Describe(HttpRequestException e) =>
        e.InnerException is SocketException socket ? socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData => "its name does not resolve",
            SocketError.TimedOut => "the connection timed out",
            SocketError.ConnectionReset => "the connection was reset",
            SocketError.NetworkUnreachable or SocketError.HostUnreachable => "the network is unreachable",
            _ => socket.Message,
        }
        : e.Message;
}
