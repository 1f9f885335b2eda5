using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Xcally.Licensing.Document;

namespace Xcally.Licensing.Issuing.Catalog;

/// <summary>
/// The plan catalog (catalog/plans.json): a data file the licensing team edits, validated when
/// loaded: unknown fields, unknown channel or module names and malformed plan ids are errors.
/// </summary>
internal sealed class PlanCatalog
{
    private readonly Dictionary<string, Plan> _plans;

    private PlanCatalog(Dictionary<string, Plan> plans) => _plans = plans;

    public IEnumerable<Plan> Plans => _plans.Values;

    public bool TryGet(string id, [NotNullWhen(true)] out Plan? plan) => _plans.TryGetValue(id, out plan);

    public string PlanIds => string.Join(", ", _plans.Keys.Order(StringComparer.Ordinal));

    public static bool TryLoad(string path, [NotNullWhen(true)] out PlanCatalog? catalog, out string error)
    {
        catalog = null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot read the plan catalog '{path}': {e.Message}";
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowDuplicateProperties = false });
            var problems = new List<string>();
            var plans = new Dictionary<string, Plan>(StringComparer.Ordinal);
            var root = json.RootElement;
            OnlyFields(root, "", ["plans"], problems);
            if (!root.TryGetProperty("plans", out var planObjects) || planObjects.ValueKind != JsonValueKind.Object)
            {
                problems.Add("\"plans\" must be an object of plan id → plan");
            }
            else
            {
                foreach (var entry in planObjects.EnumerateObject())
                {
                    var at = $"plans.{entry.Name}";
                    if (!LicenseDocumentRules.IsWellFormedPlan(entry.Name))
                    {
                        problems.Add($"{at}: a plan id is lower-case letters, digits and '-'");
                    }

                    OnlyFields(entry.Value, at, ["description", "channels", "modules", "sessions"], problems);
                    var channels = Names(entry.Value, "channels", WireNames.Channels, at, problems);
                    var modules = Names(entry.Value, "modules", WireNames.Modules, at, problems);
                    var sessions = SessionLimits.None;
                    if (entry.Value.TryGetProperty("sessions", out var s))
                    {
                        OnlyFields(s, at + ".sessions", ["ivrChannels", "channelSessions"], problems);
                        sessions = new SessionLimits(Count(s, "ivrChannels", at, problems), Count(s, "channelSessions", at, problems));
                    }

                    if (channels.IsEmpty)
                    {
                        problems.Add($"{at}: a plan includes at least one channel");
                    }

                    var description = entry.Value.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : entry.Name;
                    plans[entry.Name] = new Plan(entry.Name, description, channels, modules, sessions);
                }
            }

            if (problems.Count > 0)
            {
                error = $"the plan catalog '{path}' is invalid: " + string.Join("; ", problems);
                return false;
            }

            catalog = new PlanCatalog(plans);
            error = string.Empty;
            return true;
        }
        catch (JsonException e)
        {
            error = $"the plan catalog '{path}' is not valid JSON: {e.Message}";
            return false;
        }
    }

    private static void OnlyFields(JsonElement element, string at, string[] allowed, List<string> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add($"{(at.Length == 0 ? "the catalog" : at)} must be an object");
            return;
        }

        foreach (var property in element.EnumerateObject().Where(p => !allowed.Contains(p.Name, StringComparer.Ordinal)))
        {
            problems.Add($"{(at.Length == 0 ? "" : at + ".")}{property.Name}: unknown field (allowed: {string.Join(", ", allowed)})");
        }
    }

    private static EntitlementSet<T> Names<T>(JsonElement plan, string field, WireNames.EnumNames<T> names, string at, List<string> problems)
        where T : struct, Enum
    {
        var set = EntitlementSet<T>.Empty;
        if (!plan.TryGetProperty(field, out var array))
        {
            return set;
        }

        if (array.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"{at}.{field} must be an array of names");
            return set;
        }

        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && names.TryParse(item.GetString()!, out var value))
            {
                set = set.With(value);
            }
            else
            {
                problems.Add($"{at}.{field}: '{item}' is not one of {string.Join(", ", names.All)}");
            }
        }

        return set;
    }

    private static int Count(JsonElement element, string field, string at, List<string> problems)
    {
        if (!element.TryGetProperty(field, out var value))
        {
            return 0;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0)
        {
            return count;
        }

        problems.Add($"{at}.sessions.{field} must be a whole number ≥ 0");
        return 0;
    }
}
