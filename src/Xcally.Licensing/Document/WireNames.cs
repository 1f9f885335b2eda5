using System.Collections.Frozen;

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
        private readonly FrozenDictionary<string, T> _values;

        public EnumNames(params string[] names)
        {
            var values = Enum.GetValues<T>();
            if (values.Length != names.Length)
            {
                throw new InvalidOperationException($"{typeof(T).Name} has {values.Length} values but {names.Length} wire names.");
            }

            _names = names;
            _values = values.ToFrozenDictionary(v => names[Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)], StringComparer.Ordinal);
        }

        public IEnumerable<string> All => _names;

        public string NameOf(T value) => _names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)];

        public bool TryParse(string name, out T value) => _values.TryGetValue(name, out value);
    }
}
