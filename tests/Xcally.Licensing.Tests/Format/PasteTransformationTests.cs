using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Format;

/// <summary>A license copied out of an email or a ticket still verifies to the same document.</summary>
public sealed class PasteTransformationTests
{
    private static readonly string s_file = TestLicenses.SubscriptionFile;

    public static TheoryData<string, string> Transformations => new()
    {
        { "CRLF line endings", Paste.CrLf(s_file) },
        { "CR-only line endings", Paste.CrOnly(s_file) },
        { "re-wrapped at 76", Paste.Rewrap(s_file, 76) },
        { "re-wrapped at 72", Paste.Rewrap(s_file, 72) },
        { "re-wrapped at 1", Paste.Rewrap(s_file, 1) },
        { "re-wrapped at 13", Paste.Rewrap(s_file, 13) },
        { "all lines joined", Paste.Rewrap(s_file, 0) },
        { "indented with spaces", Paste.Indent(s_file, "    ") },
        { "indented with a tab", Paste.Indent(s_file, "\t") },
        { "quoted with '> '", Paste.Quote(s_file, "> ") },
        { "quoted with '> > '", Paste.Quote(s_file, "> > ") },
        { "quoted with '>>'", Paste.Quote(s_file, ">>") },
        { "trailing spaces and tabs", Paste.TrailingSpaces(s_file) },
        { "no final newline", Paste.WithoutFinalNewline(s_file) },
        { "no-break spaces", Paste.Sprinkle(s_file, '\u00A0', 17) },
        { "zero-width spaces", Paste.Sprinkle(s_file, '\u200B', 5) },
        { "soft hyphens", Paste.Sprinkle(s_file, '\u00AD', 11) },
        { "word joiners", Paste.Sprinkle(s_file, '\u2060', 23) },
        { "byte-order marks inside", Paste.Sprinkle(s_file, '\uFEFF', 31) },
        { "a byte-order mark first", Paste.Bom(s_file) },
        { "greeting before and signature after", Paste.InEmail(s_file) },
        { "only the block, no summary", TestLicenses.Block(s_file) },
        { "all of it at once", Paste.CrLf(Paste.Quote(Paste.InEmail(Paste.Sprinkle(Paste.Rewrap(s_file, 70), '\u200B', 9)), "> > ")) },
    };

    [Theory]
    [MemberData(nameof(Transformations))]
    public void A_pasted_license_verifies_to_the_same_document(string transformation, string pasted)
    {
        var result = TestLicenses.Verifier().Verify(pasted);

        Assert.True(result.IsValid, $"{transformation}: {result}");
        Assert.Equal(TestLicenses.Subscription, result.License);
    }

    [Theory]
    [MemberData(nameof(Transformations))]
    public void A_pasted_license_verifies_from_its_UTF8_bytes_too(string transformation, string pasted)
    {
        var result = TestLicenses.Verifier().Verify(System.Text.Encoding.UTF8.GetBytes(pasted));

        Assert.True(result.IsValid, $"{transformation}: {result}");
        Assert.Equal(TestLicenses.Subscription, result.License);
    }

    private static readonly Func<string, string>[] s_steps =
    [
        Paste.CrLf,
        text => Paste.Indent(text, "  "),
        text => Paste.Quote(text, "> "),
        Paste.TrailingSpaces,
        Paste.InEmail,
        text => Paste.Sprinkle(text, '\u00A0', 13),
        text => Paste.Sprinkle(text, '\u200B', 7),
        text => Paste.Sprinkle(text, '\u00AD', 19),
        Paste.Bom,
    ];

    public static Arbitrary<(int Width, int[] Steps)> Pastes() =>
        (from width in Gen.Choose(0, 120)
         from count in Gen.Choose(0, 6)
         from steps in Gen.ArrayOf(Gen.Choose(0, s_steps.Length - 1), count)
         select (width, steps)).ToArbitrary();

    [Property(Arbitrary = [typeof(LicenseGenerators), typeof(PasteTransformationTests)], MaxTest = 500)]
    public bool Any_combination_of_paste_damage_gives_back_the_same_document(LicenseDocument license, (int Width, int[] Steps) paste)
    {
        var text = Paste.Rewrap(TestLicenses.Key.Issue(license), paste.Width);
        foreach (var step in paste.Steps)
        {
            text = s_steps[step](text);
        }

        var result = TestLicenses.Verifier(license.ValidFrom).Verify(text);
        return result.IsValid && result.License.Equals(license);
    }
}
