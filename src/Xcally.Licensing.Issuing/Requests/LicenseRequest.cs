using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using Xcally.Licensing.Document;

namespace Xcally.Licensing.Issuing.Requests;

/// <summary>
/// A license request as the licensing team writes it from a portal ticket (docs/signer.md, "The request
/// file"). Unlike a signed payload, a request is typed by people, so it is read strictly: an unknown
/// or misspelt field is an error, never silently ignored.
/// </summary>
internal sealed class LicenseRequest
{
    private static readonly string[] s_topLevel =
    [
        "kind", "token", "customer", "plan", "billing", "supportPlan", "validFrom", "expiresAt", "graceDays",
        "staff", "channels", "modules", "sessions", "addOns", "ai", "plugins", "softwareUpdate", "appZone",
        "serial", "lineage", "revision",
    ];

    private static readonly string[] s_customer = ["name", "email"];
    private static readonly string[] s_staff = ["admins", "users", "agents", "telephones", "mobileAgents"];
    private static readonly string[] s_sessions = ["ivrChannels", "channelSessions"];

    private readonly Dictionary<string, JsonElement> _fields;

    private LicenseRequest(Dictionary<string, JsonElement> fields) => _fields = fields;

    /// <summary>Whether the request gives <paramref name="field"/> itself (rather than leaving it to defaults).</summary>
    public bool Has(string field) => _fields.ContainsKey(field);

    /// <summary>Reads a request file's bytes.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> utf8, [NotNullWhen(true)] out LicenseRequest? request, out string error)
    {
        request = null;
        JsonElement root;
        try
        {
            using var json = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 8 });
            root = json.RootElement.Clone();
        }
        catch (JsonException e)
        {
            error = $"not valid JSON at line {(e.LineNumber ?? 0) + 1}: {FirstSentence(e.Message)}";
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "a request is a JSON object.";
            return false;
        }

        if (LoneSurrogateAt(root, string.Empty) is { } where)
        {
            // JSON lets "\uD800" stand alone, but it is half of a character, not text; reading it would throw.
            error = $"{(where.Length == 0 ? "a member name" : $"'{where}'")} holds a lone surrogate escape (such as \\uD800 without the \\uDC00 that completes it), which is not a character; remove it.";
            return false;
        }

        var fields = Fields(root, string.Empty, s_topLevel, out error);
        if (fields is null)
        {
            return false;
        }

        request = new LicenseRequest(fields);
        return true;
    }

    /// <summary>
    /// The portal request this file asks for: a demo, a new billed license or a deactivation. A demo's
    /// contents and a deactivation's are fixed by the contract, so a request for one names only kind,
    /// token and customer. <paramref name="problem"/> says what is wrong, naming the request by
    /// <see cref="WrittenRequest.Name"/>.
    /// </summary>
    public bool TryCreateRequest(WrittenRequest written, [NotNullWhen(true)] out PortalRequest? request, out string problem)
    {
        request = null;
        if (!TryCreateDocument(written.Instant, written.Token, out var draft, out var problems))
        {
            problem = $"'{written.Name}' cannot be issued:\n  - " + string.Join("\n  - ", problems);
            return false;
        }

        var token = InstallationToken.Parse(draft.Token);
        if (draft.Kind != LicenseKind.Subscription)
        {
            var extra = new[] { "plan", "billing", "supportPlan", "validFrom", "expiresAt", "graceDays", "staff", "channels", "modules", "sessions", "addOns", "ai", "plugins", "softwareUpdate", "appZone" }
                .Where(Has).ToList();
            if (extra.Count > 0)
            {
                problem = $"'{written.Name}': a {WireNames.Kinds.NameOf(draft.Kind)}'s contents are fixed by the contract; remove {string.Join(", ", extra.Select(f => $"\"{f}\""))} (a request for one names only kind, token and customer).";
                return false;
            }

            request = draft.Kind == LicenseKind.Demo
                ? new DemoRequest(token, draft.Customer, written.Operator, written.At)
                : new DeactivateRequest(token, written.Operator, written.At);
            problem = string.Empty;
            return true;
        }

        // A valid subscription document names its plan, billing and support plan.
        request = new NewLicenseRequest(written.Name, token, draft.Customer, draft.Plan!, draft.Billing!.Value, draft.SupportPlan!.Value, draft.Staff, written.Operator, written.At)
        {
            AddOns = draft.AddOns,
            Ai = draft.Ai,
            Plugins = draft.Plugins,
            SoftwareUpdate = draft.SoftwareUpdate,
            AppZone = draft.AppZone,
            GraceDays = draft.GraceDays,
            ValidFrom = Has("validFrom") ? draft.ValidFrom : null,
            ExpiresAt = Has("expiresAt") ? draft.ExpiresAt : null,
            Channels = Has("channels") ? draft.Channels : null,
            Modules = Has("modules") ? draft.Modules : null,
            Sessions = Has("sessions") ? draft.Sessions : null,
        };
        problem = string.Empty;
        return true;
    }

    /// <summary>
    /// The document this request asks for, issued at <paramref name="now"/> (whole seconds). Fields the
    /// request leaves out take the defaults in docs/signer.md; <paramref name="token"/> replaces the
    /// request's token when given.
    /// </summary>
    private bool TryCreateDocument(DateTimeOffset now, string? token, [NotNullWhen(true)] out LicenseDocument? license, out IReadOnlyList<string> problems)
    {
        var errors = new List<string>();
        var reader = new FieldReader(errors);
        license = null;

        var kind = _fields.TryGetValue("kind", out var k) ? reader.Name(k, "kind", WireNames.Kinds) : LicenseKind.Subscription;
        var issuedAt = now;
        var validFrom = _fields.TryGetValue("validFrom", out var vf) ? reader.Timestamp(vf, "validFrom") : issuedAt;
        var billing = _fields.TryGetValue("billing", out var b) ? reader.Name(b, "billing", WireNames.Billing) : (BillingFrequency?)null;
        var expiresAt = _fields.TryGetValue("expiresAt", out var ea) ? reader.Timestamp(ea, "expiresAt") : DefaultExpiry(kind, billing, validFrom);

        // Serials, lineages and revisions come from the ledger, which fills in the placeholder.
        foreach (var ledgerField in new[] { "serial", "lineage", "revision" }.Where(_fields.ContainsKey))
        {
            errors.Add($"{ledgerField}: serials, lineages and revisions come from the ledger; remove \"{ledgerField}\" from the request.");
        }

        const long serial = 1;
        var customer = Object("customer", s_customer, errors);
        var staff = Object("staff", s_staff, errors);
        var sessions = Object("sessions", s_sessions, errors);
        var requestToken = token ?? (_fields.TryGetValue("token", out var t) ? reader.Text(t, "token") : null);
        if (requestToken is null)
        {
            errors.Add("the request has no token; add \"token\" or pass --token.");
        }
        else
        {
            // The portal's token was typed or pasted by a person: its check characters catch a typo before a license is bound to it.
            var check = InstallationToken.Check(requestToken);
            if (check.IsValid)
            {
                requestToken = check.Token.ToString();
            }
            else
            {
                errors.Add($"token: {check.Problem}");
            }
        }

        if (customer is null && !_fields.ContainsKey("customer"))
        {
            errors.Add("the request has no customer (name and email).");
        }

        if (errors.Count > 0)
        {
            problems = errors;
            return false;
        }

        var document = new LicenseDocument
        {
            Serial = serial,
            Lineage = serial,
            Revision = 1,
            Kind = kind,
            IssuedAt = issuedAt,
            ValidFrom = validFrom,
            ExpiresAt = expiresAt,
            GraceDays = _fields.TryGetValue("graceDays", out var g) ? (int)reader.Integer(g, "graceDays", LicenseDocumentRules.MaxGraceDays) : 7,
            Token = requestToken!,
            Customer = new Customer(
                customer!.TryGetValue("name", out var name) ? reader.Text(name, "customer.name") : string.Empty,
                customer.TryGetValue("email", out var email) ? reader.Text(email, "customer.email") : string.Empty),
            Plan = _fields.TryGetValue("plan", out var p) ? reader.Text(p, "plan") : null,
            Billing = billing,
            SupportPlan = _fields.TryGetValue("supportPlan", out var sp) ? reader.Name(sp, "supportPlan", WireNames.SupportPlans) : null,
            Staff = staff is null
                ? (kind == LicenseKind.Deactivation ? StaffCounts.None : new StaffCounts(1, 0, 0, 0, 0))
                : new StaffCounts(
                    reader.Count(staff, "admins", "staff", kind == LicenseKind.Deactivation ? 0 : 1),
                    reader.Count(staff, "users", "staff", 0),
                    reader.Count(staff, "agents", "staff", 0),
                    reader.Count(staff, "telephones", "staff", 0),
                    reader.Count(staff, "mobileAgents", "staff", 0)),
            Channels = reader.Set(_fields, "channels", WireNames.Channels),
            Modules = reader.Set(_fields, "modules", WireNames.Modules),
            Sessions = sessions is null
                ? SessionLimits.None
                : new SessionLimits(reader.Count(sessions, "ivrChannels", "sessions", 0), reader.Count(sessions, "channelSessions", "sessions", 0)),
            AddOns = reader.Set(_fields, "addOns", WireNames.AddOns),
            Ai = reader.Set(_fields, "ai", WireNames.Ai),
            Plugins = reader.Set(_fields, "plugins", WireNames.Plugins),
            SoftwareUpdate = _fields.TryGetValue("softwareUpdate", out var su) ? reader.Boolean(su, "softwareUpdate") : kind != LicenseKind.Deactivation,
            AppZone = _fields.TryGetValue("appZone", out var az) ? reader.Boolean(az, "appZone") : false,
        };

        if (errors.Count == 0)
        {
            errors.AddRange(document.Validate());
        }

        problems = errors;
        license = errors.Count == 0 ? document : null;
        return license is not null;
    }

    /// <summary>
    /// The default end of a license: a subscription runs one billing period from its valid-from (a
    /// calendar month or year, clamped to the month's last day), a demo 30 days, a deactivation forever.
    /// </summary>
    public static DateTimeOffset? DefaultExpiry(LicenseKind kind, BillingFrequency? billing, DateTimeOffset validFrom) => kind switch
    {
        LicenseKind.Demo => validFrom.AddDays(30),
        LicenseKind.Deactivation => null,
        _ => billing == BillingFrequency.Annual ? validFrom.AddYears(1) : validFrom.AddMonths(1),
    };

    private Dictionary<string, JsonElement>? Object(string name, string[] known, List<string> errors)
    {
        if (!_fields.TryGetValue(name, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"'{name}' must be an object.");
            return null;
        }

        var fields = Fields(element, name, known, out var error);
        if (fields is null)
        {
            errors.Add(error);
        }

        return fields;
    }

    private static Dictionary<string, JsonElement>? Fields(JsonElement element, string path, string[] known, out string error)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(known, property.Name) < 0)
            {
                var where = path.Length == 0 ? "the request" : $"'{path}'";
                error = $"unknown field '{property.Name}' in {where}; the fields are: {string.Join(", ", known)}.";
                return null;
            }

            fields[property.Name] = property.Value;
        }

        error = string.Empty;
        return fields;
    }

    /// <summary>
    /// The path of a string in <paramref name="element"/> that cannot be read as text (a member name's
    /// problem is reported at its object), or <see langword="null"/>.
    /// </summary>
    private static string? LoneSurrogateAt(JsonElement element, string path)
    {
        try
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    _ = element.GetString();
                    return null;
                case JsonValueKind.Array:
                    return element.EnumerateArray().Select((item, i) => LoneSurrogateAt(item, $"{path}[{i}]")).FirstOrDefault(at => at is not null);
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        var name = property.Name;
                        if (LoneSurrogateAt(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } inner)
                        {
                            return inner;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }
        catch (InvalidOperationException)
        {
            return path;
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    /// <summary>The shared value reader, plus what only requests have: defaults for absent counts, and no unknown names.</summary>
    private sealed class FieldReader(List<string> errors)
    {
        private readonly JsonValueReader _values = new(errors);

        public long Integer(JsonElement element, string path, long max) => _values.Integer(element, path, max);

        public bool Boolean(JsonElement element, string path) => _values.Boolean(element, path);

        /// <summary>A text field; one holding a spoofing character (a bidi control, a separator, an invisible character) is refused.</summary>
        public string Text(JsonElement element, string path)
        {
            var text = _values.Text(element, path);
            if (SpoofingCharacters.Problem(path, text) is { } problem)
            {
                errors.Add(problem);
            }

            return text;
        }

        public T Name<T>(JsonElement element, string path, WireNames.EnumNames<T> names)
            where T : struct, Enum => _values.Name(element, path, names);

        public DateTimeOffset Timestamp(JsonElement element, string path) => _values.Timestamp(element, path);

        public int Count(Dictionary<string, JsonElement> fields, string name, string parent, int fallback) =>
            fields.TryGetValue(name, out var element) ? (int)Integer(element, $"{parent}.{name}", LicenseDocumentRules.MaxCount) : fallback;

        public EntitlementSet<T> Set<T>(Dictionary<string, JsonElement> fields, string path, WireNames.EnumNames<T> names)
            where T : struct, Enum
        {
            var set = EntitlementSet<T>.Empty;
            if (!fields.TryGetValue(path, out var element))
            {
                return set;
            }

            if (element.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"'{path}' must be an array of names.");
                return set;
            }

            foreach (var item in element.EnumerateArray())
            {
                var name = item.ValueKind == JsonValueKind.String ? item.GetString()! : item.ToString();
                if (!names.TryParse(name, out var value))
                {
                    errors.Add($"'{path}' lists '{name}', which is not one of: {string.Join(", ", names.All)}.");
                }
                else if (set.Contains(value))
                {
                    errors.Add($"'{path}' lists '{name}' twice.");
                }
                else
                {
                    set = set.With(value);
                }
            }

            return set;
        }
    }
}
