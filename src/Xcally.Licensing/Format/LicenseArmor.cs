using System.Buffers;
// Paste-safe ASCII armor (docs/license-format.md, "The armor"):
//
//   <untrusted summary lines, any text>
//   -----BEGIN XCALLY LICENSE-----
//   <base64 of the envelope, RFC 4648 standard alphabet with padding, 64 characters a line>
//   -----END XCALLY LICENSE-----
//
// Reading undoes what email clients and ticket systems do to text, and nothing else: line endings,
// re-wrapping, indentation, "> " quoting, and invisible characters (no-break and zero-width spaces,
// soft hyphens, byte-order marks). That leniency cannot make a forgery verify, because the signature
// covers the decoded bytes, and the decoded bytes are accepted only in canonical base64.

using System.Text;

namespace Xcally.Licensing.Format;

internal static class LicenseArmor
{
    public const string BeginMarker = "-----BEGIN XCALLY LICENSE-----";
    public const string EndMarker = "-----END XCALLY LICENSE-----";
    public const int LineLength = 64;

    /// <summary>The largest input read at all, in characters (or bytes); checked before anything is decoded.</summary>
    public const int MaxInputLength = 64 * 1024;

    /// <summary>Characters that mail and chat clients insert invisibly; they are removed wherever they stand.</summary>
    public static ReadOnlySpan<char> InvisibleCharacters =>
    [
        '\u00A0', // no-break space
        '\u00AD', // soft hyphen
        '\u2007', // figure space
        '\u200B', // zero-width space
        '\u200C', // zero-width non-joiner
        '\u200D', // zero-width joiner
        '\u2060', // word joiner
        '\u202F', // narrow no-break space
        '\uFEFF', // byte-order mark / zero-width no-break space
    ];

    public enum Outcome
    {
        Found,
        NotFound,
        Truncated,
        MultipleBlocks,
        Damaged,
    }

    public static string Write(ReadOnlySpan<byte> envelope, IEnumerable<string> summaryLines)
    {
        var text = new StringBuilder();
        foreach (var line in summaryLines)
        {
            text.Append(line).Append('\n');
        }

        text.Append(BeginMarker).Append('\n');
        var base64 = Convert.ToBase64String(envelope);
        for (var i = 0; i < base64.Length; i += LineLength)
        {
            text.Append(base64, i, Math.Min(LineLength, base64.Length - i)).Append('\n');
        }

        text.Append(EndMarker).Append('\n');
        return text.ToString();
    }

    public static Outcome TryRead(ReadOnlySpan<char> text, out byte[] envelope, out string detail)
    {
        envelope = [];

        // One pass, no per-line strings: the block's base64 is gathered into a pooled buffer. The input
        // is capped (MaxInputLength) before it gets here, so the buffers are bounded.
        var base64Buffer = ArrayPool<char>.Shared.Rent(Math.Max(text.Length, 4));
        var scratch = ArrayPool<char>.Shared.Rent(Math.Max(text.Length, 4));
        try
        {
            int lineNumber = 0, beginLine = -1, beginCount = 0, base64Length = 0;
            bool blockEnded = false, endSeen = false;
            string? damage = null;

            // Lines end at LF, CR LF or a lone CR, and nowhere else: the format names exactly which
            // characters a verifier tolerates, so every implementation reads the same text the same way.
            while (true)
            {
                var lineEnd = text.IndexOfAny('\r', '\n');
                var line = Clean(lineEnd < 0 ? text : text[..lineEnd], scratch);
                if (line.SequenceEqual(BeginMarker))
                {
                    beginCount++;
                    beginLine = beginLine < 0 ? lineNumber : beginLine;
                }
                else if (line.SequenceEqual(EndMarker))
                {
                    endSeen = true;
                    blockEnded |= beginLine >= 0;
                }
                else if (beginLine >= 0 && !blockEnded && damage is null)
                {
                    var bad = IndexOfNonBase64(line);
                    if (bad >= 0)
                    {
                        damage = $"line {lineNumber - beginLine} of the license block contains {Describe(line[bad])}, which is never part of a license: the text was altered in transit.";
                    }
                    else
                    {
                        line.CopyTo(base64Buffer.AsSpan(base64Length));
                        base64Length += line.Length;
                    }
                }

                if (lineEnd < 0)
                {
                    break;
                }

                var breakLength = text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n' ? 2 : 1;
                text = text[(lineEnd + breakLength)..];
                lineNumber++;
            }

            if (beginCount > 1)
            {
                detail = $"the text holds {beginCount} licenses; paste exactly one, from its BEGIN line to its END line.";
                return Outcome.MultipleBlocks;
            }

            if (beginLine < 0)
            {
                detail = endSeen
                    ? $"the beginning of the license is missing: no {BeginMarker} line before the END line."
                    : $"no license found: the text has no {BeginMarker} line.";
                return endSeen ? Outcome.Truncated : Outcome.NotFound;
            }

            if (!blockEnded)
            {
                detail = $"the license is cut short: there is no {EndMarker} line after the BEGIN line.";
                return Outcome.Truncated;
            }

            if (damage is not null)
            {
                detail = damage;
                return Outcome.Damaged;
            }

            if (base64Length == 0)
            {
                detail = "the license block is empty.";
                return Outcome.Truncated;
            }

            var body = base64Buffer.AsSpan(0, base64Length);
            var padding = body.Length - body.TrimEnd('=').Length;
            if (body.Length % 4 != 0 || padding > 2 || body[..^padding].Contains('='))
            {
                detail = "the license block has been cut or altered in transit: its text is not whole base64.";
                return Outcome.Damaged;
            }

            var decoded = new byte[(body.Length / 4 * 3) - padding];
            if (!Convert.TryFromBase64Chars(body, decoded, out var written) || written != decoded.Length ||
                !Convert.TryToBase64Chars(decoded, scratch, out var reencoded) || !scratch.AsSpan(0, reencoded).SequenceEqual(body))
            {
                // Unused low bits in the last group must be zero, so each envelope has exactly one text.
                detail = "the license block has been altered in transit: its base64 is not canonical.";
                return Outcome.Damaged;
            }

            envelope = decoded;
            detail = string.Empty;
            return Outcome.Found;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(base64Buffer);
            ArrayPool<char>.Shared.Return(scratch);
        }
    }

    // Plain loops rather than SearchValues: these run once per start, and building the lookup costs more than the scan.
    private static int IndexOfNonBase64(ReadOnlySpan<char> line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsInvisible(char c) => c >= '\u00A0' && InvisibleCharacters.Contains(c);

    /// <summary>
    /// A line as it was before mail got to it: invisible characters removed, then leading spaces, tabs and
    /// "&gt;" quote marks, then trailing spaces and tabs.
    /// </summary>
    private static ReadOnlySpan<char> Clean(ReadOnlySpan<char> line, char[] scratch)
    {
        var hasInvisible = false;
        foreach (var c in line)
        {
            hasInvisible |= IsInvisible(c);
        }

        if (hasInvisible)
        {
            var length = 0;
            foreach (var c in line)
            {
                if (!IsInvisible(c))
                {
                    scratch[length++] = c;
                }
            }

            line = scratch.AsSpan(0, length);
        }

        return line.TrimStart(" \t>").TrimEnd(" \t");
    }

    private static string Describe(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c)
            ? $"the character U+{(int)c:X4}"
            : $"'{c}' (U+{(int)c:X4})";
}
