using System.Text;
using Microsoft.AspNetCore.Http;

namespace Xcally.Licensing.AspNetCore;

/// <summary>Reads a pasted license from a request body: bounded, UTF-8, never trusted.</summary>
internal static class PastedLicenseReader
{
    /// <summary>Far above any license file; the format's own limit is checked again by the verifier.</summary>
    public const int MaxBytes = 64 * 1024;

    public static async Task<(string? Text, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return (null, TooLarge());
        }

        if (length == 0)
        {
            return (null, LicensingProblem.Of(StatusCodes.Status400BadRequest, LicensingProblem.Empty, "Nothing was pasted", "Nothing was pasted. Paste the license, from its BEGIN line to its END line."));
        }

        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, LicensingProblem.Of(StatusCodes.Status400BadRequest, LicensingProblem.NotText, "The pasted text is not text", "The pasted text is not UTF-8 text. Paste the license as plain text."));
        }
    }

    private static IResult TooLarge() =>
        LicensingProblem.Of(StatusCodes.Status413PayloadTooLarge, LicensingProblem.TooLarge, "The pasted text is too large", $"The pasted text is larger than {MaxBytes / 1024} KiB; paste only the license, from its BEGIN line to its END line.");
}
