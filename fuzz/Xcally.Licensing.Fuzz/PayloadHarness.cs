using Xcally.Licensing.Document;
using Xcally.Licensing.Format;

namespace Xcally.Licensing.Fuzz;

/// <summary>
/// <c>payload</c>: the input as a payload straight into LicensePayloadReader.TryRead. In production the
/// reader sees only payloads whose signature verified, so this reaches it far more often than signing
/// would let a fuzzer. A parsed document must obey the rules (Validate finds nothing), pass
/// <see cref="PayloadOracle"/>, and survive the signer's writer: written, read again, it is the same
/// document, and written again, the same bytes.
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
        if (input.Length > LicenseEnvelope.MaxPayloadSize)
        {
            // An envelope never carries more; such a payload never reaches the reader.
            return;
        }

        var payload = input.ToArray();
        var outcome = LicensePayloadReader.TryRead(payload, out var license, out var error);
        Invariant.Defined(outcome);
        if (outcome != LicensePayloadReader.Outcome.Parsed)
        {
            Invariant.Require(license is null, $"{outcome} with a document.");
            Invariant.Sentence(error, $"The error of {outcome}");
            return;
        }

        Invariant.Require(license is not null, "Parsed without a document.");
        Invariant.Require(error.Length == 0, "Parsed with an error.");
        var problems = license.Validate();
        Invariant.Require(problems.Count == 0, "Parsed a document that breaks the rules: " + string.Join(" ", problems));
        Invariant.Require(license.UnrecognizedEntitlements.All(e => e.Contains('/', StringComparison.Ordinal)), "An unrecognized entitlement is not reported as list/name.");
        PayloadOracle.CheckAccepted(payload);

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
}
