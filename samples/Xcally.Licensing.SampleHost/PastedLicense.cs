using System.Text;

namespace Xcally.Licensing.SampleHost;

/// <summary>Reads the text an administrator pasted, refusing what cannot be a license before it reaches the library.</summary>
internal static class PastedLicense
{
    /// <summary>The library refuses more than this anyway; reading stops here so a huge body costs nothing.</summary>
    public const int MaxBytes = 64 * 1024;

    public static async Task<(string? Text, string? Problem)> ReadAsync(HttpRequest request)
    {
        var buffer = new byte[MaxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length)).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        if (length > MaxBytes)
        {
            return (null, $"The pasted text is larger than {MaxBytes / 1024} KiB; paste only the license, from its BEGIN line to its END line.");
        }

        if (length == 0)
        {
            return (null, "Nothing was pasted. Paste the license, from its BEGIN line to its END line.");
        }

        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer, 0, length), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, "The pasted text is not UTF-8 text. Paste the license as plain text.");
        }
    }
}
