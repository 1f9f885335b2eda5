using System.Text.Json;
using System.Text.RegularExpressions;

namespace Xcally.Licensing.Fuzz;

/// <summary>
/// Rules of docs/license-format.md section 5 checked again, independently and over the whole payload,
/// for a payload the reader accepted. The reader walks only the members it knows; the format's rules
/// (duplicate or case-variant names, invalid \u escapes, depth) hold for every object and string in the
/// payload, and its timestamps and integers have an exact textual form. A payload the reader accepts
/// and that breaks one of them is a verifier more lenient than the format, which another verifier
/// would refuse.
/// </summary>
internal static partial class PayloadOracle
{
    private static readonly string[] s_integers = ["serial", "lineage", "revision", "graceDays"];
    private static readonly string[] s_timestamps = ["issuedAt", "validFrom", "expiresAt"];
    private static readonly string[] s_arrays = ["channels", "modules", "addOns", "ai", "plugins"];

    [GeneratedRegex(@"\A[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,7})?(Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    // JSON itself rules out leading zeros; the format rules out a fraction and an exponent.
    [GeneratedRegex(@"\A-?[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex Integer();

    public static void CheckAccepted(ReadOnlyMemory<byte> payload)
    {
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            throw new InvariantViolationException("The reader accepted a payload that is not one strict JSON value: " + e.Message, e);
        }

        using (json)
        {
            var root = json.RootElement;
            Invariant.Require(root.ValueKind == JsonValueKind.Object, "The reader accepted a payload that is not an object.");
            Walk(root, depth: 1, path: "$");

            foreach (var name in s_timestamps)
            {
                if (root.TryGetProperty(name, out var value))
                {
                    Invariant.Require(Timestamp().IsMatch(value.GetString()!), $"The reader accepted '{name}' = {value.GetRawText()}, which is not a section 5.1 timestamp.");
                }
            }

            CheckIntegers(root, s_integers);
            CheckIntegers(root.GetProperty("staff"), "admins", "users", "agents", "telephones", "mobileAgents");
            CheckIntegers(root.GetProperty("sessions"), "ivrChannels", "channelSessions");

            foreach (var name in s_arrays)
            {
                var items = root.GetProperty(name).EnumerateArray().Select(item => item.GetString()!).ToList();
                Invariant.Require(items.TrueForAll(item => item.Length is >= 1 and <= 64 && item.All(char.IsAsciiLetterOrDigit)), $"The reader accepted '{name}' with a name that is not 1 to 64 ASCII letters and digits.");
                Invariant.Require(items.Distinct(StringComparer.Ordinal).Count() == items.Count, $"The reader accepted '{name}' with a name listed twice.");
            }
        }
    }

    private static void CheckIntegers(JsonElement parent, params string[] names)
    {
        foreach (var name in names)
        {
            var raw = parent.GetProperty(name).GetRawText();
            Invariant.Require(Integer().IsMatch(raw), $"The reader accepted '{name}' = {raw}, which is not a section 5.1 integer.");
        }
    }

    /// <summary>Every object: no name twice, no two names differing only in case; every string: valid Unicode; depth at most 8.</summary>
    private static void Walk(JsonElement element, int depth, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                Invariant.Require(depth <= 8, $"The reader accepted nesting deeper than 8 levels at {path}.");
                var names = new List<string>();
                foreach (var member in element.EnumerateObject())
                {
                    var name = Decode(() => member.Name, path);
                    Invariant.Require(!names.Contains(name, StringComparer.Ordinal), $"The reader accepted the name '{name}' twice in {path}.");
                    Invariant.Require(!names.Contains(name, StringComparer.OrdinalIgnoreCase), $"The reader accepted names differing only in case ('{name}') in {path}.");
                    names.Add(name);
                    Walk(member.Value, depth + 1, $"{path}.{name}");
                }

                break;
            case JsonValueKind.Array:
                Invariant.Require(depth <= 8, $"The reader accepted nesting deeper than 8 levels at {path}.");
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, depth + 1, $"{path}[{index++}]");
                }

                break;
            case JsonValueKind.String:
                Decode(element.GetString, path);
                break;
        }
    }

    private static string Decode(Func<string?> read, string path)
    {
        try
        {
            return read()!;
        }
        catch (InvalidOperationException e)
        {
            throw new InvariantViolationException($"The reader accepted a \\u escape that is not valid Unicode at {path}.", e);
        }
    }
}
