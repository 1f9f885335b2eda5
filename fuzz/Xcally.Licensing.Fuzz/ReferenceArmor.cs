using Xcally.Licensing.Format;

namespace Xcally.Licensing.Fuzz;

/// <summary>
/// docs/license-format.md section 2.2 written as plainly as it reads: split, clean, find, check, join,
/// decode. The library's reader is one optimized pass over pooled buffers; the armor harness compares
/// the two, so any input where the fast reader and the text disagree is a crash. Slow on purpose.
/// </summary>
internal static class ReferenceArmor
{
    private static readonly char[] s_invisible = ['\u00A0', '\u00AD', '\u2007', '\u200B', '\u200C', '\u200D', '\u2060', '\u202F', '\uFEFF'];

    public static LicenseArmor.Outcome Read(string text, out byte[] envelope)
    {
        envelope = [];

        // Steps 1 and 2: lines at LF, CR LF or a lone CR; each cleaned.
        var lines = SplitLines(text).Select(Clean).ToList();

        // Step 3: find the block.
        var begins = lines.Count(line => line == LicenseArmor.BeginMarker);
        if (begins > 1)
        {
            return LicenseArmor.Outcome.MultipleBlocks;
        }

        if (begins == 0)
        {
            return lines.Contains(LicenseArmor.EndMarker) ? LicenseArmor.Outcome.Truncated : LicenseArmor.Outcome.NotFound;
        }

        var begin = lines.IndexOf(LicenseArmor.BeginMarker);
        var end = lines.IndexOf(LicenseArmor.EndMarker, begin + 1);
        if (end < 0)
        {
            return LicenseArmor.Outcome.Truncated;
        }

        var body = lines.GetRange(begin + 1, end - begin - 1);

        // Step 4: only the base64 alphabet and '='.
        if (body.Exists(line => line.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))))
        {
            return LicenseArmor.Outcome.Damaged;
        }

        // Step 5: join.
        var joined = string.Concat(body);
        if (joined.Length == 0)
        {
            return LicenseArmor.Outcome.Truncated;
        }

        // Step 6: strict, canonical decoding.
        var padding = joined.Length - joined.TrimEnd('=').Length;
        if (joined.Length % 4 != 0 || padding > 2 || joined[..^padding].Contains('=', StringComparison.Ordinal))
        {
            return LicenseArmor.Outcome.Damaged;
        }

        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(joined);
        }
        catch (FormatException)
        {
            return LicenseArmor.Outcome.Damaged;
        }

        if (Convert.ToBase64String(decoded) != joined)
        {
            return LicenseArmor.Outcome.Damaged;
        }

        envelope = decoded;
        return LicenseArmor.Outcome.Found;
    }

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\r' or '\n')
            {
                lines.Add(text[start..i]);
                if (text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                start = i + 1;
            }
        }

        lines.Add(text[start..]);
        return lines;
    }

    private static string Clean(string line)
    {
        foreach (var c in s_invisible)
        {
            line = line.Replace(c.ToString(), string.Empty, StringComparison.Ordinal);
        }

        return line.TrimStart(' ', '\t', '>').TrimEnd(' ', '\t');
    }
}
