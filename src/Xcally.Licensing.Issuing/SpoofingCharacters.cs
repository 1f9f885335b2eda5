using System.Buffers;
using System.Globalization;
using System.Text;

namespace Xcally.Licensing.Issuing;

/// <summary>
/// Characters that change how the text around them is displayed, or that cannot be seen: bidirectional
/// controls (with U+202E where <c>\u202E</c> stands, <c>Acme \u202Egnp.exe</c> shows as
/// <c>Acme exe.png</c>), line and paragraph separators, C0 and C1 controls (a terminal escape sequence
/// starts with U+001B), every other format character (zero-width spaces and joiners, the byte-order
/// mark, tag characters), spaces other than U+0020, private-use and unassigned code points, invisible
/// fillers, and lone surrogates (docs/signer.md, "Names"). The signer refuses to issue them in any
/// name; every command shows them escaped (<c>\u202E</c>).
/// </summary>
internal static class SpoofingCharacters
{
    /// <summary>What kind of spoofing character <paramref name="rune"/> is, or <see langword="null"/> for an ordinary character.</summary>
    public static string? Classify(Rune rune)
    {
        var value = rune.Value;
        if (value == ' ')
        {
            return null;
        }

        if (value is 0x061C or 0x200E or 0x200F or (>= 0x202A and <= 0x202E) or (>= 0x2066 and <= 0x2069))
        {
            return "a bidirectional control";
        }

        switch (Rune.GetUnicodeCategory(rune))
        {
            case UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator:
                return "a line or paragraph separator";
            case UnicodeCategory.Control:
                return "a control character";
            case UnicodeCategory.Format:
                return "an invisible formatting character";
            case UnicodeCategory.SpaceSeparator:
                return "a space other than U+0020";
            case UnicodeCategory.PrivateUse:
                return "a private-use character";
            case UnicodeCategory.OtherNotAssigned:
                return "a code point Unicode does not assign";
        }

        // Default-ignorable or blank characters outside the format category: they render as nothing
        // (or as a blank), so two names that differ only by them look the same.
        return value is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or (>= 0x180B and <= 0x180F) or 0x2800 or 0x3164 or
            (>= 0xFE00 and <= 0xFE0F) or 0xFFA0 or (>= 0xE0100 and <= 0xE01EF)
            ? "an invisible character"
            : null;
    }

    /// <summary>
    /// Why <paramref name="text"/> cannot be issued in the field <paramref name="field"/>: its first
    /// spoofing character, by code point and position; or <see langword="null"/> if it holds none.
    /// </summary>
    public static string? Problem(string field, string text)
    {
        var position = 0;
        (int Position, int CodePoint, string Kind)? first = null;
        var count = 0;
        for (var i = 0; i < text.Length;)
        {
            position++;
            var kind = Next(text, i, out var codePoint, out var length);
            i += length;
            if (kind is not null)
            {
                first ??= (position, codePoint, kind);
                count++;
            }
        }

        if (first is not { } found)
        {
            return null;
        }

        var more = count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ({count - 1} more in this field)") : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{field}: character {found.Position} is U+{found.CodePoint:X4}, {found.Kind}{more}. A license may not carry it: it can make the text display as something else wherever the license is shown. Remove it.");
    }

    /// <summary>The problems of every text field of <paramref name="license"/> that ends up in the file or its summary lines.</summary>
    public static List<string> Problems(LicenseDocument license)
    {
        var fields = new[] { ("customer.name", license.Customer.Name), ("customer.email", license.Customer.Email), ("token", license.Token), ("plan", license.Plan ?? string.Empty) };
        return [.. fields.Select(f => Problem(f.Item1, f.Item2)).OfType<string>()];
    }

    /// <summary>
    /// <paramref name="text"/> with every spoofing character written as an escape: <c>\u202E</c>, or
    /// <c>\u{E0041}</c> beyond U+FFFF. Line ends (LF, CR LF) are escaped too unless <paramref name="keepLineEnds"/>.
    /// </summary>
    public static string Escape(ReadOnlySpan<char> text, bool keepLineEnds = false)
    {
        StringBuilder? escaped = null;
        var copied = 0;
        for (var i = 0; i < text.Length;)
        {
            var kind = Next(text, i, out var codePoint, out var length);
            if (kind is not null && !(keepLineEnds && IsLineEnd(text, i)))
            {
                escaped ??= new StringBuilder(text.Length + 16);
                escaped.Append(text[copied..i]);
                if (codePoint > 0xFFFF)
                {
                    escaped.Append(CultureInfo.InvariantCulture, $"\\u{{{codePoint:X}}}");
                }
                else
                {
                    escaped.Append(CultureInfo.InvariantCulture, $"\\u{codePoint:X4}");
                }

                copied = i + length;
            }

            i += length;
        }

        return escaped is null ? text.ToString() : escaped.Append(text[copied..]).ToString();
    }

    private static bool IsLineEnd(ReadOnlySpan<char> text, int index) =>
        text[index] == '\n' || (text[index] == '\r' && index + 1 < text.Length && text[index + 1] == '\n');

    /// <summary>The character at <paramref name="index"/>: its kind (null if ordinary), code point and length in UTF-16 units.</summary>
    private static string? Next(ReadOnlySpan<char> text, int index, out int codePoint, out int length)
    {
        if (Rune.DecodeFromUtf16(text[index..], out var rune, out length) != OperationStatus.Done)
        {
            // A surrogate without its partner is not a character at all; it is shown by its value.
            codePoint = text[index];
            length = 1;
            return "a lone surrogate";
        }

        codePoint = rune.Value;
        return Classify(rune);
    }
}
