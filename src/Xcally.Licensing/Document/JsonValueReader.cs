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

    public long Integer(JsonElement element, string path, long max)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var value) && value >= 0 && value <= max)
        {
            return value;
        }

        problems.Add($"'{path}' must be a whole number from 0 to {max}.");
        return 0;
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
        var text = Text(element, path);
        if (names.TryParse(text, out var value))
        {
            return value;
        }

        problems.Add($"'{path}' is '{text}'; it must be one of: {string.Join(", ", names.All)}.");
        return default;
    }

    /// <summary>An RFC 3339 timestamp that states its UTC offset; one without is never read as local time.</summary>
    public DateTimeOffset Timestamp(JsonElement element, string path)
    {
        var text = Text(element, path);
        if (Rfc3339().IsMatch(text) &&
            DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
        {
            return value.ToUniversalTime();
        }

        problems.Add($"'{path}' must be an RFC 3339 timestamp with a UTC offset, such as 2027-01-31T00:00:00Z.");
        return default;
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
