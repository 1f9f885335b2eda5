using System.Security.Cryptography;
using System.Text;
using Xcally.Licensing.Document;
using Xcally.Licensing.Format;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Verification;

/// <summary>Every class of bad input gets its own status and a reason that names the problem; none throws.</summary>
public sealed class BadInputTests
{
    private static readonly string s_file = TestLicenses.SubscriptionFile;
    private static readonly string s_payload = Encoding.UTF8.GetString(LicensePayloadWriter.Write(TestLicenses.Subscription));

    private static LicenseVerificationResult Verify(string text) => TestLicenses.Verifier().Verify(text);

    private static LicenseVerificationResult VerifyPayload(string json) => Verify(TestLicenses.SignRawPayload(Encoding.UTF8.GetBytes(json)));

    private static string Edit(string from, string to)
    {
        Assert.Contains(from, s_payload, StringComparison.Ordinal);
        return s_payload.Replace(from, to, StringComparison.Ordinal);
    }

    private static void AssertFails(LicenseVerificationResult result, LicenseVerificationStatus status, string reasonFragment)
    {
        Assert.Equal(status, result.Status);
        Assert.False(result.IsValid);
        Assert.Contains(reasonFragment, result.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_untouched_file_is_valid() => Assert.True(Verify(s_file).IsValid);

    [Theory]
    [InlineData("")]
    [InlineData("Hello, here is the license you asked for.")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAytOz8FXZyYzI7QKACH3JiSwcSsKKuW0yiNVhGyHyCaw=\n-----END PUBLIC KEY-----\n")]
    public void Text_without_a_license_block_is_reported_as_not_found(string text) =>
        AssertFails(Verify(text), LicenseVerificationStatus.NotFound, "no license found");

    [Fact]
    public void A_block_without_its_END_line_is_truncated() =>
        AssertFails(Verify(s_file[..s_file.IndexOf("-----END", StringComparison.Ordinal)]), LicenseVerificationStatus.Truncated, "END");

    [Fact]
    public void A_block_cut_in_the_middle_is_truncated() =>
        AssertFails(Verify(s_file[..(s_file.Length / 2)]), LicenseVerificationStatus.Truncated, "cut short");

    [Fact]
    public void A_block_that_lost_its_BEGIN_line_is_truncated() =>
        AssertFails(Verify(s_file.Replace(LicenseArmor.BeginMarker, string.Empty, StringComparison.Ordinal)), LicenseVerificationStatus.Truncated, "beginning");

    [Fact]
    public void A_block_that_lost_whole_lines_of_its_body_is_truncated()
    {
        var lines = s_file.Split('\n').ToList();
        var begin = lines.IndexOf(LicenseArmor.BeginMarker);
        lines.RemoveRange(begin + 3, 2);
        AssertFails(Verify(string.Join('\n', lines)), LicenseVerificationStatus.Truncated, "missing");
    }

    [Fact]
    public void Two_pasted_blocks_are_refused_even_when_identical() =>
        AssertFails(Verify(s_file + "\n" + s_file), LicenseVerificationStatus.MultipleLicenses, "2 licenses");

    [Fact]
    public void A_changed_character_in_the_body_is_damage_in_transit_not_forgery()
    {
        var lines = s_file.Split('\n');
        var line = Array.IndexOf(lines, LicenseArmor.BeginMarker) + 2;
        lines[line] = (lines[line][0] == 'A' ? 'B' : 'A') + lines[line][1..];
        AssertFails(Verify(string.Join('\n', lines)), LicenseVerificationStatus.Damaged, "damaged in transit");
    }

    [Theory]
    [InlineData("*")]
    [InlineData("Version: 1")]
    [InlineData("=3D")]
    public void Characters_that_are_never_in_a_license_are_damage(string inserted)
    {
        var lines = s_file.Split('\n').ToList();
        lines.Insert(lines.IndexOf(LicenseArmor.BeginMarker) + 1, inserted);
        Assert.Equal(LicenseVerificationStatus.Damaged, Verify(string.Join('\n', lines)).Status);
    }

    [Fact]
    public void Non_canonical_base64_padding_bits_are_damage()
    {
        // The last group before "=" carries unused bits; a lenient decoder would map two texts to one envelope.
        var block = TestLicenses.SignRawPayload("{ }"u8);
        var end = block.IndexOf('=', block.IndexOf(LicenseArmor.BeginMarker, StringComparison.Ordinal) + LicenseArmor.BeginMarker.Length);
        Assert.True(end > 0, "the test payload must produce padding");
        var last = block[end - 1];
        var alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        var tweaked = alphabet[alphabet.IndexOf(last, StringComparison.Ordinal) ^ 1];
        var result = Verify(block[..(end - 1)] + tweaked + block[end..]);
        Assert.Equal(LicenseVerificationStatus.Damaged, result.Status);
    }

    [Fact]
    public void A_newer_format_version_says_to_update()
    {
        var envelope = DecodeBlock(s_file);
        envelope[4] = 2;
        Reseal(envelope);
        var result = Verify(LicenseArmor.Write(envelope, []));
        AssertFails(result, LicenseVerificationStatus.UnsupportedVersion, "newer signer");
        Assert.Contains("Update", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_license_signed_by_a_key_that_is_not_trusted_is_an_unknown_key_not_damage()
    {
        var result = Verify(TestLicenses.ForeignKey.Issue(TestLicenses.Subscription));
        AssertFails(result, LicenseVerificationStatus.UnknownKey, TestLicenses.ForeignKey.Id.ToString());
        Assert.Equal(TestLicenses.ForeignKey.Id, result.KeyId);
    }

    [Fact]
    public void An_edited_payload_with_a_recomputed_check_is_a_bad_signature()
    {
        var envelope = DecodeBlock(s_file);
        var agents = Encoding.ASCII.GetBytes("\"agents\":25");
        var at = envelope.AsSpan().IndexOf(agents);
        envelope[at + agents.Length - 2] = (byte)'9'; // 25 agents become 95
        Reseal(envelope);
        AssertFails(Verify(LicenseArmor.Write(envelope, [])), LicenseVerificationStatus.BadSignature, "edited after it was signed");
    }

    [Fact]
    public void A_swapped_key_id_is_a_bad_signature_because_the_key_id_is_signed()
    {
        var trusted = new TrustedKeys([TestLicenses.Key.PublicKey, TestLicenses.ForeignKey.PublicKey]);
        var envelope = DecodeBlock(TestLicenses.ForeignKey.Issue(TestLicenses.Subscription));
        TestLicenses.Key.Id.WriteTo(envelope.AsSpan(5, 8));
        Reseal(envelope);
        var result = new LicenseVerifier(trusted, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestLicenses.Now)).Verify(LicenseArmor.Write(envelope, []));
        Assert.Equal(LicenseVerificationStatus.BadSignature, result.Status);
    }

    [Fact]
    public void Oversize_text_is_refused_before_it_is_decoded()
    {
        var huge = new string('A', 10 * 1024 * 1024);
        AssertFails(Verify(huge), LicenseVerificationStatus.TooLarge, "more than");
        AssertFails(TestLicenses.Verifier().Verify(Encoding.ASCII.GetBytes(huge)), LicenseVerificationStatus.TooLarge, "bytes");
    }

    [Fact]
    public void Bytes_that_are_not_UTF8_are_refused_as_such()
    {
        var bytes = Encoding.UTF8.GetBytes(Paste.InEmail(s_file));
        bytes[3] = 0xC3;
        bytes[4] = 0x28;
        AssertFails(TestLicenses.Verifier().Verify(bytes), LicenseVerificationStatus.InvalidEncoding, "UTF-8");
    }

    [Fact]
    public void A_license_for_another_token_names_both_tokens()
    {
        var result = TestLicenses.Verifier().Verify(s_file, "ZZZZ-0000");
        AssertFails(result, LicenseVerificationStatus.TokenMismatch, "ZZZZ-0000");
        Assert.Contains(TestLicenses.Subscription.Token, result.Reason, StringComparison.Ordinal);
        Assert.True(result.IsGenuine);
    }

    [Fact]
    public void Token_comparison_forgives_case_and_surrounding_spaces() =>
        Assert.True(TestLicenses.Verifier().Verify(s_file, "  k7qx-2m9f-h4tb-8wzc ").IsValid);

    [Fact]
    public void A_license_not_yet_valid_says_when_it_becomes_valid()
    {
        var result = TestLicenses.Verifier(TestLicenses.Subscription.ValidFrom.AddSeconds(-1)).Verify(s_file);
        AssertFails(result, LicenseVerificationStatus.NotYetValid, "2026-11-01T09:30:00Z");
        Assert.True(result.IsGenuine);
    }

    [Fact]
    public void An_expired_license_says_when_it_expired()
    {
        var result = TestLicenses.Verifier(TestLicenses.Subscription.ExpiresAt!.Value).Verify(s_file);
        AssertFails(result, LicenseVerificationStatus.Expired, "2027-11-01T09:30:00Z");
        Assert.Equal(TestLicenses.Subscription, result.License);
    }

    public static TheoryData<string, string, string> MalformedPayloads => new()
    {
        { "duplicate top-level key", Edit("\"kind\":\"subscription\"", "\"kind\":\"demo\",\"kind\":\"subscription\""), "appears twice" },
        { "duplicate nested key", Edit("\"agents\":25", "\"agents\":25,\"agents\":250"), "'staff.agents' appears twice" },
        { "duplicate key spelt with an escape", Edit("\"graceDays\":7", "\"graceDays\":7,\"grace\\u0044ays\":30"), "appears twice" },
        { "keys differing only in case", Edit("\"graceDays\":7", "\"graceDays\":7,\"GraceDays\":30"), "differ only in case" },
        { "serial as a string", Edit("\"serial\":1001", "\"serial\":\"1001\""), "'serial' must be a whole number" },
        { "fractional count", Edit("\"agents\":25", "\"agents\":25.5"), "'staff.agents' must be a whole number" },
        { "negative count", Edit("\"agents\":25", "\"agents\":-1"), "'staff.agents' must be a whole number" },
        { "number too large", Edit("\"serial\":1001", "\"serial\":1e400"), "'serial' must be a whole number" },
        { "boolean as a string", Edit("\"appZone\":true", "\"appZone\":\"yes\""), "'appZone' must be true or false" },
        { "unknown kind", Edit("\"kind\":\"subscription\"", "\"kind\":\"perpetual\""), "it must be one of" },
        { "timestamp without offset", Edit("\"expiresAt\":\"2027-11-01T09:30:00Z\"", "\"expiresAt\":\"2027-11-01T09:30:00\""), "with a UTC offset" },
        { "date only", Edit("\"expiresAt\":\"2027-11-01T09:30:00Z\"", "\"expiresAt\":\"2027-11-01\""), "with a UTC offset" },
        { "a day the month does not have", Edit("\"expiresAt\":\"2027-11-01T09:30:00Z\"", "\"expiresAt\":\"2027-02-29T09:30:00Z\""), "with a UTC offset" },
        { "hour 24", Edit("\"expiresAt\":\"2027-11-01T09:30:00Z\"", "\"expiresAt\":\"2027-11-01T24:00:00Z\""), "with a UTC offset" },
        { "second 60", Edit("\"expiresAt\":\"2027-11-01T09:30:00Z\"", "\"expiresAt\":\"2027-11-01T09:30:60Z\""), "with a UTC offset" },
        { "offset beyond 14 hours", Edit("\"expiresAt\":\"2027-11-01T09:30:00Z\"", "\"expiresAt\":\"2027-11-01T09:30:00+14:01\""), "with a UTC offset" },
        { "missing required field", Edit("\"graceDays\":7,", string.Empty), "'graceDays' is missing" },
        { "missing nested field", Edit("\"telephones\":25,", string.Empty), "'staff.telephones' is missing" },
        { "customer not an object", Edit("\"customer\":{\"name\":\"Acme Contact Center\",\"email\":\"it@acme.example\"}", "\"customer\":\"Acme\""), "'customer' must be an object" },
        { "entitlement listed twice", Edit("\"plugins\":[\"botify\"]", "\"plugins\":[\"botify\",\"botify\"]"), "lists 'botify' twice" },
        { "entitlement name not a name", Edit("\"plugins\":[\"botify\"]", "\"plugins\":[\"bot ify\"]"), "must hold names" },
        { "expiry before validity", Edit("\"expiresAt\":\"2027-11-01T09:30:00Z\"", "\"expiresAt\":\"2020-01-01T00:00:00Z\""), "expiresAt must be later than validFrom" },
        { "subscription without admin", Edit("\"admins\":1", "\"admins\":0"), "at least one admin" },
        { "lower-case token", Edit("\"token\":\"K7QX-2M9F-H4TB-8WZC\"", "\"token\":\"k7qx-2m9f\""), "token must be" },
        { "grace too long", Edit("\"graceDays\":7", "\"graceDays\":365"), "'graceDays' must be a whole number from 0 to 30" },
        { "excessive nesting", Edit("\"appZone\":true", "\"appZone\":true,\"x\":[[[[[[[[[[1]]]]]]]]]]"), "nested deeper than 8" },
        { "critical field listing an absent field", Edit("\"appZone\":true", "\"appZone\":true,\"critical\":[\"nothing\"]"), "'nothing', which is not a field of the payload" },
        { "lone surrogate escape", Edit("Acme Contact Center", "Acme \\uD800 Center"), "not valid Unicode" },
        { "trailing data", s_payload + "{}", "not valid JSON" },
        { "a comment", Edit("{\"serial\"", "{/*c*/\"serial\""), "not valid JSON" },
        { "a trailing comma", Edit("\"appZone\":true}", "\"appZone\":true,}"), "not valid JSON" },
        { "an array, not an object", "[" + s_payload + "]", "not a JSON object" },
        { "a byte-order mark first", "\uFEFF" + s_payload, "byte-order mark" },
    };

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public void A_signed_payload_that_breaks_the_format_is_malformed_with_a_specific_reason(string problem, string payload, string reason)
    {
        var result = VerifyPayload(payload);
        Assert.True(result.Status == LicenseVerificationStatus.Malformed, $"{problem}: {result}");
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        Assert.Null(result.License);
    }

    [Fact]
    public void Invalid_UTF8_inside_a_signed_payload_is_malformed()
    {
        var payload = Encoding.UTF8.GetBytes(s_payload);
        var at = Array.IndexOf(payload, (byte)'A');
        payload[at] = 0xFF;
        var result = Verify(TestLicenses.SignRawPayload(payload));
        AssertFails(result, LicenseVerificationStatus.Malformed, "not valid UTF-8");
    }

    [Fact]
    public void An_unknown_entitlement_from_a_newer_signer_is_kept_and_grants_nothing()
    {
        var result = VerifyPayload(Edit("\"addOns\":[\"webRtc\",\"windowsPhonebar\"]", "\"addOns\":[\"webRtc\",\"coBrowsing\",\"windowsPhonebar\"]"));
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(["addOns/coBrowsing"], result.License.UnrecognizedEntitlements);
        Assert.Equal(TestLicenses.Subscription.AddOns, result.License.AddOns);
    }

    [Fact]
    public void An_unknown_field_from_a_newer_signer_is_kept_and_ignored()
    {
        var result = VerifyPayload(Edit("\"agents\":25", "\"agents\":25,\"supervisors\":3").Replace("\"appZone\":true}", "\"appZone\":true,\"region\":\"eu\"}", StringComparison.Ordinal));
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(["region", "staff.supervisors"], result.License.UnrecognizedFields.Order());
    }

    [Fact]
    public void An_unknown_field_marked_critical_needs_a_newer_verifier()
    {
        var result = VerifyPayload(Edit("\"appZone\":true}", "\"appZone\":true,\"seatPool\":{\"size\":3},\"critical\":[\"seatPool\"]}"));
        AssertFails(result, LicenseVerificationStatus.UnsupportedVersion, "seatPool");
        Assert.Contains("update", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_known_field_marked_critical_changes_nothing()
    {
        var result = VerifyPayload(Edit("\"appZone\":true}", "\"appZone\":true,\"critical\":[\"staff\"]}"));
        Assert.True(result.IsValid, result.ToString());
    }

    private static byte[] DecodeBlock(string file)
    {
        Assert.Equal(LicenseArmor.Outcome.Found, LicenseArmor.TryRead(file, out var envelope, out _));
        return envelope;
    }

    private static void Reseal(byte[] envelope)
    {
        var hash = SHA256.HashData(envelope.AsSpan(0, envelope.Length - 4));
        hash.AsSpan(0, 4).CopyTo(envelope.AsSpan(envelope.Length - 4));
    }
}
