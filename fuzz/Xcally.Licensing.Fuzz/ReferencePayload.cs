using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Xcally.Licensing.Fuzz;

/// <summary>
/// docs/license-format.md section 5 (with 6.3 for <c>critical</c>) written as plainly as it reads, on
/// System.Text.Json's DOM: phase A over the whole payload, then B, C and D. It decides what the payload
/// harness compares the library's reader with, in both directions: a payload the reader accepts and the
/// text refuses is a verifier more lenient than the format, and one it refuses that the text accepts
/// is a license another verifier would take. It shares no code with the library, and is slow on purpose.
/// </summary>
internal static partial class ReferencePayload
{
    public enum Verdict
    {
        Parsed,
        Malformed,
        NeedsNewerVerifier,
    }

    private const long MaxSerial = (1L << 53) - 1;
    private const int MaxCount = 1_000_000;

    /// <summary>The members of the table in 5.1.</summary>
    private static readonly string[] s_known =
    [
        "serial", "lineage", "revision", "kind", "issuedAt", "validFrom", "expiresAt", "graceDays", "token", "customer",
        "plan", "billing", "supportPlan", "staff", "channels", "modules", "sessions", "addOns", "ai", "plugins",
        "softwareUpdate", "appZone", "critical",
    ];

    private static readonly string[] s_required =
    [
        "serial", "lineage", "revision", "kind", "issuedAt", "validFrom", "graceDays", "token", "customer", "staff",
        "channels", "modules", "sessions", "addOns", "ai", "plugins", "softwareUpdate", "appZone",
    ];

    private static readonly string[] s_staff = ["admins", "users", "agents", "telephones", "mobileAgents"];
    private static readonly string[] s_sessions = ["ivrChannels", "channelSessions"];

    /// <summary>Each list of names and the names this version knows in it (5.1).</summary>
    public static readonly (string List, string[] Names)[] Lists =
    [
        ("channels", ["voice", "chat", "email", "sms", "fax", "openChannel", "whatsApp"]),
        ("modules", ["contactsManager", "dialer", "jscripty", "inspectors", "multiprofile", "timings"]),
        ("addOns", ["webRtc", "windowsPhonebar", "customization", "screenRecording", "realTimeTranslator"]),
        ("ai", ["aiBots", "aiAssistants", "agentAssistants", "qualityAnalysisVoice", "qualityAnalysisDigital"]),
        ("plugins", ["dataRetention", "botify", "queueManager", "schedulease"]),
    ];

    [GeneratedRegex(@"\A([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,7})?(Z|([+-])([0-9]{2}):([0-9]{2}))\z", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"\A(0|[1-9][0-9]*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    [GeneratedRegex(@"\A[A-Z0-9]+(-[A-Z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Plan();

    /// <summary>What section 5 decides for <paramref name="payload"/>; for a parsed one, the values it holds.</summary>
    public static Verdict Read(ReadOnlyMemory<byte> payload, out Values? values, out string why)
    {
        values = null;
        var bytes = payload.Span;
        if (bytes.StartsWith("\uFEFF"u8) || !Utf8.IsValid(bytes))
        {
            why = "a byte-order mark or invalid UTF-8";
            return Verdict.Malformed;
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException)
        {
            why = "not one RFC 8259 JSON text";
            return Verdict.Malformed;
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                why = "not an object";
                return Verdict.Malformed;
            }

            // Phase A.
            if (PhaseA(root, depth: 1) is { } problem)
            {
                why = problem;
                return Verdict.Malformed;
            }

            // Phases B and C.
            if (root.TryGetProperty("critical", out var critical))
            {
                if (critical.ValueKind != JsonValueKind.Array || critical.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
                {
                    why = "'critical' is not an array of strings";
                    return Verdict.Malformed;
                }

                var names = critical.EnumerateArray().Select(item => item.GetString()!).ToList();
                if (names.Distinct(StringComparer.Ordinal).Count() != names.Count || names.Exists(name => !root.TryGetProperty(name, out _)))
                {
                    why = "'critical' repeats a name or names a member that is not there";
                    return Verdict.Malformed;
                }

                if (names.Exists(name => !s_known.Contains(name, StringComparer.Ordinal)))
                {
                    why = "'critical' names a member this version does not know";
                    return Verdict.NeedsNewerVerifier;
                }
            }

            // Phase D.
            try
            {
                values = PhaseD(root);
                why = string.Empty;
                return Verdict.Parsed;
            }
            catch (RuleException e)
            {
                why = e.Message;
                return Verdict.Malformed;
            }
        }
    }

    /// <summary>The first phase-A rule broken at or below <paramref name="element"/>, or null.</summary>
    private static string? PhaseA(JsonElement element, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (depth > 8)
                {
                    return "nested deeper than 8 levels";
                }

                var names = new List<string>();
                foreach (var member in element.EnumerateObject())
                {
                    if (!TryDecode(() => member.Name, out var name))
                    {
                        return "a member name that is not Unicode";
                    }

                    if (names.Exists(other => AsciiFold(other) == AsciiFold(name)))
                    {
                        return $"the name '{name}' twice, or in two ASCII cases";
                    }

                    names.Add(name);
                    if (PhaseA(member.Value, depth + 1) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                if (depth > 8)
                {
                    return "nested deeper than 8 levels";
                }

                foreach (var item in element.EnumerateArray())
                {
                    if (PhaseA(item, depth + 1) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.String:
                return TryDecode(element.GetString, out _) ? null : "a string that is not Unicode";
            default:
                return null;
        }
    }

    private static Values PhaseD(JsonElement root)
    {
        foreach (var name in s_required)
        {
            Require(root.TryGetProperty(name, out _), $"'{name}' is missing");
        }

        var customer = Object(root, "customer", ["name", "email"]);
        var staff = Object(root, "staff", s_staff);
        var sessions = Object(root, "sessions", s_sessions);
        var unrecognized = new List<string>();
        unrecognized.AddRange(root.EnumerateObject().Select(m => m.Name).Where(n => !s_known.Contains(n, StringComparer.Ordinal)));
        unrecognized.AddRange(customer.EnumerateObject().Select(m => m.Name).Where(n => n is not ("name" or "email")).Select(n => "customer." + n));
        unrecognized.AddRange(staff.EnumerateObject().Select(m => m.Name).Where(n => !s_staff.Contains(n)).Select(n => "staff." + n));
        unrecognized.AddRange(sessions.EnumerateObject().Select(m => m.Name).Where(n => !s_sessions.Contains(n)).Select(n => "sessions." + n));

        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (list, _) in Lists)
        {
            var array = root.GetProperty(list);
            Require(array.ValueKind == JsonValueKind.Array, $"'{list}' is not an array");
            var items = new List<string>();
            foreach (var item in array.EnumerateArray())
            {
                Require(item.ValueKind == JsonValueKind.String, $"'{list}' holds a non-string");
                var name = item.GetString()!;
                Require(name.Length is >= 1 and <= 64 && name.All(char.IsAsciiLetterOrDigit), $"'{list}' holds '{name}'");
                Require(!items.Contains(name, StringComparer.Ordinal), $"'{list}' holds '{name}' twice");
                items.Add(name);
            }

            lists[list] = items;
        }

        var values = new Values
        {
            Serial = Integer(root, "serial", 1, MaxSerial),
            Lineage = Integer(root, "lineage", 1, MaxSerial),
            Revision = Integer(root, "revision", 1, int.MaxValue),
            Kind = OneOf(root, "kind", "subscription", "demo", "deactivation")!,
            IssuedAt = Instant(root, "issuedAt")!.Value,
            ValidFrom = Instant(root, "validFrom")!.Value,
            ExpiresAt = root.TryGetProperty("expiresAt", out _) ? Instant(root, "expiresAt") : null,
            GraceDays = Integer(root, "graceDays", 0, 30),
            Token = Text(root, "token")!,
            CustomerName = Text(customer, "name")!,
            CustomerEmail = Text(customer, "email")!,
            Plan = root.TryGetProperty("plan", out _) ? Text(root, "plan") : null,
            Billing = root.TryGetProperty("billing", out _) ? OneOf(root, "billing", "monthly", "annual") : null,
            SupportPlan = root.TryGetProperty("supportPlan", out _) ? OneOf(root, "supportPlan", "silver", "platinum") : null,
            Staff = [.. s_staff.Select(name => Integer(staff, name, 0, MaxCount))],
            Sessions = [.. s_sessions.Select(name => Integer(sessions, name, 0, MaxCount))],
            Lists = lists,
            SoftwareUpdate = Boolean(root, "softwareUpdate"),
            AppZone = Boolean(root, "appZone"),
            UnrecognizedFields = unrecognized,
            UnrecognizedEntitlements = [.. Lists.SelectMany(l => lists[l.List].Where(n => !l.Names.Contains(n, StringComparer.Ordinal)).Select(n => $"{l.List}/{n}"))],
        };

        // 5.3.
        Require(values.ExpiresAt is null || values.ExpiresAt > values.ValidFrom, "expiresAt is not later than validFrom");
        Require(values.Token.Length <= 128 && Token().IsMatch(values.Token), "the token breaks its rule");
        var customerName = Runes(values.CustomerName);
        Require(customerName.Count is >= 1 and <= 200 && !customerName.Exists(IsControl) && !IsSpace(customerName[0]) && !IsSpace(customerName[^1]), "customer.name breaks its rule");
        var email = Runes(values.CustomerEmail);
        var at = email.FindIndex(r => r.Value == '@');
        var dot = at < 0 ? -1 : email.FindIndex(at + 1, r => r.Value == '.');
        Require(
            email.Count is >= 3 and <= 254 && at > 0 && email.Count(r => r.Value == '@') == 1 && dot > at + 1 && email[^1].Value != '.' &&
            !email.Exists(r => IsSpace(r) || IsControl(r)),
            "customer.email breaks its rule");
        Require(values.Plan is null || (values.Plan.Length <= 64 && Plan().IsMatch(values.Plan)), "plan breaks its rule");
        var admins = values.Staff[0];
        switch (values.Kind)
        {
            case "subscription":
                Require(values.Plan is not null && values.Billing is not null && values.SupportPlan is not null && values.ExpiresAt is not null && admins >= 1, "a subscription breaks its rule");
                break;
            case "demo":
                Require(values.ExpiresAt is not null && values.Billing is null && admins >= 1, "a demo breaks its rule");
                break;
            default:
                Require(
                    values.Staff.All(c => c == 0) && values.Sessions.All(c => c == 0) && lists.Values.All(l => l.Count == 0) && !values.SoftwareUpdate && !values.AppZone,
                    "a deactivation grants something");
                break;
        }

        return values;
    }

    private static JsonElement Object(JsonElement root, string name, string[] members)
    {
        var value = root.GetProperty(name);
        Require(value.ValueKind == JsonValueKind.Object, $"'{name}' is not an object");
        foreach (var member in members)
        {
            Require(value.TryGetProperty(member, out _), $"'{name}.{member}' is missing");
        }

        return value;
    }

    private static long Integer(JsonElement parent, string name, long min, long max)
    {
        var value = parent.GetProperty(name);
        Require(value.ValueKind == JsonValueKind.Number && Digits().IsMatch(value.GetRawText()), $"'{name}' is not plain decimal digits");
        Require(long.TryParse(value.GetRawText(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max, $"'{name}' is out of range");
        return number;
    }

    private static string? Text(JsonElement parent, string name)
    {
        var value = parent.GetProperty(name);
        Require(value.ValueKind == JsonValueKind.String, $"'{name}' is not a string");
        return value.GetString();
    }

    private static string? OneOf(JsonElement parent, string name, params string[] allowed)
    {
        var text = Text(parent, name);
        Require(allowed.Contains(text, StringComparer.Ordinal), $"'{name}' is '{text}'");
        return text;
    }

    private static bool Boolean(JsonElement parent, string name)
    {
        var value = parent.GetProperty(name);
        Require(value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"'{name}' is not a boolean");
        return value.ValueKind == JsonValueKind.True;
    }

    /// <summary>A 5.1 timestamp as the UTC instant it names.</summary>
    private static DateTimeOffset? Instant(JsonElement parent, string name)
    {
        var text = Text(parent, name)!;
        var match = Timestamp().Match(text);
        Require(match.Success, $"'{name}' is not a timestamp");
        int Part(int group) => int.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);
        int year = Part(1), month = Part(2), day = Part(3), hour = Part(4), minute = Part(5), second = Part(6);
        Require(year >= 1, $"'{name}' has year {year}");
        Require(month is >= 1 and <= 12, $"'{name}' has month {month}");

        // Year 0 is a leap year in the proleptic Gregorian calendar, like 2000.
        Require(day >= 1 && day <= DateTime.DaysInMonth(year == 0 ? 2000 : year, month), $"'{name}' has day {day}");
        Require(hour <= 23 && minute <= 59 && second <= 59, $"'{name}' has a time out of range");
        var offsetMinutes = 0;
        if (match.Groups[9].Success)
        {
            int offsetHours = Part(10), offsetRest = Part(11);
            Require(offsetRest <= 59 && (offsetHours * 60) + offsetRest <= 14 * 60, $"'{name}' has an offset out of range");
            offsetMinutes = ((offsetHours * 60) + offsetRest) * (match.Groups[9].Value == "-" ? -1 : 1);
        }

        var fraction = match.Groups[7].Success ? long.Parse(match.Groups[7].Value[1..].PadRight(7, '0'), CultureInfo.InvariantCulture) : 0;

        // Days from 0001-01-01 by the proleptic Gregorian rules, so that year 0 and offsets across the
        // range's ends are counted, not refused by DateTime.
        static long DaysBefore(int y) => (365L * y) + (y / 4) - (y / 100) + (y / 400);
        var days = year == 0 ? -366 + new DateTime(2000, month, day, 0, 0, 0, DateTimeKind.Utc).DayOfYear - 1 : DaysBefore(year - 1) + new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc).DayOfYear - 1;
        var ticks = (days * TimeSpan.TicksPerDay) + (((hour * 3600L) + (minute * 60L) + second) * TimeSpan.TicksPerSecond) + fraction - (offsetMinutes * TimeSpan.TicksPerMinute);
        Require(ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks, $"'{name}' names an instant out of range");
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new RuleException(problem);
        }
    }

    private static bool TryDecode(Func<string?> read, out string value)
    {
        try
        {
            value = read()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = string.Empty;
            return false;
        }
    }

    private static string AsciiFold(string name) =>
        string.Create(name.Length, name, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is >= 'A' and <= 'Z' ? (char)(source[i] + 32) : source[i];
            }
        });

    private static List<Rune> Runes(string text) => [.. text.EnumerateRunes()];

    /// <summary>A space as 5.3 defines it: the Unicode White_Space property, listed.</summary>
    private static bool IsSpace(Rune r) =>
        r.Value is (>= 0x09 and <= 0x0D) or 0x20 or 0x85 or 0xA0 or 0x1680 or (>= 0x2000 and <= 0x200A) or 0x2028 or 0x2029 or 0x202F or 0x205F or 0x3000;

    /// <summary>A control character as 5.3 defines it: general category Cc.</summary>
    private static bool IsControl(Rune r) => r.Value is <= 0x1F or (>= 0x7F and <= 0x9F);

    /// <summary>The values of a parsed payload, as the format names them.</summary>
    internal sealed class Values
    {
        public required long Serial { get; init; }

        public required long Lineage { get; init; }

        public required long Revision { get; init; }

        public required string Kind { get; init; }

        public required DateTimeOffset IssuedAt { get; init; }

        public required DateTimeOffset ValidFrom { get; init; }

        public required DateTimeOffset? ExpiresAt { get; init; }

        public required long GraceDays { get; init; }

        public required string Token { get; init; }

        public required string CustomerName { get; init; }

        public required string CustomerEmail { get; init; }

        public required string? Plan { get; init; }

        public required string? Billing { get; init; }

        public required string? SupportPlan { get; init; }

        /// <summary>admins, users, agents, telephones, mobileAgents.</summary>
        public required long[] Staff { get; init; }

        /// <summary>ivrChannels, channelSessions.</summary>
        public required long[] Sessions { get; init; }

        /// <summary>Every name in each list, known or not, by list.</summary>
        public required Dictionary<string, List<string>> Lists { get; init; }

        public required bool SoftwareUpdate { get; init; }

        public required bool AppZone { get; init; }

        public required List<string> UnrecognizedFields { get; init; }

        public required List<string> UnrecognizedEntitlements { get; init; }
    }

    /// <summary>A phase-D rule broken; caught in <see cref="Read"/>, never escaping it.</summary>
    private sealed class RuleException(string message) : Exception(message);
}
