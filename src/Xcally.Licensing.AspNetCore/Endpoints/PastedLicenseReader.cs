using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Xcally.Licensing.AspNetCore;

/// <summary>
/// Reads a pasted license from a request: the body itself, or the <c>license</c> field of a form (the
/// text, or the file an administrator picked). Bounded, UTF-8, never trusted.
/// </summary>
internal static class PastedLicenseReader
{
    /// <summary>Far above any license file; the format's own limit is checked again by the verifier.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>The form field that holds the license.</summary>
    public const string FieldName = "license";

    /// <summary>A form URL-encodes the text (base64's '+', '/' and '=' become three bytes each) or wraps it in a multipart part.</summary>
    private const int MaxFormBytes = 4 * MaxBytes;

    private static readonly UTF8Encoding s_strictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>The body is already bounded when these apply; they only keep the parser to a small form.</summary>
    private static readonly FormOptions s_formLimits = new()
    {
        BufferBodyLengthLimit = MaxFormBytes + 1,
        MultipartBodyLengthLimit = MaxFormBytes + 1,
        ValueLengthLimit = MaxFormBytes + 1,
        ValueCountLimit = 16,
        KeyLengthLimit = 64,
        MultipartHeadersCountLimit = 8,
        MultipartHeadersLengthLimit = 4096,
    };

    public static async Task<(string? Text, IResult? Problem)> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            return await ReadFormAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge());
        }

        return await ReadTextAsync(request.Body, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(string? Text, IResult? Problem)> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxFormBytes)
        {
            return (null, TooLarge());
        }

        // The whole form is read first, within its bound: then "too large" is told apart from a form
        // that does not parse, and the parser's own limits can never be the ones that speak.
        var (body, length) = await ReadBoundedAsync(request.Body, MaxFormBytes, cancellationToken).ConfigureAwait(false);
        if (length > MaxFormBytes)
        {
            return (null, TooLarge());
        }

        IFormCollection form;
        try
        {
            request.Body = new MemoryStream(body, 0, length, writable: false);
            request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, s_formLimits));
            form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidDataException or IOException or FormatException)
        {
            return (null, LicensingProblem.Of(
                StatusCodes.Status400BadRequest,
                LicensingProblem.MalformedForm,
                "The form could not be read",
                $"The form could not be read. Send the pasted text as the body (Content-Type: text/plain), or as the '{FieldName}' field of a form."));
        }

        if (form.Files.GetFile(FieldName) is { } file)
        {
            if (file.Length > MaxBytes)
            {
                return (null, TooLarge());
            }

            var stream = file.OpenReadStream();
            await using (stream.ConfigureAwait(false))
            {
                return await ReadTextAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }

        var text = form[FieldName].ToString();
        if (Encoding.UTF8.GetByteCount(text) > MaxBytes)
        {
            return (null, TooLarge());
        }

        if (form[FieldName].Count == 0)
        {
            return (null, LicensingProblem.Of(
                StatusCodes.Status400BadRequest,
                LicensingProblem.Empty,
                "Nothing was pasted",
                $"The form has no '{FieldName}' field. Put the pasted license, from its BEGIN line to its END line, in a field named '{FieldName}'."));
        }

        return text.Length == 0 ? (null, NothingPasted()) : (text, null);
    }

    private static async Task<(string? Text, IResult? Problem)> ReadTextAsync(Stream body, CancellationToken cancellationToken)
    {
        var (buffer, length) = await ReadBoundedAsync(body, MaxBytes, cancellationToken).ConfigureAwait(false);
        if (length > MaxBytes)
        {
            return (null, TooLarge());
        }

        if (length == 0)
        {
            return (null, NothingPasted());
        }

        try
        {
            return (s_strictUtf8.GetString(buffer, 0, length), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, LicensingProblem.Of(StatusCodes.Status400BadRequest, LicensingProblem.NotText, "The pasted text is not text", "The pasted text is not UTF-8 text. Paste the license as plain text."));
        }
    }

    /// <summary>Reads at most one byte more than <paramref name="limit"/>, so a longer body is known to be too long without reading it all.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBoundedAsync(Stream body, int limit, CancellationToken cancellationToken)
    {
        var buffer = new byte[limit + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        return (buffer, length);
    }

    private static IResult NothingPasted() =>
        LicensingProblem.Of(StatusCodes.Status400BadRequest, LicensingProblem.Empty, "Nothing was pasted", "Nothing was pasted. Paste the license, from its BEGIN line to its END line.");

    private static IResult TooLarge() =>
        LicensingProblem.Of(StatusCodes.Status413PayloadTooLarge, LicensingProblem.TooLarge, "The pasted text is too large", $"The pasted text is larger than {MaxBytes / 1024} KiB; paste only the license, from its BEGIN line to its END line.");
}
