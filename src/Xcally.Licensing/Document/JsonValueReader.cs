using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Xcally.Licensing.Document;

/// <summary>
/// Reads typed values out of JSON, strictly, recording a problem that names the field instead of
/// throwing. Shared by the payload reader and the signer's request reader, so a license field and the
/// request field it comes from follow the same rules.
/// </summary>
internal sealed partial class JsonValueReader(List<string> problems)
{
    public IReadOnlyList<string> Problems => problems;

    public long Integer(JsonElement element, string path, long max) => Integer(element, path, 0, max);

    /// <summary>
    /// A JSON number written as plain decimal digits within [min, max]: a fraction, an exponent or a sign
    /// (even "-0", which JSON allows) is refused, so every reader gets the same integer from the same text.
    /// </summary>
    public long Integer(JsonElement element, string path, long min, long max)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) && value >= min && value <= max && !IsNegativeZero(element, value))
        {
            return value;
        }

        problems.Add($"'{path}' must be a whole number from {min} to {max}, written in plain digits.");
        return 0;
    }

    // TryGetInt64 already refuses fractions and exponents; of the signed forms only "-0" reads as in range.
    private static bool IsNegativeZero(JsonElement element, long value)
    {
        if (value != 0)
        {
            return false;
        }

#if NET9_0_OR_GREATER
        return System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element)[0] == (byte)'-';
#else
        return element.GetRawText()[0] == '-';
#endif
    }

    public bool Boolean(JsonElement element, string path)
    {
        if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return element.GetBoolean();
        }

        problems.Add($"'{path}' must be true or false.");
        return false;
    }

    public string Text(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            return element.GetString()!;
        }

        problems.Add($"'{path}' must be a string.");
        return string.Empty;
    }

    public T Name<T>(JsonElement element, string path, WireNames.EnumNames<T> names)
        where T : struct, Enum
    {
        if (names.TryMatch(element, out var value))
        {
            return value;
        }

        var text = Text(element, path);
        problems.Add($"'{path}' is '{text}'; it must be one of: {string.Join(", ", names.All)}.");
        return default;
    }

    /// <summary>
    /// An RFC 3339 timestamp that states its UTC offset; one without is never read as local time. The
    /// grammar applies to the whole unescaped value: nothing may follow the offset, not even a newline.
    /// </summary>
    public DateTimeOffset Timestamp(JsonElement element, string path)
    {
        var text = Text(element, path);
        if (Rfc3339().IsMatch(text) && TryParseTimestamp(text, out var value))
        {
            return value;
        }

        problems.Add($"'{path}' must be an RFC 3339 timestamp with a UTC offset, such as 2027-01-31T00:00:00Z.");
        return default;
    }

    /// <summary>
    /// Reads a timestamp the regex has already shaped, digit by digit: culture-aware parsing would load
    /// culture data on Motion's startup path for a format that has no culture.
    /// </summary>
    private static bool TryParseTimestamp(string text, out DateTimeOffset value)
    {
        value = default;
        int Digits(int start, int count) => int.Parse(text.AsSpan(start, count), NumberStyles.None, CultureInfo.InvariantCulture);
        int year = Digits(0, 4), month = Digits(5, 2), day = Digits(8, 2);
        int hour = Digits(11, 2), minute = Digits(14, 2), second = Digits(17, 2);
        var at = 19;
        long fractionTicks = 0;
        if (text[at] == '.')
        {
            var digits = 0;
            for (at++; char.IsAsciiDigit(text[at]); at++, digits++)
            {
                fractionTicks = (fractionTicks * 10) + (text[at] - '0');
            }

            for (; digits < 7; digits++)
            {
                fractionTicks *= 10;
            }
        }

        var offsetMinutes = 0;
        if (text[at] != 'Z')
        {
            var offsetHours = Digits(at + 1, 2);
            var offsetRest = Digits(at + 4, 2);
            if (offsetHours > 14 || offsetRest > 59 || (offsetHours == 14 && offsetRest > 0))
            {
                return false;
            }

            offsetMinutes = ((offsetHours * 60) + offsetRest) * (text[at] == '-' ? -1 : 1);
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var utcTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        return true;
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
