using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Unicode;

namespace Xcally.Licensing.Document;

/// <summary>
/// Parses a payload whose signature has already been verified. Strict where a lenient parser would let
/// two readers disagree (duplicate or case-variant names, invalid UTF-8, lone surrogates, timestamps
/// without an offset, fractional counts), and forward-compatible where the format says so (unknown
/// fields and entitlement names are kept, not granted).
/// </summary>
internal static class LicensePayloadReader
{
    public const int MaxDepth = 8;

    private static readonly JsonDocumentOptions s_options = new()
    {
        MaxDepth = MaxDepth + 1,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    private static readonly string[] s_known =
    [
        "serial", "lineage", "revision", "kind", "issuedAt", "validFrom", "expiresAt", "graceDays", "token",
        "customer", "plan", "billing", "supportPlan", "staff", "channels", "modules", "sessions", "addOns", "ai",
        "plugins", "softwareUpdate", "appZone", "critical",
    ];

    private static readonly string[] s_required =
    [
        "serial", "lineage", "revision", "kind", "issuedAt", "validFrom", "graceDays", "token", "customer",
        "staff", "channels", "modules", "sessions", "addOns", "ai", "plugins", "softwareUpdate", "appZone",
    ];

    public enum Outcome
    {
        Parsed,
        Malformed,
        NeedsNewerVerifier,
    }

    public static Outcome TryRead(ReadOnlyMemory<byte> payload, [NotNullWhen(true)] out LicenseDocument? license, out string error)
    {
        license = null;
        var bytes = payload.Span;
        if (bytes.StartsWith("\uFEFF"u8))
        {
            error = "the payload starts with a byte-order mark.";
            return Outcome.Malformed;
        }

        if (!Utf8.IsValid(bytes))
        {
            error = "the payload is not valid UTF-8.";
            return Outcome.Malformed;
        }

        if (NestingDepth(bytes) > MaxDepth)
        {
            error = $"the payload is nested deeper than {MaxDepth} levels.";
            return Outcome.Malformed;
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(payload, s_options);
        }
        catch (JsonException e)
        {
            error = $"the payload is not valid JSON (at byte {e.BytePositionInLine ?? 0}).";
            return Outcome.Malformed;
        }

        using (json)
        {
            try
            {
                return new Walker().Read(json.RootElement, out license, out error);
            }
            catch (InvalidOperationException)
            {
                // JsonElement.GetString throws here for escapes that are not valid UTF-16 (a lone surrogate).
                error = "the payload contains a \\u escape that is not valid Unicode.";
                return Outcome.Malformed;
            }
        }
    }

    /// <summary>The deepest nesting of objects and arrays, counted outside strings.</summary>
    private static int NestingDepth(ReadOnlySpan<byte> json)
    {
        int depth = 0, max = 0;
        var inString = false;
        for (var i = 0; i < json.Length; i++)
        {
            var b = json[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)'{' or (byte)'[')
            {
                max = Math.Max(max, ++depth);
            }
            else if (b is (byte)'}' or (byte)']')
            {
                depth--;
            }
        }

        return max;
    }

    private sealed class Walker
    {
        private readonly List<string> _unrecognizedFields = [];
        private readonly List<string> _unrecognizedEntitlements = [];
        private readonly List<string> _problems = [];
        private readonly JsonValueReader _values;
        private string? _error;

        public Walker() => _values = new JsonValueReader(_problems);

        public Outcome Read(JsonElement root, out LicenseDocument? license, out string error)
        {
            license = null;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "the payload is not a JSON object.";
                return Outcome.Malformed;
            }

            var members = Members(root, path: string.Empty);
            if (members is null)
            {
                error = _error!;
                return Outcome.Malformed;
            }

            foreach (var name in s_required)
            {
                if (!members.ContainsKey(name))
                {
                    error = $"the required field '{name}' is missing.";
                    return Outcome.Malformed;
                }
            }

            if (members.TryGetValue("critical", out var critical))
            {
                if (critical.ValueKind != JsonValueKind.Array)
                {
                    error = "'critical' must be an array of field names.";
                    return Outcome.Malformed;
                }

                foreach (var item in critical.EnumerateArray())
                {
                    var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
                    if (name is null || !members.ContainsKey(name))
                    {
                        error = "'critical' must list only fields present in the payload.";
                        return Outcome.Malformed;
                    }

                    if (Array.IndexOf(s_known, name) < 0)
                    {
                        error = $"the license needs the field '{name}', which this version of Xcally.Licensing does not know: it was issued by a newer signer; update the software.";
                        return Outcome.NeedsNewerVerifier;
                    }
                }
            }

            foreach (var name in members.Keys)
            {
                if (Array.IndexOf(s_known, name) < 0)
                {
                    _unrecognizedFields.Add(name);
                }
            }

            var customer = Object(members, "customer", ["name", "email"]);
            var staff = Object(members, "staff", ["admins", "users", "agents", "telephones", "mobileAgents"]);
            var sessions = Object(members, "sessions", ["ivrChannels", "channelSessions"]);
            if (customer is null || staff is null || sessions is null)
            {
                error = _error!;
                return Outcome.Malformed;
            }

            var document = new LicenseDocument
            {
                Serial = _values.Integer(members["serial"], "serial", LicenseDocumentRules.MaxSerial),
                Lineage = _values.Integer(members["lineage"], "lineage", LicenseDocumentRules.MaxSerial),
                Revision = (int)_values.Integer(members["revision"], "revision", int.MaxValue),
                Kind = _values.Name(members["kind"], "kind", WireNames.Kinds),
                IssuedAt = _values.Timestamp(members["issuedAt"], "issuedAt"),
                ValidFrom = _values.Timestamp(members["validFrom"], "validFrom"),
                ExpiresAt = members.TryGetValue("expiresAt", out var expiresAt) ? _values.Timestamp(expiresAt, "expiresAt") : null,
                GraceDays = (int)_values.Integer(members["graceDays"], "graceDays", int.MaxValue),
                Token = _values.Text(members["token"], "token"),
                Customer = new Customer(_values.Text(customer["name"], "customer.name"), _values.Text(customer["email"], "customer.email")),
                Plan = members.TryGetValue("plan", out var plan) ? _values.Text(plan, "plan") : null,
                Billing = members.TryGetValue("billing", out var billing) ? _values.Name(billing, "billing", WireNames.Billing) : null,
                SupportPlan = members.TryGetValue("supportPlan", out var support) ? _values.Name(support, "supportPlan", WireNames.SupportPlans) : null,
                Staff = new StaffCounts(
                    Count(staff["admins"], "staff.admins"),
                    Count(staff["users"], "staff.users"),
                    Count(staff["agents"], "staff.agents"),
                    Count(staff["telephones"], "staff.telephones"),
                    Count(staff["mobileAgents"], "staff.mobileAgents")),
                Channels = Set(members["channels"], "channels", WireNames.Channels),
                Modules = Set(members["modules"], "modules", WireNames.Modules),
                Sessions = new SessionLimits(Count(sessions["ivrChannels"], "sessions.ivrChannels"), Count(sessions["channelSessions"], "sessions.channelSessions")),
                AddOns = Set(members["addOns"], "addOns", WireNames.AddOns),
                Ai = Set(members["ai"], "ai", WireNames.Ai),
                Plugins = Set(members["plugins"], "plugins", WireNames.Plugins),
                SoftwareUpdate = _values.Boolean(members["softwareUpdate"], "softwareUpdate"),
                AppZone = _values.Boolean(members["appZone"], "appZone"),
                UnrecognizedEntitlements = _unrecognizedEntitlements,
                UnrecognizedFields = _unrecognizedFields,
            };

            _error ??= _problems.FirstOrDefault();
            if (_error is not null)
            {
                error = _error;
                return Outcome.Malformed;
            }

            var problems = document.Validate();
            if (problems.Count > 0)
            {
                error = string.Join(" ", problems);
                return Outcome.Malformed;
            }

            license = document;
            error = string.Empty;
            return Outcome.Parsed;
        }

        private Dictionary<string, JsonElement>? Members(JsonElement element, string path)
        {
            var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            var folded = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var member in element.EnumerateObject())
            {
                var name = member.Name;
                var where = path.Length == 0 ? name : $"{path}.{name}";
                if (members.ContainsKey(name))
                {
                    _error ??= $"the field '{where}' appears twice.";
                    return null;
                }

                if (folded.TryGetValue(name, out var other))
                {
                    _error ??= $"the fields '{other}' and '{name}' differ only in case.";
                    return null;
                }

                members[name] = member.Value;
                folded[name] = name;
            }

            return members;
        }

        private Dictionary<string, JsonElement>? Object(Dictionary<string, JsonElement> parent, string name, string[] required)
        {
            var element = parent[name];
            if (element.ValueKind != JsonValueKind.Object)
            {
                _error ??= $"'{name}' must be an object.";
                return null;
            }

            var members = Members(element, name);
            if (members is null)
            {
                return null;
            }

            foreach (var field in required)
            {
                if (!members.ContainsKey(field))
                {
                    _error ??= $"the required field '{name}.{field}' is missing.";
                    return null;
                }
            }

            foreach (var field in members.Keys)
            {
                if (Array.IndexOf(required, field) < 0)
                {
                    _unrecognizedFields.Add($"{name}.{field}");
                }
            }

            return members;
        }

        private int Count(JsonElement element, string path) => (int)_values.Integer(element, path, LicenseDocumentRules.MaxCount);

        private EntitlementSet<T> Set<T>(JsonElement element, string path, WireNames.EnumNames<T> names)
            where T : struct, Enum
        {
            var set = EntitlementSet<T>.Empty;
            if (element.ValueKind != JsonValueKind.Array)
            {
                _error ??= $"'{path}' must be an array of names.";
                return set;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in element.EnumerateArray())
            {
                var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
                if (name is null || name.Length is 0 or > 64 || !name.All(char.IsAsciiLetterOrDigit))
                {
                    _error ??= $"'{path}' must hold names of 1 to 64 ASCII letters and digits.";
                    return set;
                }

                if (!seen.Add(name))
                {
                    _error ??= $"'{path}' lists '{name}' twice.";
                    return set;
                }

                if (names.TryParse(name, out var value))
                {
                    set = set.With(value);
                }
                else
                {
                    _unrecognizedEntitlements.Add($"{path}/{name}");
                }
            }

            return set;
        }
    }
}
