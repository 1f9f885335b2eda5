using Xcally.Licensing.Document;

namespace Xcally.Licensing.Fuzz;

/// <summary>
/// <c>payload</c>: the input as a payload straight into LicensePayloadReader.TryRead. In production the
/// reader sees only payloads whose signature verified, so this reaches it far more often than signing
/// would let a fuzzer. The outcome must be the one <see cref="ReferencePayload"/> (section 5 read
/// literally) gives; a parsed document must hold the payload's values member by member, obey the
/// rules (Validate finds nothing), and survive the signer's writer: written, read again, it is the
/// same document, and written again, the same bytes.
/// </summary>
internal sealed class PayloadHarness : Harness
{
    public override string Name => "payload";

    public override string Description => "payload JSON through LicensePayloadReader.TryRead, with a write/read round trip";

    public override IEnumerable<byte[]> DictionaryTokens => Utf8(
        "\"serial\":", "\"lineage\":", "\"revision\":", "\"kind\":", "\"issuedAt\":", "\"validFrom\":", "\"expiresAt\":",
        "\"graceDays\":", "\"token\":", "\"customer\":", "\"name\":", "\"email\":", "\"plan\":", "\"billing\":", "\"supportPlan\":",
        "\"staff\":", "\"admins\":", "\"users\":", "\"agents\":", "\"telephones\":", "\"mobileAgents\":", "\"channels\":",
        "\"modules\":", "\"sessions\":", "\"ivrChannels\":", "\"channelSessions\":", "\"addOns\":", "\"ai\":", "\"plugins\":",
        "\"softwareUpdate\":", "\"appZone\":", "\"critical\":",
        "\"subscription\"", "\"demo\"", "\"deactivation\"", "\"monthly\"", "\"annual\"", "\"silver\"", "\"platinum\"",
        "\"voice\"", "\"whatsApp\"", "\"dialer\"", "\"webRtc\"", "\"aiBots\"", "\"botify\"",
        "\"2026-11-01T09:30:00Z\"", "\"2027-11-01T09:30:00.1234567+14:00\"", "T00:00:00", ".0000001", "Z", "+14:00", "-00:00",
        "true", "false", "null", "9007199254740991", "9007199254740992", "1000000", "1000001", "-0", "1e2", "2.5",
        "\\u0000", "\\uD800", "\\uDC00", "\\u00e9", "\\\"", "{", "}", "[", "]", ",", ":", "\"", "\uFEFF");

    public override void Run(ReadOnlySpan<byte> input)
    {
        // Also larger payloads than an envelope carries (32 KiB): the reader has no limit of its own, and
        // every input must reach instrumented code, or afl-fuzz stops.
        var payload = input.ToArray();
        var outcome = LicensePayloadReader.TryRead(payload, out var license, out var error);
        Invariant.Defined(outcome);
        var expected = ReferencePayload.Read(payload, out var values, out var why);
        Invariant.Require(
            (int)outcome == (int)expected,
            outcome == LicensePayloadReader.Outcome.Parsed
                ? $"The reader parsed a payload that section 5 refuses ({expected}: {why})."
                : $"The reader says {outcome} ({error}); section 5 says {expected}{(why.Length > 0 ? $" ({why})" : string.Empty)}.");

        if (outcome != LicensePayloadReader.Outcome.Parsed)
        {
            Invariant.Require(license is null, $"{outcome} with a document.");
            Invariant.Sentence(error, $"The error of {outcome}");
            return;
        }

        Invariant.Require(license is not null && values is not null, "Parsed without a document.");
        Invariant.Require(error.Length == 0, "Parsed with an error.");
        var problems = license.Validate();
        Invariant.Require(problems.Count == 0, "Parsed a document that breaks the rules: " + string.Join(" ", problems));
        SameValues(license, values);

        if (license.UnrecognizedEntitlements.Count == 0 && license.UnrecognizedFields.Count == 0)
        {
            // The writer refuses only documents that break the rules, which a parsed one cannot.
            var written = LicensePayloadWriter.Write(license);
            var again = LicensePayloadReader.TryRead(written, out var reread, out var rereadError);
            Invariant.Require(again == LicensePayloadReader.Outcome.Parsed, $"The signer's form of a parsed document does not parse: {rereadError}");
            Invariant.Require(license.Equals(reread), "The signer's form of a parsed document reads back as another document.");
            Invariant.Require(LicensePayloadWriter.Write(reread).AsSpan().SequenceEqual(written), "Writing the same document twice gave different bytes.");
        }
    }

    /// <summary>The document holds what the payload says, member by member.</summary>
    private static void SameValues(LicenseDocument license, ReferencePayload.Values values)
    {
        void Same<T>(T actual, T expected, string member)
        {
            Invariant.Require(EqualityComparer<T>.Default.Equals(actual, expected), $"The document's {member} is {actual}; the payload says {expected}.");
        }

        Same(license.Serial, values.Serial, "serial");
        Same(license.Lineage, values.Lineage, "lineage");
        Same((long)license.Revision, values.Revision, "revision");
        Same(WireNames.Kinds.NameOf(license.Kind), values.Kind, "kind");
        Same(license.IssuedAt, values.IssuedAt, "issuedAt");
        Same(license.ValidFrom, values.ValidFrom, "validFrom");
        Same(license.ExpiresAt, values.ExpiresAt, "expiresAt");
        Same((long)license.GraceDays, values.GraceDays, "graceDays");
        Same(license.Token, values.Token, "token");
        Same(license.Customer.Name, values.CustomerName, "customer.name");
        Same(license.Customer.Email, values.CustomerEmail, "customer.email");
        Same(license.Plan, values.Plan, "plan");
        Same(license.Billing is { } billing ? WireNames.Billing.NameOf(billing) : null, values.Billing, "billing");
        Same(license.SupportPlan is { } support ? WireNames.SupportPlans.NameOf(support) : null, values.SupportPlan, "supportPlan");
        var staff = license.Staff;
        Same(string.Join(",", staff.Admins, staff.Users, staff.Agents, staff.Telephones, staff.MobileAgents), string.Join(",", values.Staff), "staff");
        Same(string.Join(",", license.Sessions.IvrChannels, license.Sessions.ChannelSessions), string.Join(",", values.Sessions), "sessions");
        Same(license.SoftwareUpdate, values.SoftwareUpdate, "softwareUpdate");
        Same(license.AppZone, values.AppZone, "appZone");
        Same(Names(license.Channels, WireNames.Channels), Known(values, "channels"), "channels");
        Same(Names(license.Modules, WireNames.Modules), Known(values, "modules"), "modules");
        Same(Names(license.AddOns, WireNames.AddOns), Known(values, "addOns"), "addOns");
        Same(Names(license.Ai, WireNames.Ai), Known(values, "ai"), "ai");
        Same(Names(license.Plugins, WireNames.Plugins), Known(values, "plugins"), "plugins");
        Same(Sorted(license.UnrecognizedFields), Sorted(values.UnrecognizedFields), "unrecognized fields");
        Same(Sorted(license.UnrecognizedEntitlements), Sorted(values.UnrecognizedEntitlements), "unrecognized entitlements");
    }

    private static string Names<T>(EntitlementSet<T> set, WireNames.EnumNames<T> names)
        where T : struct, Enum => Sorted(set.Select(names.NameOf));

    private static string Known(ReferencePayload.Values values, string list)
    {
        var known = Array.Find(ReferencePayload.Lists, l => l.List == list).Names;
        return Sorted(values.Lists[list].Where(name => known.Contains(name, StringComparer.Ordinal)));
    }

    private static string Sorted(IEnumerable<string> names) => string.Join(",", names.Order(StringComparer.Ordinal));
}
