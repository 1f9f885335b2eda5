using System.Text;
using System.Text.Json;

namespace Xcally.Licensing.Document;

/// <summary>
/// The names entitlements and enum values have in the signed payload. These strings are the format:
/// they never change, whatever the C# names become.
/// </summary>
internal static class WireNames
{
    public static readonly EnumNames<LicenseKind> Kinds = new("subscription", "demo", "deactivation");
    public static readonly EnumNames<BillingFrequency> Billing = new("monthly", "annual");
    public static readonly EnumNames<SupportPlan> SupportPlans = new("silver", "platinum");
    public static readonly EnumNames<Channel> Channels = new("voice", "chat", "email", "sms", "fax", "openChannel", "whatsApp");
    public static readonly EnumNames<Module> Modules = new("contactsManager", "dialer", "jscripty", "inspectors", "multiprofile", "timings");
    public static readonly EnumNames<AddOn> AddOns = new("webRtc", "windowsPhonebar", "customization", "screenRecording", "realTimeTranslator");
    public static readonly EnumNames<AiFeature> Ai = new("aiBots", "aiAssistants", "agentAssistants", "qualityAnalysisVoice", "qualityAnalysisDigital");
    public static readonly EnumNames<Plugin> Plugins = new("dataRetention", "botify", "queueManager", "schedulease");

    /// <summary>The wire names of one enum, indexed by its value.</summary>
    internal sealed class EnumNames<T>
        where T : struct, Enum
    {
        private readonly string[] _names;
        private readonly byte[][] _utf8Names;
        private readonly T[] _byIndex;

        public EnumNames(params string[] names)
        {
            var values = Enum.GetValues<T>();
            if (values.Length != names.Length)
            {
                throw new InvalidOperationException($"{typeof(T).Name} has {values.Length} values but {names.Length} wire names.");
            }

            _names = names;
            _utf8Names = Array.ConvertAll(names, Encoding.UTF8.GetBytes);
            _byIndex = values;
        }

        public IEnumerable<string> All => _names;

        public string NameOf(T value) => _names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)];

        // A linear search: an enum has at most a few names, and a frozen dictionary costs milliseconds at startup.
        public bool TryParse(string name, out T value)
        {
            var index = Array.IndexOf(_names, name);
            value = index >= 0 ? _byIndex[index] : default;
            return index >= 0;
        }

        /// <summary>Matches a JSON string against the names without allocating it as a string (escapes are decoded first).</summary>
        public bool TryMatch(JsonElement element, out T value)
        {
            var next = 0;
            return TryMatch(element, ref next, out value);
        }

        /// <summary>
        /// Matches a JSON string against the names from index <paramref name="next"/> on, then from the start,
        /// and sets <paramref name="next"/> after the match. The signer writes a set's names in this order,
        /// so each item of a signed list is matched at the first comparison, not after half the names.
        /// </summary>
        public bool TryMatch(JsonElement element, ref int next, out T value)
        {
            if (element.ValueKind == JsonValueKind.String)
            {
                for (var k = 0; k < _utf8Names.Length; k++)
                {
                    var i = next + k < _utf8Names.Length ? next + k : next + k - _utf8Names.Length;
                    if (element.ValueEquals(_utf8Names[i]))
                    {
                        next = i + 1;
                        value = _byIndex[i];
                        return true;
                    }
                }
            }

            value = default;
            return false;
        }
    }
}
