using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Xcally.Licensing.Document;

/// <summary>
/// Parses a payload whose signature has already been verified. Strict where a lenient parser would let
/// two readers disagree (duplicate or case-variant names, invalid UTF-8, lone surrogates, timestamps
/// without an offset, fractional counts), and forward-compatible where the format says so (unknown
/// fields and entitlement names are kept, not granted).
/// </summary>
internal static class LicensePayloadReader
{
    // StrictJson has already accepted the payload, so parsing it cannot fail.
    private static readonly JsonDocumentOptions s_options = new()
    {
        MaxDepth = StrictJson.MaxDepth + 1,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
    };

    // The fields this version knows, matched against the payload's UTF-8 names so that reading a
    // license does not allocate a string per field name.
    private static readonly FieldNames s_root = new(
        "serial", "lineage", "revision", "kind", "issuedAt", "validFrom", "expiresAt", "graceDays", "token",
        "customer", "plan", "billing", "supportPlan", "staff", "channels", "modules", "sessions", "addOns", "ai",
        "plugins", "softwareUpdate", "appZone", "critical");

    private static readonly string[] s_required =
    [
        "serial", "lineage", "revision", "kind", "issuedAt", "validFrom", "graceDays", "token", "customer",
        "staff", "channels", "modules", "sessions", "addOns", "ai", "plugins", "softwareUpdate", "appZone",
    ];

    private static readonly FieldNames s_customer = new("name", "email");
    private static readonly FieldNames s_staff = new("admins", "users", "agents", "telephones", "mobileAgents");
    private static readonly FieldNames s_sessions = new("ivrChannels", "channelSessions");

    public enum Outcome
    {
        Parsed,
        Malformed,
        NeedsNewerVerifier,
    }

    public static Outcome TryRead(ReadOnlyMemory<byte> payload, [NotNullWhen(true)] out LicenseDocument? license, out string error)
    {
        license = null;
        if (!StrictJson.TryCheck(payload.Span, out error))
        {
            return Outcome.Malformed;
        }

        using var json = JsonDocument.Parse(payload, s_options);
        return new Walker().Read(json.RootElement, out license, out error);
    }

    /// <summary>The known field names of one JSON object, in UTF-8 and as strings, by index.</summary>
    private sealed class FieldNames
    {
        private readonly byte[][] _utf8;

        public FieldNames(params string[] names)
        {
            Names = names;
            _utf8 = Array.ConvertAll(names, System.Text.Encoding.UTF8.GetBytes);
        }

        public string[] Names { get; }

        /// <summary>
        /// The index of a member's name, searched from <paramref name="expected"/> on and then from the
        /// start: the signer writes the known fields in this order, so a signed payload's member is
        /// usually found at the first comparison instead of after half the list.
        /// </summary>
        public int IndexOf(JsonProperty member, int expected)
        {
            for (var k = 0; k < _utf8.Length; k++)
            {
                var i = expected + k < _utf8.Length ? expected + k : expected + k - _utf8.Length;
                if (member.NameEquals(_utf8[i]))
                {
                    return i;
                }
            }

            return -1;
        }

        public int IndexOf(string name)
        {
            // The reader asks for its fields by the same literals (interned) that built this list, so
            // comparing references finds them without comparing characters; any other string is compared.
            for (var i = 0; i < Names.Length; i++)
            {
                if (ReferenceEquals(Names[i], name))
                {
                    return i;
                }
            }

            return Array.IndexOf(Names, name);
        }
    }

    /// <summary>
    /// The members of one JSON object: the known ones by index, the others by name (kept, never granted).
    /// </summary>
    private sealed class Members(FieldNames names)
    {
        private readonly JsonElement[] _values = new JsonElement[names.Names.Length];
        private readonly int[] _positions = new int[names.Names.Length];

        public FieldNames Names { get; } = names;

        public List<(string Name, int Position)>? Others { get; set; }

        public bool Has(string name) => _positions[Names.IndexOf(name)] > 0;

        public bool TryGet(string name, out JsonElement value)
        {
            var index = Names.IndexOf(name);
            value = _values[index];
            return _positions[index] > 0;
        }

        public JsonElement this[string name] => _values[Names.IndexOf(name)];

        public bool HasOther(string name) => Others is not null && Others.Exists(o => o.Name == name);

        /// <summary>Records a known member; <see langword="false"/> if it was already there.</summary>
        public bool TrySet(int index, JsonElement value, int position)
        {
            if (_positions[index] > 0)
            {
                return false;
            }

            _values[index] = value;
            _positions[index] = position;
            return true;
        }
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

            var members = Collect(root, s_root);

            // 'critical' is read before any other member: a file that needs a newer verifier says so even
            // when it breaks today's rules, and the outcome does not depend on the order of its members.
            if (members.TryGet("critical", out var critical) && CheckCritical(critical, members, out error) is var outcome && outcome != Outcome.Parsed)
            {
                return outcome;
            }

            foreach (var name in s_required)
            {
                if (!members.Has(name))
                {
                    error = $"the required field '{name}' is missing.";
                    return Outcome.Malformed;
                }
            }

            if (members.Others is { } others)
            {
                foreach (var (name, _) in others)
                {
                    _unrecognizedFields.Add(name);
                }
            }

            var customer = Object(members, "customer", s_customer);
            var staff = Object(members, "staff", s_staff);
            var sessions = Object(members, "sessions", s_sessions);
            if (customer is null || staff is null || sessions is null)
            {
                error = _error!;
                return Outcome.Malformed;
            }

            var document = new LicenseDocument
            {
                Serial = _values.Integer(members["serial"], "serial", 1, LicenseDocumentRules.MaxSerial),
                Lineage = _values.Integer(members["lineage"], "lineage", 1, LicenseDocumentRules.MaxSerial),
                Revision = (int)_values.Integer(members["revision"], "revision", 1, LicenseDocumentRules.MaxRevision),
                Kind = _values.Name(members["kind"], "kind", WireNames.Kinds),
                IssuedAt = _values.Timestamp(members["issuedAt"], "issuedAt"),
                ValidFrom = _values.Timestamp(members["validFrom"], "validFrom"),
                ExpiresAt = members.TryGet("expiresAt", out var expiresAt) ? _values.Timestamp(expiresAt, "expiresAt") : null,
                GraceDays = (int)_values.Integer(members["graceDays"], "graceDays", 0, LicenseDocumentRules.MaxGraceDays),
                Token = _values.Text(members["token"], "token"),
                Customer = new Customer(_values.Text(customer["name"], "customer.name"), _values.Text(customer["email"], "customer.email")),
                Plan = members.TryGet("plan", out var plan) ? _values.Text(plan, "plan") : null,
                Billing = members.TryGet("billing", out var billing) ? _values.Name(billing, "billing", WireNames.Billing) : null,
                SupportPlan = members.TryGet("supportPlan", out var support) ? _values.Name(support, "supportPlan", WireNames.SupportPlans) : null,
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

            if (document.Kind == LicenseKind.Deactivation && _unrecognizedEntitlements.Count > 0)
            {
                error = $"a deactivation grants nothing, but it lists '{_unrecognizedEntitlements[0]}'.";
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

        /// <summary>
        /// <see cref="Outcome.Parsed"/> if every name in 'critical' is a member this version knows;
        /// <see cref="Outcome.NeedsNewerVerifier"/> if one is present but unknown.
        /// </summary>
        private static Outcome CheckCritical(JsonElement critical, Members members, out string error)
        {
            if (critical.ValueKind != JsonValueKind.Array)
            {
                error = "'critical' must be an array of field names.";
                return Outcome.Malformed;
            }

            string? unknown = null;
            var seen = new List<string>();
            foreach (var item in critical.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String)
                {
                    error = "'critical' must be an array of field names.";
                    return Outcome.Malformed;
                }

                var name = item.GetString()!;
                if (seen.Contains(name))
                {
                    error = $"'critical' lists '{name}' twice.";
                    return Outcome.Malformed;
                }

                seen.Add(name);
                var known = s_root.IndexOf(name) >= 0;
                if (!(known ? members.Has(name) : members.HasOther(name)))
                {
                    error = $"'critical' lists '{name}', which is not a field of the payload.";
                    return Outcome.Malformed;
                }

                unknown ??= known ? null : name;
            }

            if (unknown is not null)
            {
                error = $"the license needs the field '{unknown}', which this version of Xcally.Licensing does not know: it was issued by a newer signer; update the software.";
                return Outcome.NeedsNewerVerifier;
            }

            error = string.Empty;
            return Outcome.Parsed;
        }

        // StrictJson has already refused repeated and case-variant names in every object.
        private static Members Collect(JsonElement element, FieldNames names)
        {
            var members = new Members(names);
            var position = 0;
            var expected = 0;
            foreach (var member in element.EnumerateObject())
            {
                position++;
                var index = names.IndexOf(member, expected);
                if (index >= 0)
                {
                    members.TrySet(index, member.Value, position);
                    expected = index + 1;
                }
                else
                {
                    // Only names this version does not know are allocated.
                    (members.Others ??= []).Add((member.Name, position));
                }
            }

            return members;
        }

        private Members? Object(Members parent, string name, FieldNames fields)
        {
            var element = parent[name];
            if (element.ValueKind != JsonValueKind.Object)
            {
                _error ??= $"'{name}' must be an object.";
                return null;
            }

            var members = Collect(element, fields);

            foreach (var field in fields.Names)
            {
                if (!members.Has(field))
                {
                    _error ??= $"the required field '{name}.{field}' is missing.";
                    return null;
                }
            }

            if (members.Others is { } others)
            {
                foreach (var (field, _) in others)
                {
                    _unrecognizedFields.Add($"{name}.{field}");
                }
            }

            return members;
        }

        private int Count(JsonElement element, string path) => (int)_values.Integer(element, path, 0, LicenseDocumentRules.MaxCount);

        private EntitlementSet<T> Set<T>(JsonElement element, string path, WireNames.EnumNames<T> names)
            where T : struct, Enum
        {
            var set = EntitlementSet<T>.Empty;
            if (element.ValueKind != JsonValueKind.Array)
            {
                _error ??= $"'{path}' must be an array of names.";
                return set;
            }

            List<string>? unknown = null;
            var next = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (names.TryMatch(item, ref next, out var value))
                {
                    if (set.Contains(value))
                    {
                        _error ??= $"'{path}' lists '{names.NameOf(value)}' twice.";
                        return set;
                    }

                    set = set.With(value);
                    continue;
                }

                // Only names this version does not know are allocated.
                var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : null;
                if (name is null || name.Length is 0 or > 64 || !name.All(char.IsAsciiLetterOrDigit))
                {
                    _error ??= $"'{path}' must hold names of 1 to 64 ASCII letters and digits.";
                    return set;
                }

                unknown ??= [];
                if (unknown.Contains(name))
                {
                    _error ??= $"'{path}' lists '{name}' twice.";
                    return set;
                }

                unknown.Add(name);
                _unrecognizedEntitlements.Add($"{path}/{name}");
            }

            return set;
        }
    }
}
