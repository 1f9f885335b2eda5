using System.Text;
using System.Text.Json;
using Xcally.Licensing.Document;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Signer.Output;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Cli;

/// <summary>
/// A genuine license may still hold a name that would display as something else (another signer, or
/// one from before the signer refused them; the format itself refuses only control characters in a
/// name). Everything the tool prints shows such characters escaped, never raw, and its JSON stays
/// valid with them escaped. The licenses here are signed directly with the test key, bypassing the
/// request check.
/// </summary>
public sealed class SpoofingDisplayTests : IDisposable
{
    // "Acme \u202Egnp.exe" displays as "Acme exe.png"; the separator starts a new line; the isolate is never closed.
    private const string SpoofedName = "Acme \u202Egnp.exe\u2028VALID\u2066x";
    private const string SpoofedEmail = "it\u200B@acme.example";
    private static readonly string[] s_raw = ["\u202E", "\u2028", "\u2066", "\u200B", "\u001B"];

    private static readonly LicenseDocument s_spoofed = TestLicenses.Subscription with
    {
        Token = SignerDesk.Token,
        Customer = new Customer(SpoofedName, SpoofedEmail),
    };

    private readonly TempFolder _folder = new();

    public SpoofingDisplayTests()
    {
        File.WriteAllText(_folder.File("trusted.pem"), TestLicenses.Key.PublicKey.ExportPem());
        File.WriteAllText(_folder.File("spoofed.lic"), TestLicenses.Key.Issue(s_spoofed));
        File.WriteAllText(_folder.File("plain.lic"), TestLicenses.Key.Issue(s_spoofed with { Customer = TestLicenses.Subscription.Customer }));
    }

    public void Dispose() => _folder.Dispose();

    private static void AssertNoRawSpoofing(string text)
    {
        foreach (var raw in s_raw)
        {
            Assert.DoesNotContain(raw, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_test_license_is_genuine_so_the_display_is_all_that_protects()
    {
        var result = TestLicenses.Verifier().Verify(File.ReadAllText(_folder.File("spoofed.lic")));

        Assert.Equal(LicenseVerificationStatus.Valid, result.Status);
        Assert.Equal(SpoofedName, result.License!.Customer.Name);
    }

    [Fact]
    public void Verify_prints_the_name_escaped_on_its_own_line()
    {
        var result = TestSupport.Cli.Run("verify", _folder.File("spoofed.lic"), "--public-key", _folder.File("trusted.pem"));

        Assert.Equal(0, result.ExitCode);
        AssertNoRawSpoofing(result.Output + result.Error);
        Assert.Contains(@"for Acme \u202Egnp.exe\u2028VALID\u2066x, token", result.Output, StringComparison.Ordinal);
        Assert.Contains(@"  Customer          Acme \u202Egnp.exe\u2028VALID\u2066x <it\u200B@acme.example>" + "\n", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_prints_the_name_escaped_with_and_without_a_key()
    {
        var unverified = TestSupport.Cli.Run("inspect", _folder.File("spoofed.lic"));
        var verified = TestSupport.Cli.Run("inspect", _folder.File("spoofed.lic"), "--public-key", _folder.File("trusted.pem"));

        foreach (var result in new[] { unverified, verified })
        {
            Assert.Equal(0, result.ExitCode);
            AssertNoRawSpoofing(result.Output + result.Error);
            Assert.Contains(@"Acme \u202Egnp.exe\u2028VALID\u2066x <it\u200B@acme.example>", result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Json_output_stays_valid_with_the_characters_escaped_and_reads_back_exactly()
    {
        var verify = TestSupport.Cli.Run("verify", _folder.File("spoofed.lic"), "--public-key", _folder.File("trusted.pem"), "--json");
        var inspect = TestSupport.Cli.Run("inspect", _folder.File("spoofed.lic"), "--public-key", _folder.File("trusted.pem"), "--json");

        AssertNoRawSpoofing(verify.Output + inspect.Output);
        Assert.Contains(@"\u202E", verify.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(SpoofedName, JsonDocument.Parse(verify.Output).RootElement.GetProperty("customer").GetString());
        var license = JsonDocument.Parse(inspect.Output).RootElement.GetProperty("license");
        Assert.Equal(SpoofedName, license.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal(SpoofedEmail, license.GetProperty("customer").GetProperty("email").GetString());
        Assert.Equal(
            JsonDocument.Parse(LicensePayloadWriter.Write(s_spoofed)).RootElement.EnumerateObject().Select(m => m.Name),
            license.EnumerateObject().Select(m => m.Name));
    }

    [Fact]
    public void Inspect_json_escapes_characters_another_signer_wrote_raw_in_the_payload()
    {
        // Our signer escapes every non-ASCII character; another may write them as raw UTF-8.
        var payload = Encoding.UTF8.GetString(LicensePayloadWriter.Write(s_spoofed));
        var raw = payload.Replace(@"\u202e", "\u202E", StringComparison.OrdinalIgnoreCase).Replace(@"\u2028", "\u2028", StringComparison.OrdinalIgnoreCase)
            .Replace(@"\u200b", "\U000E0041", StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\u202E", raw, StringComparison.Ordinal);
        File.WriteAllText(_folder.File("raw.lic"), TestLicenses.SignRawPayload(Encoding.UTF8.GetBytes(raw)));

        var inspect = TestSupport.Cli.Run("inspect", _folder.File("raw.lic"), "--public-key", _folder.File("trusted.pem"), "--json");

        Assert.Equal(0, inspect.ExitCode);
        AssertNoRawSpoofing(inspect.Output);
        Assert.DoesNotContain("\U000E0041", inspect.Output, StringComparison.Ordinal);
        var customer = JsonDocument.Parse(inspect.Output).RootElement.GetProperty("license").GetProperty("customer");
        Assert.Equal(SpoofedName, customer.GetProperty("name").GetString());
        Assert.Equal("it\U000E0041@acme.example", customer.GetProperty("email").GetString());
    }

    [Fact]
    public void Diff_prints_both_values_escaped()
    {
        var text = TestSupport.Cli.Run("diff", _folder.File("plain.lic"), _folder.File("spoofed.lic"));
        var json = TestSupport.Cli.Run("diff", _folder.File("plain.lic"), _folder.File("spoofed.lic"), "--json");

        AssertNoRawSpoofing(text.Output + json.Output);
        Assert.Contains(@"customer         Acme Contact Center <it@acme.example> → Acme \u202Egnp.exe\u2028VALID\u2066x <it\u200B@acme.example>", text.Output, StringComparison.Ordinal);
        var change = Assert.Single(JsonDocument.Parse(json.Output).RootElement.GetProperty("changes").EnumerateArray());
        Assert.Equal($"{SpoofedName} <{SpoofedEmail}>", change.GetProperty("after").GetString());
    }

    [Fact]
    public void History_prints_a_recorded_name_escaped()
    {
        var ledgerPath = _folder.File("ledger.db");
        using (var ledger = LicenseLedger.Open(ledgerPath))
        {
            // Through the issuer itself, below the commands' check.
            new LicenseIssuer(TestLicenses.Key, ledger).Issue("issue", s_spoofed, lineage: null, "op\u001B[2Jerator");
        }

        var history = TestSupport.Cli.Run("history", "--token", SignerDesk.Token, "--ledger", ledgerPath);
        var json = TestSupport.Cli.Run("history", "--token", SignerDesk.Token, "--ledger", ledgerPath, "--json");

        Assert.Equal(0, history.ExitCode);
        AssertNoRawSpoofing(history.Output + json.Output);
        Assert.Contains(@"op\u001B[2Jerator Acme \u202Egnp.exe\u2028VALID\u2066x / ", history.Output, StringComparison.Ordinal);
        Assert.Equal(SpoofedName, JsonDocument.Parse(json.Output).RootElement.GetProperty("licenses")[0].GetProperty("customer").GetString());
    }

    [Fact]
    public void An_unknown_member_name_with_an_escape_sequence_is_shown_escaped()
    {
        // A newer signer's member; its name is signed text like any other.
        var payload = Encoding.UTF8.GetString(LicensePayloadWriter.Write(TestLicenses.Subscription));
        payload = payload[..^1] + ",\"note\\u001b[2J\\u202e\":1}";
        File.WriteAllText(_folder.File("newer.lic"), TestLicenses.SignRawPayload(Encoding.UTF8.GetBytes(payload)));

        var text = TestSupport.Cli.Run("inspect", _folder.File("newer.lic"), "--public-key", _folder.File("trusted.pem"));
        var json = TestSupport.Cli.Run("inspect", _folder.File("newer.lic"), "--public-key", _folder.File("trusted.pem"), "--json");

        Assert.Equal(0, text.ExitCode);
        AssertNoRawSpoofing(text.Output + json.Output);
        Assert.Contains(@"Unknown fields    note\u001B[2J\u202E (from a newer signer; ignored)", text.Output, StringComparison.Ordinal);
        Assert.Equal(1, JsonDocument.Parse(json.Output).RootElement.GetProperty("license").GetProperty("note\u001b[2J\u202e").GetInt32());
    }

    [Fact]
    public void A_signed_payload_that_is_not_JSON_is_shown_escaped_and_as_a_JSON_string()
    {
        var payload = Encoding.UTF8.GetBytes("{\"customer\":\"\u001B[2J\u202E\u2028\"");
        File.WriteAllText(_folder.File("broken.lic"), TestLicenses.SignRawPayload(payload));

        var text = TestSupport.Cli.Run("inspect", _folder.File("broken.lic"), "--public-key", _folder.File("trusted.pem"));
        var json = TestSupport.Cli.Run("inspect", _folder.File("broken.lic"), "--public-key", _folder.File("trusted.pem"), "--json");

        Assert.Equal(24, text.ExitCode);
        AssertNoRawSpoofing(text.Output + text.Error + json.Output);
        Assert.Contains(@"payload: {""customer"":""\u001B[2J\u202E\u2028""", text.Output, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetString(payload), JsonDocument.Parse(json.Output).RootElement.GetProperty("payloadText").GetString());
    }

    [Fact]
    public void The_terminal_writer_escapes_everything_but_the_tools_own_line_ends()
    {
        using var inner = new StringWriter();
        using var terminal = new TerminalWriter(inner);

        terminal.Write("a\u001B[31mb\r\nc\rd\u0085e\u2029f\n");
        terminal.Write('\u202E');
        terminal.WriteLine("\U000E0041 \uD800");

        Assert.Equal(@"a\u001B[31mb" + "\r\n" + @"c\u000Dd\u0085e\u2029f" + "\n" + @"\u202E\u{E0041} \uD800" + Environment.NewLine, inner.ToString());
    }

    [Fact]
    public void Ordinary_names_in_any_script_are_shown_as_they_are()
    {
        string[] names = ["Müller & Söhne GmbH", "Ελληνική Εταιρεία", "شركة الاتصالات", "株式会社コール", "Nguyễn Văn A", "O'Brien (EU) Ltd."];

        foreach (var name in names)
        {
            Assert.Equal(name, SpoofingCharacters.Escape(name));
            Assert.Null(SpoofingCharacters.Problem("customer.name", name));
        }
    }
}
