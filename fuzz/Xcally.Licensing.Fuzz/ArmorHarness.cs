using System.Text;
using Xcally.Licensing.Format;

namespace Xcally.Licensing.Fuzz;

/// <summary>
/// <c>armor</c>: the input as pasted text (UTF-8; invalid bytes become U+FFFD, as in a text box) through
/// LicenseArmor.TryRead. Besides "no exception", the outcome and the decoded bytes must equal those of
/// <see cref="ReferenceArmor"/>, and an envelope that was found must survive the signer's writer.
/// </summary>
internal sealed class ArmorHarness : Harness
{
    public override string Name => "armor";

    public override string Description => "pasted text through LicenseArmor.TryRead, against a plain reading of section 2.2";

    public override IEnumerable<byte[]> DictionaryTokens => Utf8(
        LicenseArmor.BeginMarker, LicenseArmor.EndMarker, "-----", "BEGIN", "END", "XCALLY LICENSE",
        "\r\n", "\r", "\n", "> ", ">>", "\t", "=", "==", "WENMWQ", "+", "/",
        "\u00A0", "\u00AD", "\u2007", "\u200B", "\u200C", "\u200D", "\u2060", "\u202F", "\uFEFF");

    public override void Run(ReadOnlySpan<byte> input)
    {
        // Also larger input than the verifier lets through (it refuses more than 64 KiB first): the reader
        // has no limit of its own, and every input must reach instrumented code, or afl-fuzz stops.
        var text = Encoding.UTF8.GetString(input);
        var outcome = LicenseArmor.TryRead(text, out var envelope, out var detail);
        Invariant.Defined(outcome);
        if (outcome == LicenseArmor.Outcome.Found)
        {
            Invariant.Require(envelope.Length > 0, "Found with an empty envelope.");
            Invariant.Require(detail.Length == 0, "Found with a problem detail.");
        }
        else
        {
            Invariant.Require(envelope.Length == 0, $"{outcome} with an envelope.");
            Invariant.Sentence(detail, $"The detail of {outcome}");
        }

        var expected = ReferenceArmor.Read(text, out var expectedEnvelope);
        Invariant.Require(outcome == expected, $"LicenseArmor.TryRead says {outcome}; section 2.2 says {expected}.");
        Invariant.Require(envelope.AsSpan().SequenceEqual(expectedEnvelope), "LicenseArmor.TryRead decoded other bytes than section 2.2 gives.");

        if (outcome == LicenseArmor.Outcome.Found)
        {
            // What the signer writes for these bytes reads back to them.
            var written = LicenseArmor.Write(envelope, ["summary line"]);
            var again = LicenseArmor.TryRead(written, out var reread, out _);
            Invariant.Require(again == LicenseArmor.Outcome.Found && reread.AsSpan().SequenceEqual(envelope), "The signer's armor of a found envelope does not read back to it.");
        }
    }
}
