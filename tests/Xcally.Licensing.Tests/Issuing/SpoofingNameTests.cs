using System.Globalization;
using Xcally.Licensing.Issuing;
using Xcally.Licensing.Issuing.Ledger;
using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Issuing;

/// <summary>
/// The signer refuses to issue a name that would display as something else: bidi controls, separators,
/// C0 and C1 controls, invisible format characters and the rest of docs/signer.md's list. The refusal
/// names the field, the code point and its position; nothing is recorded and no file is written.
/// </summary>
public sealed class SpoofingNameTests : IDisposable
{
    private readonly SignerDesk _desk = new();

    public void Dispose() => _desk.Dispose();

    /// <summary>Every character the brief names, and one of each further class the signer refuses.</summary>
    public static readonly int[] Refused =
    [
        // Bidirectional controls.
        0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069,
        // Line and paragraph separators.
        0x2028, 0x2029,
        // C0 controls, DEL, C1 controls.
        0x0000, 0x0009, 0x000A, 0x000D, 0x001B, 0x001F, 0x007F, 0x0080, 0x0085, 0x009B, 0x009F,
        // Other format characters: zero-width space and joiners, word joiner, BOM, soft hyphen, a tag character.
        0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0xE0041,
        // Spaces other than U+0020, private use, unassigned, invisible fillers and selectors.
        0x00A0, 0x3000, 0xE000, 0x0378, 0x3164, 0x034F, 0xFE0F,
    ];

    /// <summary>One character of each class, for the fields and commands that are not tested with all of them.</summary>
    public static readonly int[] OnePerClass = [0x202E, 0x2028, 0x001B, 0x0085, 0x200B, 0xE0041, 0x00A0, 0xE000, 0x0378, 0x3164];

    /// <summary>The field, the request text it replaces, and where the character goes (1-based).</summary>
    private static readonly Dictionary<string, (string Text, int At)> s_fields = new()
    {
        ["customer.name"] = ("Acme Contact Center", 5),
        ["customer.email"] = ("it@acme.example", 3),
        ["plan"] = ("omnichannel", 5),
        ["token"] = (SignerDesk.Token, 6),
    };

    public static TheoryData<string, int> RequestFields()
    {
        var data = new TheoryData<string, int>();
        foreach (var c in Refused)
        {
            data.Add("customer.name", c);
        }

        foreach (var field in new[] { "customer.email", "plan", "token" })
        {
            foreach (var c in OnePerClass)
            {
                data.Add(field, c);
            }
        }

        return data;
    }

    private static string Insert(string text, int at, int codePoint) => text[..(at - 1)] + char.ConvertFromUtf32(codePoint) + text[(at - 1)..];

    /// <summary>The character as a JSON escape: \uXXXX, or a surrogate pair beyond U+FFFF.</summary>
    private static string JsonEscape(int codePoint) =>
        string.Concat(char.ConvertFromUtf32(codePoint).Select(c => string.Create(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}")));

    private static string Named(string field, int at, int codePoint) =>
        string.Create(CultureInfo.InvariantCulture, $"{field}: character {at} is U+{codePoint:X4}, ");

    private void AssertNothingRecordedOrWritten(int issuedBefore = 0)
    {
        if (File.Exists(_desk.Ledger))
        {
            using var ledger = LicenseLedger.Open(_desk.Ledger);
            Assert.Equal(issuedBefore, ledger.CountIssued());
            Assert.Equal(0, ledger.CountReserved());
        }
        else
        {
            Assert.Equal(0, issuedBefore);
        }

        Assert.Equal(issuedBefore, Directory.Exists(_desk.OutDir) ? Directory.GetFiles(_desk.OutDir).Length : 0);
    }

    [Theory]
    [MemberData(nameof(RequestFields))]
    public void A_request_with_a_spoofing_character_in_a_text_field_is_refused_naming_the_field_code_point_and_position(string field, int codePoint)
    {
        var (text, at) = s_fields[field];
        var request = _desk.NewLicenseRequest($"\"{text}\"", $"\"{text[..(at - 1)]}{JsonEscape(codePoint)}{text[(at - 1)..]}\"");

        var result = _desk.Sign("issue", request);

        Assert.Equal(ExitCodes.InvalidRequest, result.ExitCode);
        Assert.Contains(Named(field, at, codePoint), result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        if (codePoint != '\n')
        {
            // The message quotes no raw character (its own lines end with line feeds).
            Assert.DoesNotContain(char.ConvertFromUtf32(codePoint), result.Error, StringComparison.Ordinal);
        }

        AssertNothingRecordedOrWritten();
    }

    public static TheoryData<string, int> DemoOptions()
    {
        var data = new TheoryData<string, int>();
        foreach (var c in OnePerClass)
        {
            data.Add("--customer", c);
            data.Add("--email", c);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DemoOptions))]
    public void A_demo_with_a_spoofing_character_on_the_command_line_is_refused(string option, int codePoint)
    {
        var customer = option == "--customer" ? Insert("Globex", 4, codePoint) : "Globex";
        var email = option == "--email" ? Insert("it@globex.example", 4, codePoint) : "it@globex.example";

        var result = _desk.Sign("demo", "--token", SignerDesk.DemoToken, "--customer", customer, "--email", email);

        Assert.Equal(ExitCodes.InvalidRequest, result.ExitCode);
        Assert.Contains(Named(option == "--customer" ? "customer.name" : "customer.email", 4, codePoint), result.Error, StringComparison.Ordinal);
        AssertNothingRecordedOrWritten();
    }

    [Fact]
    public void A_demo_request_file_is_checked_the_same_way()
    {
        var path = _desk.File("demo.json");
        File.WriteAllText(path, RepositoryFiles.Read("samples/requests/demo.json").Replace("\"Globex Trial\"", "\"Glo\\u202Ebex Trial\"", StringComparison.Ordinal));
        Assert.Contains("Glo\\u202Ebex", File.ReadAllText(path), StringComparison.Ordinal);

        var result = _desk.Sign("issue", path);

        Assert.Equal(ExitCodes.InvalidRequest, result.ExitCode);
        Assert.Contains(Named("customer.name", 4, 0x202E), result.Error, StringComparison.Ordinal);
        AssertNothingRecordedOrWritten();
    }

    [Fact]
    public void A_position_counts_characters_and_further_ones_are_counted()
    {
        // U+1F600 takes two UTF-16 units: the override after it is still character 3.
        var request = _desk.NewLicenseRequest("\"Acme Contact Center\"", "\"A\\uD83D\\uDE00\\u202Ex\\u2066y\\u200B\"");

        var result = _desk.Sign("issue", request);

        Assert.Contains(Named("customer.name", 3, 0x202E), result.Error, StringComparison.Ordinal);
        Assert.Contains("(2 more in this field)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_escape_is_refused_as_a_bad_request_not_a_crash()
    {
        var request = _desk.NewLicenseRequest("\"Acme Contact Center\"", "\"Acme \\uD800 Center\"");

        var result = _desk.Sign("issue", request);

        Assert.Equal(ExitCodes.InvalidRequest, result.ExitCode);
        Assert.Contains("'customer.name' holds a lone surrogate", result.Error, StringComparison.Ordinal);
        AssertNothingRecordedOrWritten();
    }

    [Fact]
    public void In_a_batch_the_spoofed_request_fails_alone_and_the_others_are_issued()
    {
        var folder = Directory.CreateDirectory(_desk.File("requests")).FullName;
        var good = RepositoryFiles.Read("samples/requests/new-license.json");
        File.WriteAllText(Path.Combine(folder, "1-good.json"), good);
        File.WriteAllText(Path.Combine(folder, "2-spoofed.json"), good
            .Replace(SignerDesk.Token, SignerDesk.NewToken, StringComparison.Ordinal)
            .Replace("\"Acme Contact Center\"", "\"Acme\\u2028Contact Center\"", StringComparison.Ordinal));

        var result = _desk.Run("issue", folder, "--key", _desk.KeyPath, "--out-dir", _desk.OutDir);

        Assert.Equal(ExitCodes.InvalidRequest, result.ExitCode);
        Assert.Contains("ok    1-good.json", result.Output, StringComparison.Ordinal);
        Assert.Contains("error 2-spoofed.json", result.Output, StringComparison.Ordinal);
        Assert.Contains(Named("customer.name", 5, 0x2028), result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u2028", result.Output, StringComparison.Ordinal);
        AssertNothingRecordedOrWritten(issuedBefore: 1);
    }

    public static TheoryData<string> LifecycleRequests() =>
    [
        $"modify --token {SignerDesk.Token} --agents 40",
        $"contract --token {SignerDesk.Token} --billing monthly",
        $"move --from {SignerDesk.Token} --to {SignerDesk.NewToken}",
        $"reactivate --token {SignerDesk.Token}",
        $"deactivate --token {SignerDesk.Token}",
        $"renew --token {SignerDesk.Token}",
    ];

    [Theory]
    [MemberData(nameof(LifecycleRequests))]
    public void A_request_that_carries_a_spoofed_name_over_from_the_ledger_is_refused(string command)
    {
        var args = command.Split(' ');
        // A license from before the signer refused such names: the current revision, recorded in the ledger.
        Assert.Equal(0, _desk.Sign("issue", _desk.NewLicenseRequest()).ExitCode);
        RecordCurrentRevisionWithCustomer("Acme \u202Egnp.exe");
        var filesBefore = Directory.GetFiles(_desk.OutDir).Length;

        var result = _desk.Sign(args);

        Assert.Equal(ExitCodes.InvalidRequest, result.ExitCode);
        Assert.Contains(Named("customer.name", 6, 0x202E), result.Error, StringComparison.Ordinal);
        Assert.Contains("request cannot be signed", result.Error, StringComparison.Ordinal);
        using var ledger = LicenseLedger.Open(_desk.Ledger);
        Assert.Equal(2, ledger.CountIssued());
        Assert.Equal(0, ledger.CountReserved());
        Assert.Equal(filesBefore, Directory.GetFiles(_desk.OutDir).Length);
    }

    /// <summary>Records the next revision through the issuer itself, below the commands' check.</summary>
    private void RecordCurrentRevisionWithCustomer(string name)
    {
        using var ledger = LicenseLedger.Open(_desk.Ledger);
        var current = ledger.Current(SignerDesk.Token)!;
        var license = Licensing.Format.UnverifiedLicense.Read(current.Text).License! with { Customer = new Customer(name, "it@acme.example") };
        new LicenseIssuer(TestLicenses.Key, ledger).Issue("modify", license, current.Lineage, "before-the-rule");
    }
}
