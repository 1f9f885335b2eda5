using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xcally.Licensing.Format;
using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Conformance;

/// <summary>
/// Builds docs/vectors/license-verification.json: every MUST and every status of docs/license-format.md
/// as exact bytes with the status the specification decides. Signing is deterministic (Ed25519), so the
/// same code always writes the same file, and the tests check the committed file is exactly that.
/// </summary>
internal static class ConformanceCorpus
{
    public const string RelativePath = "docs/vectors/license-verification.json";

    private const string VectorSeed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"; // RFC 8032 §7.1 TEST 1
    private const string OtherSeed = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"; // RFC 8032 §7.1 TEST 2

    public static SigningKey Vector { get; } = SigningKey.FromPrivateKey(Convert.FromHexString(VectorSeed));

    public static SigningKey Other { get; } = SigningKey.FromPrivateKey(Convert.FromHexString(OtherSeed));

    public static SigningKey Example { get; } = LoadExampleKey();

    /// <summary>The payload of docs/license-format.md section 9, byte for byte.</summary>
    public const string Subscription =
        """{"serial":1001,"lineage":1001,"revision":1,"kind":"subscription","issuedAt":"2026-11-01T09:30:00Z","validFrom":"2026-11-01T09:30:00Z","expiresAt":"2027-11-01T09:30:00Z","graceDays":7,"token":"K7QX-2M9F-H4TB-8WZC","customer":{"name":"Acme Contact Center","email":"it@acme.example"},"plan":"omnichannel","billing":"annual","supportPlan":"platinum","staff":{"admins":1,"users":12,"agents":25,"telephones":25,"mobileAgents":4},"channels":["voice","chat","whatsApp"],"modules":["contactsManager","dialer"],"sessions":{"ivrChannels":30,"channelSessions":60},"addOns":["webRtc","windowsPhonebar"],"ai":["aiAssistants","agentAssistants"],"plugins":["botify"],"softwareUpdate":true,"appZone":true}""";

    public const string Deactivation =
        """{"serial":1002,"lineage":1001,"revision":2,"kind":"deactivation","issuedAt":"2026-11-10T08:00:00Z","validFrom":"2026-11-10T08:00:00Z","graceDays":0,"token":"K7QX-2M9F-H4TB-8WZC","customer":{"name":"Acme Contact Center","email":"it@acme.example"},"staff":{"admins":0,"users":0,"agents":0,"telephones":0,"mobileAgents":0},"channels":[],"modules":[],"sessions":{"ivrChannels":0,"channelSessions":0},"addOns":[],"ai":[],"plugins":[],"softwareUpdate":false,"appZone":false}""";

    public const string Demo =
        """{"serial":1003,"lineage":1003,"revision":1,"kind":"demo","issuedAt":"2026-11-20T10:00:00Z","validFrom":"2026-11-20T10:00:00Z","expiresAt":"2026-12-20T10:00:00Z","graceDays":0,"token":"K7QX-2M9F-H4TB-8WZC","customer":{"name":"Acme Contact Center","email":"it@acme.example"},"staff":{"admins":1,"users":0,"agents":3,"telephones":1,"mobileAgents":1},"channels":["voice","chat","email","sms","fax","openChannel","whatsApp"],"modules":[],"sessions":{"ivrChannels":3,"channelSessions":3},"addOns":["webRtc","windowsPhonebar","customization","screenRecording","realTimeTranslator"],"ai":[],"plugins":[],"softwareUpdate":true,"appZone":false}""";

    public static IReadOnlyDictionary<string, SigningKey> Keys { get; } = new Dictionary<string, SigningKey>
    {
        ["vector"] = Vector,
        ["other"] = Other,
        ["example"] = Example,
    };

    public static IReadOnlyList<CorpusCase> Cases() => new Builder().Build();

    public static IReadOnlyList<KeyCase> KeyCases()
    {
        var torsion = Edwards25519.Encode(Edwards25519.TorsionPointOfOrder8());
        var mixed = Edwards25519.Encode(Edwards25519.Add(Edwards25519.Decode(Vector.PublicKey.Bytes.Span)!.Value, Edwards25519.TorsionPointOfOrder8()));
        var identity = Edwards25519.ToLittleEndian(1);
        var nonCanonicalIdentity = Edwards25519.ToLittleEndian(Edwards25519.P + 1);
        var notOnCurve = Edwards25519.NotAPoint();
        return
        [
            new("key-vector", "The RFC 8032 TEST 1 public key: a canonical point of prime order.", Vector.PublicKey.Bytes.ToArray(), "accepted"),
            new("key-other", "The RFC 8032 TEST 2 public key.", Other.PublicKey.Bytes.ToArray(), "accepted"),
            new("key-example", "The published example key: usable, but development-only (section 1).", Example.PublicKey.Bytes.ToArray(), "accepted"),
            new("key-identity", "The neutral point (order 1), canonical encoding.", identity, "rejected"),
            new("key-identity-non-canonical", "The neutral point encoded with y = p + 1.", nonCanonicalIdentity, "rejected"),
            new("key-order-8", "A point of order 8.", torsion, "rejected"),
            new("key-mixed-order", "The vector key plus a point of order 8: on the curve, not of prime order.", mixed, "rejected"),
            new("key-zero-x-sign-bit", "y = 1 with the sign bit set: not an encoding of any point.", Edwards25519.ToLittleEndian(1).Also(k => k[31] |= 0x80), "rejected"),
            new("key-not-on-curve", "The smallest y ≥ 2 with no x on the curve.", notOnCurve, "rejected"),
            new("key-short", "31 bytes.", Vector.PublicKey.Bytes[..31].ToArray(), "rejected"),
            new("key-long", "33 bytes.", [.. Vector.PublicKey.Bytes.ToArray(), 0], "rejected"),
        ];
    }

    public static string ToJson()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", "xcally-license-conformance/1");
            w.WriteString("specification", "docs/license-format.md");
            w.WriteString("about", "Each case: verify the base64-decoded input bytes as a license file (section 2.2 reads bytes as UTF-8) with the named trusted keys, development keys allowed or not, at the instant 'now', comparing with the installation token 'token' unless it is null; the result must be 'expected'. Key cases: importing the public key must be accepted or rejected.");
            w.WriteStartObject("keys");
            foreach (var (name, key) in Keys)
            {
                w.WriteStartObject(name);
                w.WriteString("publicKey", Convert.ToHexStringLower(key.PublicKey.Bytes.Span));
                w.WriteString("keyId", key.Id.ToString());
                w.WriteBoolean("development", name == "example");
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteStartArray("keyCases");
            foreach (var c in KeyCases())
            {
                w.WriteStartObject();
                w.WriteString("id", c.Id);
                w.WriteString("section", "1");
                w.WriteString("description", c.Description);
                w.WriteString("publicKey", Convert.ToHexStringLower(c.PublicKey));
                w.WriteString("expected", c.Expected);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("cases");
            foreach (var c in Cases())
            {
                w.WriteStartObject();
                w.WriteString("id", c.Id);
                w.WriteString("section", c.Section);
                w.WriteString("description", c.Description);
                w.WriteString("input", Convert.ToBase64String(c.Input));
                w.WriteStartArray("trustedKeys");
                foreach (var k in c.TrustedKeys)
                {
                    w.WriteStringValue(k);
                }

                w.WriteEndArray();
                w.WriteBoolean("allowDevelopmentKeys", c.AllowDevelopmentKeys);
                w.WriteString("now", c.Now);
                if (c.Token is null)
                {
                    w.WriteNull("token");
                }
                else
                {
                    w.WriteString("token", c.Token);
                }

                w.WriteString("expected", c.Expected);
                if (c.Serial is { } serial)
                {
                    w.WriteNumber("serial", serial);
                }

                if (c.Unrecognized is { } unrecognized)
                {
                    w.WriteStartArray("unrecognized");
                    foreach (var u in unrecognized)
                    {
                        w.WriteStringValue(u);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static SigningKey LoadExampleKey()
    {
        var pem = RepositoryFiles.Read("keys.example/example.private.pem");
        if (!SigningKey.TryImportPem(pem, default, out var key, out var error))
        {
            throw new InvalidOperationException("keys.example/example.private.pem: " + error);
        }

        return key;
    }

    /// <summary>Signs <paramref name="payload"/> into an envelope exactly as the reference signer does.</summary>
    public static byte[] Seal(ReadOnlySpan<byte> payload, SigningKey? key = null)
    {
        key ??= Vector;
        return LicenseEnvelope.Seal(payload, key.Id, key.Sign);
    }

    public static string Armor(ReadOnlySpan<byte> envelope) => LicenseArmor.Write(envelope, []);

    /// <summary>Rewrites the 4-byte check so a change to the envelope reads as intended, not as damage.</summary>
    public static byte[] WithCheck(byte[] envelope)
    {
        var copy = (byte[])envelope.Clone();
        SHA256.HashData(copy.AsSpan(0, copy.Length - 4))[..4].CopyTo(copy.AsSpan(copy.Length - 4));
        return copy;
    }

    private sealed class Builder
    {
        private readonly List<CorpusCase> _cases = [];
        private string _section = "";

        public IReadOnlyList<CorpusCase> Build()
        {
            Input();
            ArmorCases();
            EnvelopeCases();
            SignatureCases();
            PayloadSyntax();
            Members();
            Rules();
            Critical();
            ForwardCompatibility();
            TokenAndDates();
            return _cases;
        }

        private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

        private static string File(string payload, SigningKey? key = null) => Armor(Seal(Utf8(payload), key));

        private static string Edit(string payload, string from, string to)
        {
            var at = payload.IndexOf(from, StringComparison.Ordinal);
            if (at < 0 || payload.IndexOf(from, at + 1, StringComparison.Ordinal) >= 0)
            {
                throw new InvalidOperationException($"'{from}' must occur exactly once in the payload.");
            }

            return string.Concat(payload.AsSpan(0, at), to, payload.AsSpan(at + from.Length));
        }

        private static string Structural(string payload, Action<JsonObject> edit)
        {
            var node = JsonNode.Parse(payload)!.AsObject();
            edit(node);
            return node.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        }

        private void Add(string id, string description, byte[] input, string expected, Func<CorpusCase, CorpusCase>? adjust = null)
        {
            if (_cases.Exists(c => c.Id == id))
            {
                throw new InvalidOperationException($"Two cases are named '{id}'.");
            }

            var c = new CorpusCase(id, _section, description, input, expected);
            _cases.Add(adjust is null ? c : adjust(c));
        }

        private void Text(string id, string description, string text, string expected, Func<CorpusCase, CorpusCase>? adjust = null) =>
            Add(id, description, Utf8(text), expected, adjust);

        private void Payload(string id, string description, string payload, string expected, Func<CorpusCase, CorpusCase>? adjust = null) =>
            Add(id, description, Utf8(File(payload)), expected, adjust);

        private void PayloadBytes(string id, string description, byte[] payload, string expected) =>
            Add(id, description, Utf8(Armor(Seal(payload))), expected);

        // ---- section 2.2: the input -------------------------------------------------------------

        private void Input()
        {
            _section = "2.2";
            var file = File(Subscription);
            Text("valid-subscription", "The section 9 payload, signed with the vector key: genuine, for this token, in force.", file, "valid", c => c with { Serial = 1001 });
            Add("input-bom", "A UTF-8 byte-order mark before the file is allowed.", [0xEF, 0xBB, 0xBF, .. Utf8(file)], "valid");
            Text("input-summary-lines", "Summary lines and text after the block are ignored.", "XCALLY Motion license\nCustomer: Acme\n\n" + file + "Thanks,\nthe licensing team\n", "valid");
            var padding = new string('x', 65_536 - file.Length - 1) + "\n";
            Text("input-at-limit", "Exactly 65,536 bytes (the file after 65,536 − its length bytes of text) is read.", padding + file, "valid");
            Text("input-too-large", "65,537 bytes: refused before anything is decoded.", "x" + padding + file, "too-large");
            Add("input-too-large-garbage", "70,000 bytes of invalid UTF-8: size is checked first.", Enumerable.Repeat((byte)0xFF, 70_000).ToArray(), "too-large");
            Add("input-invalid-utf8-ff", "A 0xFF byte in the text before the block.", [0xFF, .. Utf8("\n" + file)], "invalid-encoding");
            Add("input-invalid-utf8-overlong", "The overlong sequence C0 A0 before the block.", [0xC0, 0xA0, .. Utf8("\n" + file)], "invalid-encoding");
            Add("input-invalid-utf8-surrogate", "A UTF-8-encoded surrogate (ED A0 80) after the block.", [.. Utf8(file), 0xED, 0xA0, 0x80], "invalid-encoding");
            Add("input-invalid-utf8-truncated", "A multi-byte sequence cut short at the end of the input.", [.. Utf8(file), 0xE2, 0x82], "invalid-encoding");
            Add("input-invalid-utf8-continuation", "A lone continuation byte inside the block.", Utf8(file).Select((b, i) => i == file.IndexOf('\n', StringComparison.Ordinal) + 5 ? (byte)0x80 : b).ToArray(), "invalid-encoding");
        }

        // ---- section 2.2: the armor -------------------------------------------------------------

        private void ArmorCases()
        {
            _section = "2.2";
            var file = File(Subscription);
            var lines = file.TrimEnd('\n').Split('\n');
            var body = lines[1..^1];
            string Join(IEnumerable<string> ls, string eol = "\n") => string.Join(eol, ls) + eol;

            Text("armor-crlf", "Lines ending with CR LF.", Join(lines, "\r\n"), "valid");
            Text("armor-cr", "Lines ending with a lone CR.", Join(lines, "\r"), "valid");
            Text("armor-mixed-line-endings", "LF, CR LF and CR mixed.", string.Concat(lines.Select((l, i) => l + (i % 3 == 0 ? "\n" : i % 3 == 1 ? "\r\n" : "\r"))), "valid");
            Text("armor-quoted", "Every line quoted with '> ' as a mail reply does.", Join(lines.Select(l => "> " + l)), "valid");
            Text("armor-quoted-twice", "Quoted twice, '> > ' and '>>' mixed.", Join(lines.Select((l, i) => (i % 2 == 0 ? "> > " : ">>") + l)), "valid");
            Text("armor-indented", "Indented with spaces and tabs.", Join(lines.Select(l => "\t  " + l)), "valid");
            Text("armor-trailing-spaces", "Trailing spaces and tabs on every line.", Join(lines.Select(l => l + " \t ")), "valid");
            Text("armor-invisible-characters", "Each invisible character of step 2.1 inserted into body lines.", Join(lines.Select((l, i) => i is > 0 && i < lines.Length - 1 ? l.Insert(Math.Min(10, l.Length), LicenseArmor.InvisibleCharacters[i % LicenseArmor.InvisibleCharacters.Length].ToString()) : l)), "valid");
            Text("armor-invisible-in-marker", "A zero-width space inside the BEGIN marker is removed like anywhere else.", Join(lines.Select((l, i) => i == 0 ? l.Insert(5, "\u200B") : l)), "valid");
            Text("armor-rewrapped-76", "The body re-wrapped at 76 characters.", Join([lines[0], .. Chunk(string.Concat(body), 76), lines[^1]]), "valid");
            Text("armor-one-line-body", "The body on one line.", Join([lines[0], string.Concat(body), lines[^1]]), "valid");
            Text("armor-empty-lines-in-body", "Empty lines inside the body contribute nothing.", Join([lines[0], .. body.SelectMany(b => new[] { b, "" }), lines[^1]]), "valid");
            Text("armor-no-final-newline", "No line break after the END marker.", string.Join("\n", lines), "valid");

            Text("armor-not-found-empty", "An empty input.", "", "not-found");
            Text("armor-not-found-text", "Text without markers.", "Hello, here is the license you asked for.\n", "not-found");
            Text("armor-not-found-public-key", "A PEM public key instead of a license.", "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n", "not-found");
            Text("armor-lower-case-begin-marker", "The BEGIN marker in lower case: markers are case-sensitive, so only an END line is found.", Join([lines[0].ToLowerInvariant(), .. lines[1..]]), "truncated");
            Text("armor-not-found-four-dashes", "Markers with four dashes each side are not markers.", Join(lines.Select(l => l.StartsWith('-') ? l[1..^1] : l)), "not-found");
            Text("armor-marker-space-inside", "A space inside the BEGIN marker: no BEGIN line, but an END line.", Join([lines[0].Replace("XCALLY LICENSE", "XCALLY  LICENSE", StringComparison.Ordinal), .. lines[1..]]), "truncated");
            Text("armor-truncated-no-end", "BEGIN and body, no END line.", Join(lines[..^1]), "truncated");
            Text("armor-truncated-no-begin", "Body and END line, no BEGIN line.", Join(lines[1..]), "truncated");
            Text("armor-truncated-empty-body", "BEGIN followed directly by END.", Join([lines[0], lines[^1]]), "truncated");
            Text("armor-truncated-blank-body", "Only empty and blank lines between the markers.", Join([lines[0], "", "   ", "> ", lines[^1]]), "truncated");
            Text("armor-multiple-identical", "The same block twice.", file + file, "multiple-licenses");
            Text("armor-multiple-different", "Two different genuine licenses.", file + File(Demo), "multiple-licenses");
            Text("armor-multiple-nested", "A second BEGIN line inside the body.", Join([lines[0], lines[1], lines[0], .. lines[2..]]), "multiple-licenses");
            Text("armor-multiple-one-truncated", "A complete block and a second BEGIN line without END.", file + lines[0] + "\n" + lines[1] + "\n", "multiple-licenses");
            Text("armor-end-first", "An END line before the BEGIN line is ignored; the block after it is read.", lines[^1] + "\n" + file, "valid");

            string WithBodyLine(int index, Func<string, string> edit) => Join(lines.Select((l, i) => i == index ? edit(l) : l));
            Text("armor-damaged-dash", "A '-' inside a body line.", WithBodyLine(2, l => l.Insert(10, "-")), "damaged");
            Text("armor-damaged-space-inside", "A space inside a body line (only trailing spaces are removed).", WithBodyLine(2, l => l.Insert(10, " ")), "damaged");
            Text("armor-damaged-url-safe", "The URL-safe alphabet ('_' for '/').", WithBodyLine(2, l => l.Insert(10, "_")), "damaged");
            Text("armor-damaged-non-ascii-letter", "A letter that is not ASCII (é).", WithBodyLine(3, l => l.Insert(3, "é")), "damaged");
            Text("armor-damaged-en-space", "U+2002 en space is not an invisible character of step 2.1.", WithBodyLine(3, l => l.Insert(3, "\u2002")), "damaged");
            Text("armor-damaged-quote-inside", "A '>' inside a body line, not at its start.", WithBodyLine(3, l => l.Insert(30, ">")), "damaged");
            Text("armor-damaged-line-separator", "U+2028 does not end a line; it is a foreign character.", WithBodyLine(3, l => l.Insert(30, "\u2028")), "damaged");
            Text("armor-damaged-changed-character", "One base64 character changed: the check catches it.", WithBodyLine(3, l => (l[0] == 'M' ? "d" : "M") + l[1..]), "damaged");
            Text("armor-damaged-missing-character", "One character removed: the length is no longer a multiple of 4.", WithBodyLine(3, l => l[1..]), "damaged");
            Text("armor-missing-line", "A whole 64-character line missing: the envelope is short of its declared length.", Join(lines.Where((_, i) => i != 3)), "truncated");
            Text("armor-damaged-duplicated-line", "A body line pasted twice.", Join(lines.SelectMany((l, i) => i == 3 ? new[] { l, l } : [l])), "damaged");

            var b64 = string.Concat(body);
            Text("armor-damaged-padding-inside", "'=' in the middle of the body.", Join([lines[0], b64[..8] + "=" + b64[9..], lines[^1]]), "damaged");
            Text("armor-damaged-three-padding", "Three '=' at the end.", Join([lines[0], b64.TrimEnd('=') + "===", lines[^1]]), "damaged");
            Text("armor-damaged-missing-padding", "The final '=' removed.", Join([lines[0], b64.TrimEnd('='), lines[^1]]), "damaged");
            Text("armor-damaged-non-canonical-bits", "The unused low bits of the last group set: decodes, but not canonically.", Join([lines[0], NonCanonicalTail(b64), lines[^1]]), "damaged");
            Text("armor-damaged-extra-padding-group", "A whole group of '====' appended.", Join([lines[0], b64 + "====", lines[^1]]), "damaged");
        }

        private static IEnumerable<string> Chunk(string s, int size)
        {
            for (var i = 0; i < s.Length; i += size)
            {
                yield return s.Substring(i, Math.Min(size, s.Length - i));
            }
        }

        private static string NonCanonicalTail(string b64)
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            var padding = b64.Length - b64.TrimEnd('=').Length;
            var last = b64.Length - padding - 1;
            var value = alphabet.IndexOf(b64[last], StringComparison.Ordinal);
            var unused = padding == 1 ? 0b11 : 0b1111;
            return string.Concat(b64.AsSpan(0, last), alphabet[(value & ~unused) | 1].ToString(), b64.AsSpan(last + 1));
        }

        // ---- section 3: the envelope ------------------------------------------------------------

        private void EnvelopeCases()
        {
            _section = "3";
            var envelope = Seal(Utf8(Subscription));
            var n = envelope.Length - LicenseEnvelope.Overhead;
            void Envelope(string id, string description, byte[] bytes, string expected) => Text(id, description, Armor(bytes), expected);

            Envelope("envelope-too-short", "20 bytes.", envelope[..20], "truncated");
            Envelope("envelope-magic-only", "The 4-byte magic alone.", envelope[..4], "truncated");
            Envelope("envelope-minimum-garbage", "21 bytes, the minimum length, with a wrong check.", envelope[..21], "truncated");
            Envelope("envelope-wrong-magic", "'XCLZ' instead of 'XCLY', check recomputed: the magic is read before the check.", WithCheck(Set(envelope, 3, (byte)'Z')), "damaged");
            Envelope("envelope-wrong-magic-lower-case", "'xcly', check recomputed.", WithCheck(Set(Set(Set(Set(envelope, 0, (byte)'x'), 1, (byte)'c'), 2, (byte)'l'), 3, (byte)'y')), "damaged");
            Envelope("envelope-wrong-check", "The last byte of the check flipped.", Set(envelope, envelope.Length - 1, (byte)(envelope[^1] ^ 1)), "damaged");
            Envelope("envelope-payload-byte-changed-check-kept", "A payload byte changed without recomputing the check.", Set(envelope, 40, (byte)(envelope[40] ^ 0x20)), "damaged");
            Envelope("envelope-truncated-tail", "The last 100 bytes missing.", envelope[..^100], "truncated");
            Envelope("envelope-truncated-half", "Only the first half.", envelope[..(envelope.Length / 2)], "truncated");
            Envelope("envelope-truncated-signature", "Cut inside the signature.", envelope[..(17 + n + 30)], "truncated");
            Envelope("envelope-extra-byte-check-kept", "One byte appended after the check.", [.. envelope, 0], "damaged");
            Envelope("envelope-length-beyond-maximum-bad-check", "Declared length 40,000 and a wrong check: not 'truncated', since no license is that long.", Set32(envelope, 13, 40_000), "damaged");
            Envelope("envelope-version-2", "Version byte 2, check recomputed.", WithCheck(Set(envelope, 4, 2)), "unsupported-version");
            Envelope("envelope-version-255", "Version byte 255, check recomputed.", WithCheck(Set(envelope, 4, 255)), "unsupported-version");
            Envelope("envelope-version-0", "Version byte 0, check recomputed.", WithCheck(Set(envelope, 4, 0)), "unsupported-version");
            Envelope("envelope-version-2-other-layout", "Version 2 with a layout version 1 cannot read (a short body), check recomputed: the version is read before the layout.", WithCheck([.. Set(envelope, 4, 2)[..30], .. envelope[^4..]]), "unsupported-version");
            Envelope("envelope-length-zero", "Declared payload length 0, check recomputed.", WithCheck(Set32(envelope, 13, 0)), "malformed");
            Envelope("envelope-length-too-large", "Declared payload length 32,769, check recomputed.", WithCheck(Set32(envelope, 13, 32_769)), "malformed");
            Envelope("envelope-length-one-more", "Declared payload length n + 1, check recomputed.", WithCheck(Set32(envelope, 13, (uint)n + 1)), "malformed");
            Envelope("envelope-length-one-less", "Declared payload length n − 1, check recomputed.", WithCheck(Set32(envelope, 13, (uint)n - 1)), "malformed");
            Envelope("envelope-length-high-bit", "Declared payload length 0x80000000 + n, check recomputed.", WithCheck(Set32(envelope, 13, 0x8000_0000u + (uint)n)), "malformed");
            Envelope("envelope-extra-byte-check-recomputed", "One byte appended before a recomputed check.", WithCheck([.. envelope[..^4], 0, 0, 0, 0, 0]), "malformed");

            var big = Utf8(Edit(Subscription, "\"appZone\":true}", "\"appZone\":true,\"x\":\"" + new string('a', LicenseEnvelope.MaxPayloadSize - Subscription.Length - 7) + "\"}"));
            Text("envelope-payload-at-maximum", $"A payload of exactly {LicenseEnvelope.MaxPayloadSize} bytes (padded with an unknown member).", Armor(Seal(big)), "valid", c => c with { Unrecognized = ["x"] });
        }

        private static byte[] Set(byte[] bytes, int index, byte value)
        {
            var copy = (byte[])bytes.Clone();
            copy[index] = value;
            return copy;
        }

        private static byte[] Set32(byte[] bytes, int index, uint value)
        {
            var copy = (byte[])bytes.Clone();
            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(index), value);
            return copy;
        }

        // ---- section 4: keys and the signature --------------------------------------------------

        private void SignatureCases()
        {
            _section = "4";
            var envelope = Seal(Utf8(Subscription));
            var n = envelope.Length - LicenseEnvelope.Overhead;
            var signatureAt = 17 + n;
            void Envelope(string id, string description, byte[] bytes, string expected, Func<CorpusCase, CorpusCase>? adjust = null) => Text(id, description, Armor(bytes), expected, adjust);

            Text("key-unknown", "Signed with the RFC 8032 TEST 2 key, which the verifier does not trust.", File(Subscription, Other), "unknown-key");
            Text("key-other-trusted", "Signed with the TEST 2 key, trusted alongside the vector key.", File(Subscription, Other), "valid", c => c with { TrustedKeys = ["vector", "other"] });
            Text("key-none-trusted", "A verifier that trusts no key.", File(Subscription), "unknown-key", c => c with { TrustedKeys = [] });
            Text("key-development-refused", "Signed with the example key, trusted, development keys not allowed.", File(Subscription, Example), "development-key-not-allowed", c => c with { TrustedKeys = ["vector", "example"] });
            Text("key-development-refused-untrusted", "Signed with the example key, not trusted, development keys not allowed: the development check comes first.", File(Subscription, Example), "development-key-not-allowed");
            Text("key-development-allowed", "Signed with the example key, trusted, development keys allowed.", File(Subscription, Example), "valid", c => c with { TrustedKeys = ["example"], AllowDevelopmentKeys = true });
            Text("key-development-allowed-untrusted", "Signed with the example key, development keys allowed but the key not trusted: allowing does not trust.", File(Subscription, Example), "unknown-key", c => c with { AllowDevelopmentKeys = true });
            Envelope("key-id-of-trusted-key-signed-by-other", "The vector key's id on a file signed by the TEST 2 key.", WithCheck(Seal(Utf8(Subscription), Other).Also(e => Vector.Id.WriteTo(e.AsSpan(5, 8)))), "bad-signature");
            Envelope("key-id-changed", "The key id changed to an unknown one, check recomputed.", WithCheck(Set(envelope, 5, (byte)(envelope[5] ^ 1))), "unknown-key");

            Envelope("signature-bit-flipped-r", "One bit of R flipped, check recomputed.", WithCheck(Set(envelope, signatureAt, (byte)(envelope[signatureAt] ^ 1))), "bad-signature");
            Envelope("signature-bit-flipped-s", "One bit of S flipped, check recomputed.", WithCheck(Set(envelope, signatureAt + 40, (byte)(envelope[signatureAt + 40] ^ 4))), "bad-signature");
            Envelope("signature-zero", "An all-zero signature, check recomputed.", WithCheck(Fill(envelope, signatureAt, 64, 0)), "bad-signature");
            Envelope("signature-ones", "An all-0xFF signature, check recomputed.", WithCheck(Fill(envelope, signatureAt, 64, 0xFF)), "bad-signature");
            Envelope("signature-payload-edited", "\"agents\":25 changed to 95 and the check recomputed: an edit.", WithCheck(Replace(envelope, Utf8("\"agents\":25"), Utf8("\"agents\":95"))), "bad-signature");
            Envelope("signature-serial-edited", "The serial edited, check recomputed.", WithCheck(Replace(envelope, Utf8("\"serial\":1001"), Utf8("\"serial\":1009"))), "bad-signature");
            Envelope("signature-domain-tag-missing", "Signed over the envelope header and payload without the domain tag.", Crafted(Utf8(Subscription), (message, seed) => Ed25519Sign(seed, message[LicenseEnvelope.DomainTag.Length..])), "bad-signature");
            Envelope("signature-payload-only", "Signed over the payload alone.", Crafted(Utf8(Subscription), (message, seed) => Ed25519Sign(seed, message[(LicenseEnvelope.DomainTag.Length + 17)..])), "bad-signature");

            var (scalar, prefix) = Edwards25519.Expand(Convert.FromHexString(VectorSeed));
            var a = Vector.PublicKey.Bytes.ToArray();
            byte[] Sign(byte[] message, Func<BigInteger, Edwards25519.Point> makeR, Func<BigInteger, BigInteger>? adjustS = null)
            {
                var r = Edwards25519.FromLittleEndian(SHA512.HashData([.. prefix, .. message])) % Edwards25519.L;
                var rBytes = Edwards25519.Encode(makeR(r));
                var k = Edwards25519.Challenge(rBytes, a, message);
                var s = (r + (k * scalar)) % Edwards25519.L;
                return [.. rBytes, .. Edwards25519.ToLittleEndian(adjustS?.Invoke(s) ?? s)];
            }

            var torsion = Edwards25519.TorsionPointOfOrder8();
            Envelope("signature-reference-by-construction", "A signature made with the corpus's own arithmetic, R = [r]B: valid (the crafted cases below differ from it in one way each).", Crafted(Utf8(Subscription), (m, _) => Sign(m, r => Edwards25519.Multiply(r, Edwards25519.Base))), "valid");
            Envelope("signature-s-plus-l", "S replaced by S + L (non-canonical S): the equation still holds, but S ≥ L MUST be rejected.", Crafted(Utf8(Subscription), (m, _) => Sign(m, r => Edwards25519.Multiply(r, Edwards25519.Base), s => s + Edwards25519.L)), "bad-signature");
            Envelope("signature-s-plus-8l", "S + 8L, top bits set.", Crafted(Utf8(Subscription), (m, _) => Sign(m, r => Edwards25519.Multiply(r, Edwards25519.Base), s => s + (8 * Edwards25519.L))), "bad-signature");
            Envelope("signature-mixed-order-r", "R = [r]B + T with T of order 8: the cofactored equation of section 4 holds (the cofactorless one would not), so it verifies.", Crafted(Utf8(Subscription), (m, _) => Sign(m, r => Edwards25519.Add(Edwards25519.Multiply(r, Edwards25519.Base), torsion))), "valid");
            Envelope("signature-small-order-r", "R = T of order 8 and S = k·a: the cofactored equation holds (the cofactorless one would not), so it verifies.", Crafted(Utf8(Subscription), (m, _) => SignWithFixedR(m, Edwards25519.Encode(torsion), a, scalar)), "valid");
            Envelope("signature-identity-r", "R = the neutral point (canonical) and S = k·a: [S]B = R + [k]A holds in both equations; RFC 8032 allows a small-order R.", Crafted(Utf8(Subscription), (m, _) => SignWithFixedR(m, Edwards25519.ToLittleEndian(1), a, scalar)), "valid");
            Envelope("signature-identity-r-non-canonical", "R = the neutral point encoded with y = p + 1: a non-canonical R MUST be rejected.", Crafted(Utf8(Subscription), (m, _) => SignWithFixedR(m, Edwards25519.ToLittleEndian(Edwards25519.P + 1), a, scalar)), "bad-signature");
            var zeroXSignBit = Edwards25519.ToLittleEndian(1).Also(r => r[31] |= 0x80);
            Envelope("signature-r-zero-x-sign-bit", "R encodes y = 1 with the sign bit set: x = 0 has no negative, so this is no encoding of a point.", Crafted(Utf8(Subscription), (m, _) => SignWithFixedR(m, zeroXSignBit, a, scalar)), "bad-signature");
            Envelope("signature-r-not-on-curve", "R bytes that decode to no point.", Crafted(Utf8(Subscription), (m, _) => SignWithFixedR(m, Edwards25519.NotAPoint(), a, scalar)), "bad-signature");
        }

        private static byte[] SignWithFixedR(byte[] message, byte[] r, byte[] a, BigInteger scalar)
        {
            var k = Edwards25519.Challenge(r, a, message);
            return [.. r, .. Edwards25519.ToLittleEndian(k * scalar % Edwards25519.L)];
        }

        private static byte[] Ed25519Sign(byte[] seed, ReadOnlySpan<byte> message)
        {
            using var key = SigningKey.FromPrivateKey(seed);
            var signature = new byte[64];
            key.Sign(message, signature);
            return signature;
        }

        /// <summary>An envelope whose signature comes from <paramref name="sign"/>, given the signed message M and the vector seed.</summary>
        private static byte[] Crafted(byte[] payload, Func<byte[], byte[], byte[]> sign)
        {
            var seed = Convert.FromHexString(VectorSeed);
            return WithCheck(LicenseEnvelope.Seal(payload, Vector.Id, (message, signature) => sign(message.ToArray(), seed).CopyTo(signature)));
        }

        private static byte[] Fill(byte[] bytes, int start, int count, byte value)
        {
            var copy = (byte[])bytes.Clone();
            copy.AsSpan(start, count).Fill(value);
            return copy;
        }

        private static byte[] Replace(byte[] bytes, byte[] from, byte[] to)
        {
            var at = bytes.AsSpan().IndexOf(from);
            var copy = (byte[])bytes.Clone();
            to.CopyTo(copy.AsSpan(at));
            return copy;
        }

        // ---- section 5: the payload as JSON -----------------------------------------------------

        private void PayloadSyntax()
        {
            _section = "5";
            var p = Subscription;
            PayloadBytes("payload-bom", "The payload starts with a byte-order mark.", [0xEF, 0xBB, 0xBF, .. Utf8(p)], "malformed");
            PayloadBytes("payload-utf8-overlong-in-name", "The customer name holds the overlong sequence C0 A0.", Splice(p, "Acme Contact", [0xC0, 0xA0]), "malformed");
            PayloadBytes("payload-utf8-lone-continuation", "A lone continuation byte 0x80 in the customer name.", Splice(p, "Acme Contact", [0x80]), "malformed");
            PayloadBytes("payload-utf8-encoded-surrogate", "A UTF-8-encoded surrogate (ED A0 80) in the customer name.", Splice(p, "Acme Contact", [0xED, 0xA0, 0x80]), "malformed");
            PayloadBytes("payload-utf8-beyond-unicode", "F4 90 80 80 (above U+10FFFF) in the customer name.", Splice(p, "Acme Contact", [0xF4, 0x90, 0x80, 0x80]), "malformed");
            PayloadBytes("payload-utf8-truncated-sequence", "E2 82 followed by a quote in the customer name.", Splice(p, "Acme Contact Center", [0xE2, 0x82]), "malformed");
            PayloadBytes("payload-utf8-in-unknown-member", "Invalid UTF-8 (C0 A0) inside the value of an unknown member.", Splice(p[..^1] + ",\"note\":\"x\"}", "\"note\":\"x", [0xC0, 0xA0]), "malformed");
            Payload("payload-array", "A JSON array.", "[" + p + "]", "malformed");
            Payload("payload-string", "A JSON string.", "\"license\"", "malformed");
            Payload("payload-null", "The JSON literal null.", "null", "malformed");
            Payload("payload-number", "A JSON number.", "1001", "malformed");
            Payload("payload-trailing-data", "A second value after the object.", p + "{}", "malformed");
            Payload("payload-trailing-garbage", "Text after the object.", p + "x", "malformed");
            Payload("payload-two-objects", "Two objects.", p + p, "malformed");
            Payload("payload-line-comment", "A // comment.", Edit(p, "{\"serial\"", "{// note\n\"serial\""), "malformed");
            Payload("payload-block-comment", "A /* */ comment.", Edit(p, "{\"serial\"", "{/* note */\"serial\""), "malformed");
            Payload("payload-trailing-comma-object", "A trailing comma in the object.", p[..^1] + ",}", "malformed");
            Payload("payload-trailing-comma-array", "A trailing comma in an array.", Edit(p, "\"botify\"]", "\"botify\",]"), "malformed");
            Payload("payload-single-quotes", "A single-quoted string.", Edit(p, "\"plan\":\"omnichannel\"", "\"plan\":'omnichannel'"), "malformed");
            Payload("payload-unquoted-name", "An unquoted member name.", Edit(p, "\"plan\":", "plan:"), "malformed");
            Payload("payload-raw-control-in-string", "A raw tab inside a string (JSON requires \\t).", Edit(p, "Acme Contact", "Acme\tContact"), "malformed");
            Payload("payload-invalid-escape", "The escape \\x41.", Edit(p, "Acme Contact", "Acme\\x41Contact"), "malformed");
            Payload("payload-nan", "NaN as a value.", Edit(p, "\"graceDays\":7", "\"graceDays\":NaN"), "malformed");
            Payload("payload-leading-zero", "The number 07 (JSON forbids leading zeros).", Edit(p, "\"graceDays\":7", "\"graceDays\":07"), "malformed");
            Payload("payload-whitespace", "Whitespace between every token is allowed.", JsonNode.Parse(p)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), "valid");
            Payload("payload-members-reordered", "Members in reverse order: order never matters.", Structural(p, o => { var items = o.ToList(); o.Clear(); foreach (var (k, v) in Enumerable.Reverse(items)) { o[k] = v; } }), "valid");
            Payload("payload-depth-8", "Eight levels of nesting, inside an unknown member.", p[..^1] + ",\"x\":[[[[[[[1]]]]]]]}", "valid", c => c with { Unrecognized = ["x"] });
            Payload("payload-depth-9", "Nine levels of nesting, inside an unknown member.", p[..^1] + ",\"x\":[[[[[[[[1]]]]]]]]}", "malformed");
            Payload("payload-depth-9-objects", "Nine levels of objects.", p[..^1] + ",\"x\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}", "malformed");
            Payload("payload-depth-brackets-in-strings", "Brackets inside strings do not count as nesting.", p[..^1] + ",\"x\":\"[[[[[[[[[[{{{{{{{{{{\"}", "valid", c => c with { Unrecognized = ["x"] });

            Payload("payload-duplicate-member", "'plan' twice.", Edit(p, "\"plan\":\"omnichannel\"", "\"plan\":\"omnichannel\",\"plan\":\"voice\""), "malformed");
            Payload("payload-duplicate-member-same-value", "'graceDays' twice with the same value.", Edit(p, "\"graceDays\":7", "\"graceDays\":7,\"graceDays\":7"), "malformed");
            Payload("payload-duplicate-by-escape", "\"t\\u006Fken\" and \"token\" are the same name.", Edit(p, "\"token\":", "\"t\\u006Fken\":\"K7QX-2M9F-H4TB-8WZC\",\"token\":"), "malformed");
            Payload("payload-duplicate-in-customer", "'email' twice inside 'customer'.", Edit(p, "\"email\":\"it@acme.example\"", "\"email\":\"it@acme.example\",\"email\":\"x@acme.example\""), "malformed");
            Payload("payload-duplicate-in-staff", "'agents' twice inside 'staff'.", Edit(p, "\"agents\":25", "\"agents\":25,\"agents\":500"), "malformed");
            Payload("payload-duplicate-in-sessions", "'ivrChannels' twice inside 'sessions'.", Edit(p, "\"ivrChannels\":30", "\"ivrChannels\":30,\"ivrChannels\":300"), "malformed");
            Payload("payload-duplicate-unknown-top", "An unknown member twice.", p[..^1] + ",\"x\":1,\"x\":2}", "malformed");
            Payload("payload-duplicate-inside-unknown-value", "A repeated name inside the value of an unknown member.", p[..^1] + ",\"x\":{\"a\":1,\"a\":2}}", "malformed");
            Payload("payload-duplicate-deep-in-unknown-value", "A repeated name three levels inside an unknown member.", p[..^1] + ",\"x\":[{\"b\":[{\"a\":1,\"a\":2}]}]}", "malformed");
            Payload("payload-duplicate-unknown-in-staff", "An unknown member twice inside 'staff'.", Edit(p, "\"mobileAgents\":4", "\"mobileAgents\":4,\"supervisors\":1,\"supervisors\":2"), "malformed");
            Payload("payload-case-variant-known", "'Plan' beside 'plan'.", Edit(p, "\"plan\":\"omnichannel\"", "\"plan\":\"omnichannel\",\"Plan\":\"voice\""), "malformed");
            Payload("payload-case-variant-unknown", "'note' and 'NOTE', both unknown.", p[..^1] + ",\"note\":1,\"NOTE\":2}", "malformed");
            Payload("payload-case-variant-in-customer", "'Email' beside 'email'.", Edit(p, "\"email\":\"it@acme.example\"", "\"email\":\"it@acme.example\",\"Email\":\"x@acme.example\""), "malformed");
            Payload("payload-case-variant-inside-unknown-value", "'a' and 'A' inside an unknown member's value.", p[..^1] + ",\"x\":{\"a\":1,\"A\":2}}", "malformed");
            Payload("payload-case-variant-by-escape", "\"\\u0050lan\" (Plan) beside 'plan'.", Edit(p, "\"plan\":\"omnichannel\"", "\"plan\":\"omnichannel\",\"\\u0050lan\":\"voice\""), "malformed");
            Payload("payload-case-variant-non-ascii-is-distinct", "'ä' and 'Ä' differ beyond ASCII: two distinct unknown members, allowed.", p[..^1] + ",\"\\u00e4\":1,\"\\u00c4\":2}", "valid", c => c with { Unrecognized = ["ä", "Ä"] });
            Payload("payload-names-differ-in-digits", "'x1' and 'x2' are two names (found by fuzzing: the case check once threw on digits).", p[..^1] + ",\"x1\":0,\"x2\":0}", "valid", c => c with { Unrecognized = ["x1", "x2"] });
            Payload("payload-names-differ-by-case-bit-not-letters", "'a@' and 'a`', 'a[' and 'a{' differ only in the ASCII case bit, but are not letters: four names.", p[..^1] + ",\"a@\":0,\"a`\":0,\"a[\":0,\"a{\":0}", "valid", c => c with { Unrecognized = ["a@", "a`", "a[", "a{"] });
            Payload("payload-many-members", "300 unknown members in one object: the format sets no limit on members (found by fuzzing: the reader once refused more than 256).", p[..^1] + string.Concat(Enumerable.Range(0, 300).Select(i => $",\"m{i}\":0")) + "}", "valid", c => c with { Unrecognized = [.. Enumerable.Range(0, 300).Select(i => $"m{i}")] });
            Payload("payload-same-name-in-different-objects", "'name' at the top and inside 'customer' is no repetition.", p[..^1] + ",\"name\":\"x\"}", "valid", c => c with { Unrecognized = ["name"] });

            Payload("payload-lone-high-surrogate", "\"Red\\ud800Team\" as the customer name.", Edit(p, "Acme Contact Center", "Red\\ud800Team"), "malformed");
            Payload("payload-lone-low-surrogate", "\"\\udc00\" in the customer name.", Edit(p, "Acme Contact Center", "Acme\\udc00"), "malformed");
            Payload("payload-reversed-surrogates", "A low surrogate before a high one.", Edit(p, "Acme Contact Center", "Acme \\udc00\\ud800"), "malformed");
            Payload("payload-high-surrogate-at-end", "A high surrogate escape ending the string.", Edit(p, "Acme Contact Center", "Acme\\ud83d"), "malformed");
            Payload("payload-surrogate-pair-valid", "A correct surrogate pair (U+1F600) in the customer name.", Edit(p, "Acme Contact Center", "Acme \\ud83d\\ude00"), "valid");
            Payload("payload-lone-surrogate-in-member-name", "A lone surrogate in an unknown member's name.", p[..^1] + ",\"x\\ud800\":1}", "malformed");
            Payload("payload-lone-surrogate-in-unknown-value", "A lone surrogate in an unknown member's value.", p[..^1] + ",\"note\":\"x\\ud800y\"}", "malformed");
            Payload("payload-lone-surrogate-deep-in-unknown-value", "A lone surrogate inside an array inside an unknown member.", p[..^1] + ",\"note\":[{\"a\":[\"\\udfff\"]}]}", "malformed");
            Payload("payload-lone-surrogate-in-entitlement", "A lone surrogate in an entitlement name.", Edit(p, "\"botify\"", "\"botify\",\"\\ud800\""), "malformed");
            Payload("payload-escaped-ascii", "Ordinary characters written as escapes decode as themselves.", Edit(p, "\"plan\":\"omnichannel\"", "\"plan\":\"\\u006fmnichannel\""), "valid");
            Payload("payload-escaped-solidus", "\"\\/\" is '/', allowed in the customer name.", Edit(p, "Acme Contact Center", "Acme\\/Contact Center"), "valid");
        }

        /// <summary>The payload with <paramref name="bytes"/> inserted after the first occurrence of <paramref name="after"/>.</summary>
        private static byte[] Splice(string payload, string after, byte[] bytes)
        {
            var utf8 = Utf8(payload);
            var at = utf8.AsSpan().IndexOf(Utf8(after)) + Utf8(after).Length;
            return [.. utf8[..at], .. bytes, .. utf8[at..]];
        }

        // ---- section 5.1: members and types -----------------------------------------------------

        private void Members()
        {
            _section = "5.1";
            var p = Subscription;
            string[] required = ["serial", "lineage", "revision", "kind", "issuedAt", "validFrom", "graceDays", "token", "customer", "staff", "channels", "modules", "sessions", "addOns", "ai", "plugins", "softwareUpdate", "appZone"];
            foreach (var name in required)
            {
                Payload($"member-missing-{name}", $"The required member '{name}' missing.", Structural(p, o => o.Remove(name)), "malformed");
            }

            Payload("member-missing-expires-at-subscription", "A subscription without 'expiresAt'.", Structural(p, o => o.Remove("expiresAt")), "malformed");
            foreach (var name in new[] { "name", "email" })
            {
                Payload($"member-missing-customer-{name}", $"'customer.{name}' missing.", Structural(p, o => o["customer"]!.AsObject().Remove(name)), "malformed");
            }

            foreach (var name in new[] { "admins", "users", "agents", "telephones", "mobileAgents" })
            {
                Payload($"member-missing-staff-{name}", $"'staff.{name}' missing.", Structural(p, o => o["staff"]!.AsObject().Remove(name)), "malformed");
            }

            foreach (var name in new[] { "ivrChannels", "channelSessions" })
            {
                Payload($"member-missing-sessions-{name}", $"'sessions.{name}' missing.", Structural(p, o => o["sessions"]!.AsObject().Remove(name)), "malformed");
            }

            (string Name, string Json)[] wrongTypes =
            [
                ("serial", "\"1001\""), ("lineage", "true"), ("revision", "[1]"), ("kind", "1"), ("issuedAt", "1793525400"),
                ("validFrom", "null"), ("expiresAt", "{}"), ("graceDays", "\"7\""), ("token", "123"), ("customer", "\"Acme\""),
                ("plan", "1"), ("billing", "true"), ("supportPlan", "[]"), ("staff", "[1,12,25,25,4]"), ("channels", "\"voice\""),
                ("modules", "{}"), ("sessions", "30"), ("addOns", "null"), ("ai", "\"aiAssistants\""), ("plugins", "{\"botify\":true}"),
                ("softwareUpdate", "\"true\""), ("appZone", "1"),
            ];
            foreach (var (name, json) in wrongTypes)
            {
                Payload($"type-{name}", $"'{name}' as {json}.", Structural(p, o => o[name] = JsonNode.Parse(json)), "malformed");
            }

            Payload("type-customer-name-number", "'customer.name' as a number.", Edit(p, "\"name\":\"Acme Contact Center\"", "\"name\":42"), "malformed");
            Payload("type-staff-agents-string", "'staff.agents' as a string.", Edit(p, "\"agents\":25", "\"agents\":\"25\""), "malformed");
            Payload("type-sessions-null", "'sessions.ivrChannels' as null.", Edit(p, "\"ivrChannels\":30", "\"ivrChannels\":null"), "malformed");
            Payload("type-entitlement-item-number", "A number inside 'channels'.", Edit(p, "\"channels\":[\"voice\"", "\"channels\":[1,\"voice\""), "malformed");
            Payload("type-entitlement-item-array", "An array inside 'plugins'.", Edit(p, "\"plugins\":[\"botify\"]", "\"plugins\":[[\"botify\"]]"), "malformed");

            (string Id, string Text, string Description)[] integers =
            [
                ("fraction", "25.0", "25.0 has a fraction"), ("exponent", "2.5e1", "2.5e1 has an exponent"), ("exponent-whole", "1e2", "1e2 is written with an exponent"),
                ("exponent-upper", "25E0", "25E0 is written with an exponent"), ("negative", "-1", "-1 is negative"), ("negative-zero", "-0", "-0 has a sign"),
                ("huge", "1000000000000000000000", "10^21 is out of every range"),
            ];
            foreach (var (id, text, description) in integers)
            {
                Payload($"integer-{id}", $"'staff.agents': {description}.", Edit(p, "\"agents\":25", $"\"agents\":{text}"), "malformed");
            }

            Payload("integer-zero-count", "'staff.users' 0 is in range.", Edit(p, "\"users\":12", "\"users\":0"), "valid");
            Payload("integer-serial-zero", "serial 0 (the range is 1 to 2^53−1).", Edit(p, "\"serial\":1001", "\"serial\":0"), "malformed");
            Payload("integer-serial-maximum", "serial 2^53−1.", Edit(p, "\"serial\":1001", "\"serial\":9007199254740991"), "valid", c => c with { Serial = 9007199254740991 });
            Payload("integer-serial-beyond-maximum", "serial 2^53.", Edit(p, "\"serial\":1001", "\"serial\":9007199254740992"), "malformed");
            Payload("integer-lineage-zero", "lineage 0.", Edit(p, "\"lineage\":1001", "\"lineage\":0"), "malformed");
            Payload("integer-lineage-beyond-maximum", "lineage 2^53.", Edit(p, "\"lineage\":1001", "\"lineage\":9007199254740992"), "malformed");
            Payload("integer-revision-zero", "revision 0 (the range is 1 to 2^31−1).", Edit(p, "\"revision\":1", "\"revision\":0"), "malformed");
            Payload("integer-revision-maximum", "revision 2^31−1.", Edit(p, "\"revision\":1", "\"revision\":2147483647"), "valid");
            Payload("integer-revision-beyond-maximum", "revision 2^31.", Edit(p, "\"revision\":1", "\"revision\":2147483648"), "malformed");
            Payload("integer-grace-days-maximum", "graceDays 30.", Edit(p, "\"graceDays\":7", "\"graceDays\":30"), "valid");
            Payload("integer-grace-days-beyond-maximum", "graceDays 31.", Edit(p, "\"graceDays\":7", "\"graceDays\":31"), "malformed");
            Payload("integer-count-maximum", "staff.agents 1,000,000.", Edit(p, "\"agents\":25", "\"agents\":1000000"), "valid");
            foreach (var (path, from) in new[] { ("admins", "\"admins\":1"), ("users", "\"users\":12"), ("agents", "\"agents\":25"), ("telephones", "\"telephones\":25"), ("mobileAgents", "\"mobileAgents\":4"), ("ivrChannels", "\"ivrChannels\":30"), ("channelSessions", "\"channelSessions\":60") })
            {
                Payload($"integer-count-beyond-maximum-{path}", $"'{path}' 1,000,001.", Edit(p, from, from.Split(':')[0] + ":1000001"), "malformed");
            }

            (string Id, string Value, string Expected, string Description)[] timestamps =
            [
                ("no-offset", "2026-11-01T09:30:00", "malformed", "no offset: never read as local time"),
                ("lower-case-t", "2026-11-01t09:30:00Z", "malformed", "a lower-case 't'"),
                ("lower-case-z", "2026-11-01T09:30:00z", "malformed", "a lower-case 'z'"),
                ("space-separator", "2026-11-01 09:30:00Z", "malformed", "a space instead of 'T'"),
                ("escaped-newline-after", "2026-11-01T09:30:00Z\\n", "malformed", "a newline (written \\n) after the offset"),
                ("escaped-digit", "\\u0032026-11-01T09:30:00Z", "valid", "its first digit written \\u0032: the grammar applies to the unescaped value"),
                ("leading-space", " 2026-11-01T09:30:00Z", "malformed", "a leading space"),
                ("no-seconds", "2026-11-01T09:30Z", "malformed", "no seconds"),
                ("fraction-7", "2026-11-01T09:30:00.1234567Z", "valid", "a 7-digit fraction"),
                ("fraction-8", "2026-11-01T09:30:00.12345678Z", "malformed", "an 8-digit fraction"),
                ("fraction-empty", "2026-11-01T09:30:00.Z", "malformed", "a '.' without digits"),
                ("offset-plus", "2026-11-01T10:30:00+01:00", "valid", "an offset of +01:00"),
                ("offset-minus", "2026-11-01T04:30:00-05:00", "valid", "an offset of -05:00"),
                ("offset-maximum", "2026-11-01T23:30:00+14:00", "valid", "the largest offset, +14:00"),
                ("offset-minimum", "2026-10-31T19:30:00-14:00", "valid", "the smallest offset, -14:00"),
                ("offset-beyond-maximum", "2026-11-01T23:31:00+14:01", "malformed", "an offset of +14:01"),
                ("offset-15", "2026-11-02T00:30:00+15:00", "malformed", "an offset of +15:00"),
                ("offset-minutes-60", "2026-11-01T10:30:00+00:60", "malformed", "60 offset minutes"),
                ("offset-no-colon", "2026-11-01T10:30:00+0100", "malformed", "an offset without its colon"),
                ("month-13", "2026-13-01T09:30:00Z", "malformed", "month 13"),
                ("month-0", "2026-00-01T09:30:00Z", "malformed", "month 0"),
                ("day-32", "2026-10-32T09:30:00Z", "malformed", "day 32"),
                ("day-0", "2026-11-00T09:30:00Z", "malformed", "day 0"),
                ("february-29-common-year", "2027-02-29T09:30:00Z", "malformed", "29 February of a common year"),
                ("hour-24", "2026-11-01T24:00:00Z", "malformed", "hour 24"),
                ("minute-60", "2026-11-01T09:60:00Z", "malformed", "minute 60"),
                ("leap-second", "2026-12-31T23:59:60Z", "malformed", "second 60 (leap seconds are not accepted)"),
                ("year-0", "0000-01-01T00:00:00Z", "malformed", "year 0000"),
                ("year-1-minus-offset", "0001-01-01T00:30:00+01:00", "malformed", "year 1 with an offset that puts the instant before year 1"),
                ("year-0-plus-offset", "0000-12-31T23:30:00-01:00", "malformed", "year 0000 with an offset that puts the instant in year 1 (found by fuzzing): the year written must be 0001 to 9999 too"),
                ("empty", "", "malformed", "the empty string"),
                ("date-only", "2026-11-01", "malformed", "a date without a time"),
            ];
            foreach (var (id, value, expected, description) in timestamps)
            {
                Payload($"timestamp-{id}", $"'issuedAt' with {description}.", Edit(p, "\"issuedAt\":\"2026-11-01T09:30:00Z\"", $"\"issuedAt\":\"{value}\""), expected);
            }

            Payload("timestamp-year-9999-plus-offset", "'expiresAt' 9999-12-31T23:59:59-01:00 is after year 9999 in UTC.", Edit(p, "\"expiresAt\":\"2027-11-01T09:30:00Z\"", "\"expiresAt\":\"9999-12-31T23:59:59-01:00\""), "malformed");
            Payload("timestamp-year-9999", "'expiresAt' 9999-12-31T23:59:59Z, the last second of the range.", Edit(p, "\"expiresAt\":\"2027-11-01T09:30:00Z\"", "\"expiresAt\":\"9999-12-31T23:59:59Z\""), "valid");

            foreach (var (name, value) in new[] { ("kind", "trial"), ("kind", "Subscription"), ("billing", "weekly"), ("billing", "Annual"), ("supportPlan", "gold") })
            {
                Payload($"enum-{name}-{value.ToLowerInvariant()}{(char.IsUpper(value[0]) ? "-capitalized" : "")}", $"'{name}' is \"{value}\".", Structural(p, o => o[name] = value), "malformed");
            }

            Payload("names-duplicate", "'channels' lists 'voice' twice.", Edit(p, "\"channels\":[\"voice\"", "\"channels\":[\"voice\",\"voice\""), "malformed");
            Payload("names-duplicate-unknown", "'addOns' lists an unknown name twice.", Edit(p, "\"addOns\":[\"webRtc\"", "\"addOns\":[\"coBrowsing\",\"coBrowsing\",\"webRtc\""), "malformed");
            Payload("names-empty-string", "An empty name in 'modules'.", Edit(p, "\"modules\":[\"contactsManager\"", "\"modules\":[\"\",\"contactsManager\""), "malformed");
            Payload("names-65-characters", "A 65-character name in 'ai'.", Edit(p, "\"ai\":[\"aiAssistants\"", $"\"ai\":[\"{new string('a', 65)}\",\"aiAssistants\""), "malformed");
            Payload("names-64-characters", "A 64-character unknown name in 'ai' is allowed and grants nothing.", Edit(p, "\"ai\":[\"aiAssistants\"", $"\"ai\":[\"{new string('a', 64)}\",\"aiAssistants\""), "valid", c => c with { Unrecognized = ["ai/" + new string('a', 64)] });
            Payload("names-dash", "A name with a '-' in 'plugins'.", Edit(p, "\"plugins\":[\"botify\"]", "\"plugins\":[\"botify\",\"queue-manager\"]"), "malformed");
            Payload("names-non-ascii", "A name with a non-ASCII letter in 'channels'.", Edit(p, "\"channels\":[\"voice\"", "\"channels\":[\"v\\u00f6ice\",\"voice\""), "malformed");
            Payload("names-case-matters", "'Voice' is not 'voice': an unknown name, allowed, granting nothing.", Edit(p, "\"channels\":[\"voice\",\"chat\",\"whatsApp\"]", "\"channels\":[\"Voice\",\"chat\",\"whatsApp\"]"), "valid", c => c with { Unrecognized = ["channels/Voice"] });
        }

        // ---- section 5.3: rules -----------------------------------------------------------------

        private void Rules()
        {
            _section = "5.3";
            var p = Subscription;
            Payload("rule-expires-equals-valid-from", "'expiresAt' equal to 'validFrom'.", Edit(p, "\"expiresAt\":\"2027-11-01T09:30:00Z\"", "\"expiresAt\":\"2026-11-01T09:30:00Z\""), "malformed");
            Payload("rule-expires-before-valid-from", "'expiresAt' before 'validFrom'.", Edit(p, "\"expiresAt\":\"2027-11-01T09:30:00Z\"", "\"expiresAt\":\"2025-11-01T09:30:00Z\""), "malformed");
            Payload("rule-expires-equal-instant-other-offset", "'expiresAt' the same instant as 'validFrom' written with another offset.", Edit(p, "\"expiresAt\":\"2027-11-01T09:30:00Z\"", "\"expiresAt\":\"2026-11-01T10:30:00+01:00\""), "malformed");

            (string Id, string Token, string Expected)[] tokens =
            [
                ("lower-case", "k7qx-2m9f-h4tb-8wzc", "malformed"), ("leading-dash", "-K7QX-2M9F", "malformed"), ("trailing-dash", "K7QX-2M9F-", "malformed"),
                ("double-dash", "K7QX--2M9F", "malformed"), ("space", "K7QX 2M9F", "malformed"), ("empty", "", "malformed"),
                ("non-ascii", "K7QX-2M9F-\\u00c4", "malformed"), ("underscore", "K7QX_2M9F", "malformed"), ("only-dash", "-", "malformed"),
            ];
            foreach (var (id, token, expected) in tokens)
            {
                Payload($"rule-token-{id}", $"'token' is \"{token}\".", Edit(p, "\"token\":\"K7QX-2M9F-H4TB-8WZC\"", $"\"token\":\"{token}\""), expected, c => c with { Token = null });
            }

            var token127 = string.Join("-", Enumerable.Repeat("ABCDEFG", 16)); // 16 groups of 7 and 15 dashes
            Payload("rule-token-length-128", "A 128-character token.", Edit(p, "\"token\":\"K7QX-2M9F-H4TB-8WZC\"", $"\"token\":\"{token127}H\""), "valid", c => c with { Token = null });
            Payload("rule-token-length-129", "A 129-character token.", Edit(p, "\"token\":\"K7QX-2M9F-H4TB-8WZC\"", $"\"token\":\"{token127}HH\""), "malformed", c => c with { Token = null });
            Payload("rule-token-single-group", "A token of one group.", Edit(p, "\"token\":\"K7QX-2M9F-H4TB-8WZC\"", "\"token\":\"K7QX\""), "valid", c => c with { Token = "K7QX" });

            var name200 = string.Concat(Enumerable.Repeat("\\ud83d\\ude00", 200));
            (string Id, string Name, string Expected, string Description)[] names =
            [
                ("empty", "", "malformed", "empty"),
                ("length-200", new string('a', 200), "valid", "200 characters"),
                ("length-201", new string('a', 201), "malformed", "201 characters"),
                ("astral-200", name200, "valid", "200 astral characters (400 UTF-16 code units): lengths count code points"),
                ("astral-201", name200 + "\\ud83d\\ude00", "malformed", "201 astral characters"),
                ("leading-space", " Acme", "malformed", "a leading space"),
                ("trailing-space", "Acme ", "malformed", "a trailing space"),
                ("trailing-no-break-space", "Acme\\u00a0", "malformed", "a trailing U+00A0 (White_Space)"),
                ("leading-ideographic-space", "\\u3000Acme", "malformed", "a leading U+3000 (White_Space)"),
                ("trailing-line-separator", "Acme\\u2028", "malformed", "a trailing U+2028 (White_Space)"),
                ("trailing-zero-width-space", "Acme\\u200b", "valid", "a trailing U+200B (not White_Space, not a control: the format allows it; the signer never writes it)"),
                ("inner-spaces", "Acme  Contact", "valid", "two spaces inside"),
                ("control-bel", "Acme\\u0007", "malformed", "U+0007"),
                ("control-nul", "Ac\\u0000me", "malformed", "U+0000"),
                ("control-newline", "Acme\\nContact", "malformed", "a newline inside"),
                ("control-del", "Acme\\u007f", "malformed", "U+007F"),
                ("control-c1", "Acme\\u0085Contact", "malformed", "U+0085, a C1 control"),
                ("control-c1-last", "Acme\\u009fContact", "malformed", "U+009F"),
                ("bidi-override", "Acme \\u202eretneC", "valid", "U+202E (a format character, not a control: allowed by the format, refused by the signer)"),
                ("non-ascii", "M\\u00fcller GmbH", "valid", "non-ASCII letters"),
            ];
            foreach (var (id, name, expected, description) in names)
            {
                Payload($"rule-customer-name-{id}", $"'customer.name' {description}.", Edit(p, "\"name\":\"Acme Contact Center\"", $"\"name\":\"{name}\""), expected);
            }

            (string Id, string Email, string Expected)[] emails =
            [
                ("no-at", "it.acme.example", "malformed"), ("two-at", "it@acme@example.com", "malformed"), ("at-first", "@acme.example", "malformed"),
                ("no-dot-in-domain", "it@localhost", "malformed"), ("dot-after-at", "it@.acme.example", "malformed"), ("ends-with-dot", "it@acme.example.", "malformed"),
                ("space", "it @acme.example", "malformed"), ("tab", "it@acme.\\texample", "malformed"), ("no-break-space", "it@acme.\\u00a0example", "malformed"),
                ("control", "it@acme.\\u0001example", "malformed"), ("empty", "", "malformed"), ("dot-in-local-part", "i.t@acme.example", "valid"),
                ("non-ascii", "m\\u00fcller@acme.example", "valid"), ("minimum", "a@b.c", "valid"), ("dot-before-at-only", "i.t@acme", "malformed"),
                ("length-254", new string('a', 254 - 13) + "@acme.example", "valid"), ("length-255", new string('a', 255 - 13) + "@acme.example", "malformed"),
            ];
            foreach (var (id, email, expected) in emails)
            {
                Payload($"rule-email-{id}", $"'customer.email' is \"{email}\".", Edit(p, "\"email\":\"it@acme.example\"", $"\"email\":\"{email}\""), expected);
            }

            (string Id, string Plan, string Expected)[] plans =
            [
                ("upper-case", "Omnichannel", "malformed"), ("leading-dash", "-voice", "malformed"), ("empty", "", "malformed"), ("underscore", "omni_channel", "malformed"),
                ("length-65", new string('p', 65), "malformed"), ("length-64", new string('p', 64), "valid"), ("leading-digit", "2025-voice", "valid"), ("trailing-dash", "voice-", "valid"),
            ];
            foreach (var (id, plan, expected) in plans)
            {
                Payload($"rule-plan-{id}", $"'plan' is \"{plan}\".", Edit(p, "\"plan\":\"omnichannel\"", $"\"plan\":\"{plan}\""), expected);
            }

            foreach (var name in new[] { "plan", "billing", "supportPlan" })
            {
                Payload($"rule-subscription-without-{name}", $"A subscription without '{name}'.", Structural(p, o => o.Remove(name)), "malformed");
            }

            Payload("rule-subscription-no-admin", "A subscription with 'staff.admins' 0.", Edit(p, "\"admins\":1", "\"admins\":0"), "malformed");
            Payload("rule-demo", "A demo.", Demo, "valid", c => c with { Serial = 1003 });
            Payload("rule-demo-with-billing", "A demo with 'billing'.", Structural(Demo, o => o["billing"] = "monthly"), "malformed");
            Payload("rule-demo-no-admin", "A demo with 'staff.admins' 0.", Edit(Demo, "\"admins\":1", "\"admins\":0"), "malformed");
            Payload("rule-demo-with-plan", "A demo may name a plan.", Structural(Demo, o => o["plan"] = "voice"), "valid");
            Payload("rule-demo-with-support-plan", "A demo may name a support plan.", Structural(Demo, o => o["supportPlan"] = "silver"), "valid");
            Payload("rule-demo-without-expires-at", "A demo without 'expiresAt'.", Structural(Demo, o => o.Remove("expiresAt")), "malformed");

            Payload("rule-deactivation", "A deactivation.", Deactivation, "valid", c => c with { Serial = 1002 });
            Payload("rule-deactivation-with-plan", "A deactivation may keep the plan, billing and support plan of the license it ends.", Structural(Deactivation, o => { o["plan"] = "omnichannel"; o["billing"] = "annual"; o["supportPlan"] = "platinum"; }), "valid");
            Payload("rule-deactivation-with-expires-at", "A deactivation may carry 'expiresAt'.", Structural(Deactivation, o => o["expiresAt"] = "2027-11-10T08:00:00Z"), "valid");
            foreach (var name in new[] { "admins", "users", "agents", "telephones", "mobileAgents" })
            {
                Payload($"rule-deactivation-grants-staff-{name}", $"A deactivation with 'staff.{name}' 1.", Edit(Deactivation, $"\"{name}\":0", $"\"{name}\":1"), "malformed");
            }

            Payload("rule-deactivation-grants-sessions", "A deactivation with 'sessions.channelSessions' 1.", Edit(Deactivation, "\"channelSessions\":0", "\"channelSessions\":1"), "malformed");
            foreach (var (list, name) in new[] { ("channels", "voice"), ("modules", "dialer"), ("addOns", "webRtc"), ("ai", "aiBots"), ("plugins", "botify") })
            {
                Payload($"rule-deactivation-grants-{list}", $"A deactivation listing '{name}' in '{list}'.", Edit(Deactivation, $"\"{list}\":[]", $"\"{list}\":[\"{name}\"]"), "malformed");
            }

            Payload("rule-deactivation-unknown-add-on", "A deactivation listing an unknown add-on: an array that is not empty.", Edit(Deactivation, "\"addOns\":[]", "\"addOns\":[\"coBrowsing\"]"), "malformed");
            Payload("rule-deactivation-software-update", "A deactivation with 'softwareUpdate' true.", Edit(Deactivation, "\"softwareUpdate\":false", "\"softwareUpdate\":true"), "malformed");
            Payload("rule-deactivation-app-zone", "A deactivation with 'appZone' true.", Edit(Deactivation, "\"appZone\":false", "\"appZone\":true"), "malformed");
        }

        // ---- section 6: critical ----------------------------------------------------------------

        private void Critical()
        {
            _section = "6";
            var p = Subscription;
            string With(string payload, string members) => payload[..^1] + "," + members + "}";
            Payload("critical-known", "'critical' names a known member: it changes nothing.", With(p, "\"critical\":[\"staff\"]"), "valid");
            Payload("critical-empty", "An empty 'critical'.", With(p, "\"critical\":[]"), "valid");
            Payload("critical-itself", "'critical' names itself, a known member.", With(p, "\"critical\":[\"critical\"]"), "valid");
            Payload("critical-unknown", "'critical' names a present member this verifier does not know.", With(p, "\"seatPools\":{\"agents\":5},\"critical\":[\"seatPools\"]"), "unsupported-version");
            Payload("critical-unknown-first-in-order", "The same, 'critical' written before the member.", Edit(p, "{\"serial\"", "{\"critical\":[\"seatPools\"],\"seatPools\":{\"agents\":5},\"serial\""), "unsupported-version");
            Payload("critical-unknown-and-known", "A known and an unknown name.", With(p, "\"seatPools\":1,\"critical\":[\"staff\",\"seatPools\"]"), "unsupported-version");
            Payload("critical-absent-member", "'critical' names a member that is not in the payload.", With(p, "\"critical\":[\"seatPools\"]"), "malformed");
            Payload("critical-absent-known-member", "'critical' names a known optional member that is absent.", Structural(With(p, "\"critical\":[\"plan\"]"), o => o.Remove("plan")), "malformed");
            Payload("critical-nested-name", "'critical' names a member of 'staff': only top-level names count.", Edit(With(p, "\"critical\":[\"supervisors\"]"), "\"mobileAgents\":4", "\"mobileAgents\":4,\"supervisors\":2"), "malformed");
            Payload("critical-not-array", "'critical' as a string.", With(p, "\"seatPools\":1,\"critical\":\"seatPools\""), "malformed");
            Payload("critical-object", "'critical' as an object.", With(p, "\"critical\":{}"), "malformed");
            Payload("critical-number-item", "A number inside 'critical'.", With(p, "\"critical\":[1]"), "malformed");
            Payload("critical-duplicate", "'critical' lists a name twice.", With(p, "\"seatPools\":1,\"critical\":[\"seatPools\",\"seatPools\"]"), "malformed");
            Payload("critical-duplicate-known", "'critical' lists a known name twice.", With(p, "\"critical\":[\"staff\",\"staff\"]"), "malformed");
            Payload("critical-case-differs", "'critical' names 'SeatPools' while the member is 'seatPools': names are case-sensitive.", With(p, "\"seatPools\":1,\"critical\":[\"SeatPools\"]"), "malformed");
            Payload("critical-before-missing-required", "An unknown critical member and a required member missing: 'critical' is decided first.", Structural(With(p, "\"seatPools\":1,\"critical\":[\"seatPools\"]"), o => o.Remove("staff")), "unsupported-version");
            Payload("critical-before-wrong-type", "An unknown critical member and 'graceDays' of the wrong type.", Edit(With(p, "\"seatPools\":1,\"critical\":[\"seatPools\"]"), "\"graceDays\":7", "\"graceDays\":\"7\""), "unsupported-version");
            Payload("critical-before-rule", "An unknown critical member in a deactivation that grants staff.", Edit(With(Deactivation, "\"seatPools\":1,\"critical\":[\"seatPools\"]"), "\"agents\":0", "\"agents\":5"), "unsupported-version");
            Payload("critical-after-syntax", "An unknown critical member and a repeated name: JSON-level rules come first.", With(p, "\"seatPools\":1,\"critical\":[\"seatPools\"],\"x\":1,\"x\":2"), "malformed");
            Payload("critical-after-surrogate", "An unknown critical member and a lone surrogate.", With(p, "\"seatPools\":\"\\ud800\",\"critical\":[\"seatPools\"]"), "malformed");
            Payload("critical-bad-then-unknown", "'critical' holding a number after an unknown present name.", With(p, "\"seatPools\":1,\"critical\":[\"seatPools\",1]"), "malformed");
            Payload("critical-absent-then-unknown", "'critical' naming an absent member after an unknown present one.", With(p, "\"seatPools\":1,\"critical\":[\"seatPools\",\"other\"]"), "malformed");
        }

        // ---- section 6: forward compatibility ---------------------------------------------------

        private void ForwardCompatibility()
        {
            _section = "6";
            var p = Subscription;
            Payload("forward-unknown-entitlement", "An add-on this verifier does not know: reported, granting nothing.", Edit(p, "\"addOns\":[\"webRtc\"", "\"addOns\":[\"coBrowsing\",\"webRtc\""), "valid", c => c with { Unrecognized = ["addOns/coBrowsing"] });
            Payload("forward-unknown-in-every-list", "An unknown name in each entitlement list.", Structural(p, o => { foreach (var list in new[] { "channels", "modules", "addOns", "ai", "plugins" }) { o[list]!.AsArray().Add("future"); } }), "valid", c => c with { Unrecognized = ["addOns/future", "ai/future", "channels/future", "modules/future", "plugins/future"] });
            Payload("forward-unknown-member", "An unknown top-level member.", p[..^1] + ",\"region\":\"eu\"}", "valid", c => c with { Unrecognized = ["region"] });
            Payload("forward-unknown-members-nested", "Unknown members inside customer, staff and sessions.", Edit(Edit(Edit(p, "\"email\":\"it@acme.example\"", "\"email\":\"it@acme.example\",\"vat\":\"IT1\""), "\"mobileAgents\":4", "\"mobileAgents\":4,\"supervisors\":2"), "\"channelSessions\":60", "\"channelSessions\":60,\"videoSessions\":4"), "valid", c => c with { Unrecognized = ["customer.vat", "sessions.videoSessions", "staff.supervisors"] });
            Payload("forward-unknown-member-any-json", "An unknown member may hold any JSON value, numbers such as -0 and 1e2 included.", p[..^1] + ",\"future\":{\"a\":[-0,1e2,2.5,null,true,\"\\u00e9\"]}}", "valid", c => c with { Unrecognized = ["future"] });
            Payload("forward-unknown-member-names-a-known-one-in-case", "An unknown member 'Staff' beside 'staff' is a case variant.", p[..^1] + ",\"Staff\":{}}", "malformed");
        }

        // ---- section 7: token and dates ---------------------------------------------------------

        private void TokenAndDates()
        {
            _section = "7";
            var file = File(Subscription);
            Text("token-mismatch", "Genuine, for another installation token.", file, "token-mismatch", c => c with { Token = "AAAA-BBBB-CCCC-DDDD" });
            Text("token-not-compared", "No token given: the token is not compared.", file, "valid", c => c with { Token = null });
            Text("token-typed-lower-case", "The server's token typed in lower case.", file, "valid", c => c with { Token = "k7qx-2m9f-h4tb-8wzc" });
            Text("token-typed-with-spaces", "The server's token with surrounding spaces and a tab.", file, "valid", c => c with { Token = " \tK7QX-2M9F-H4TB-8WZC  " });
            Text("token-typed-with-no-break-space", "Surrounding U+00A0 is White_Space and is trimmed too.", file, "valid", c => c with { Token = "\u00a0K7QX-2M9F-H4TB-8WZC\u00a0" });
            Text("token-typed-inner-space", "A space inside the typed token is not trimmed.", file, "token-mismatch", c => c with { Token = "K7QX-2M9F -H4TB-8WZC" });
            Text("token-typed-unicode-case", "'ſ' (U+017F) is not an ASCII case variant of 'S'.", File(Edit(Subscription, "\"token\":\"K7QX-2M9F-H4TB-8WZC\"", "\"token\":\"S7QX-2M9F-H4TB-8WZC\"")), "token-mismatch", c => c with { Token = "\u017f7QX-2M9F-H4TB-8WZC" });
            Text("token-typed-kelvin", "'K' (U+212A Kelvin sign) is not 'K'.", file, "token-mismatch", c => c with { Token = "\u212a7QX-2M9F-H4TB-8WZC" });
            Text("time-before-valid-from", "One second before 'validFrom'.", file, "not-yet-valid", c => c with { Now = "2026-11-01T09:29:59Z" });
            Text("time-at-valid-from", "Exactly at 'validFrom'.", file, "valid", c => c with { Now = "2026-11-01T09:30:00Z" });
            Text("time-before-expiry", "One tenth of a microsecond before 'expiresAt'.", file, "valid", c => c with { Now = "2027-11-01T09:29:59.9999999Z" });
            Text("time-at-expiry", "Exactly at 'expiresAt'.", file, "expired", c => c with { Now = "2027-11-01T09:30:00Z" });
            Text("time-after-expiry", "A year after 'expiresAt'.", file, "expired", c => c with { Now = "2028-11-01T09:30:00Z" });
            Text("time-expired-other-token", "Expired and for another token: the token is compared first.", file, "token-mismatch", c => c with { Now = "2028-11-01T09:30:00Z", Token = "AAAA-BBBB" });
            Text("time-not-yet-valid-other-token", "Not yet valid and for another token: the token is compared first.", file, "token-mismatch", c => c with { Now = "2026-01-01T00:00:00Z", Token = "AAAA-BBBB" });
            Text("time-offsets-compare-as-instants", "'validFrom' written +01:00 compares as the instant it names.", File(Edit(Subscription, "\"validFrom\":\"2026-11-01T09:30:00Z\"", "\"validFrom\":\"2026-11-23T12:30:00+01:00\"")), "valid", c => c with { Now = "2026-11-23T11:30:00Z" });
            Text("time-offsets-not-yet", "The same, one second earlier.", File(Edit(Subscription, "\"validFrom\":\"2026-11-01T09:30:00Z\"", "\"validFrom\":\"2026-11-23T12:30:00+01:00\"")), "not-yet-valid", c => c with { Now = "2026-11-23T11:29:59Z" });
            Text("time-deactivation-never-expires", "A deactivation without 'expiresAt' is in force forever after 'validFrom'.", File(Deactivation), "valid", c => c with { Now = "9999-01-01T00:00:00Z" });
            Text("time-demo-expired", "The demo, after its 30 days.", File(Demo), "expired", c => c with { Now = "2026-12-20T10:00:00Z" });
            Text("time-malformed-before-time", "A malformed payload is malformed at any time.", File(Edit(Subscription, "\"graceDays\":7", "\"graceDays\":70")), "malformed", c => c with { Now = "2000-01-01T00:00:00Z", Token = "AAAA" });
        }
    }
}

internal static class CorpusExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
