using System.Text;
using System.Text.RegularExpressions;

namespace Xcally.Licensing.Fuzz;

/// <summary>
/// <c>token</c>: the input as a token typed or pasted by a person (UTF-8) through InstallationToken.Check,
/// TryParse and Parse, which must agree. A valid token must print in the canonical form, and that form
/// (and its lower case) must check valid as the same token; a problem must be a sentence and name a
/// group from 1 to 9, if any.
/// </summary>
internal sealed partial class TokenHarness : Harness
{
    /// <summary>A real v1 token (samples/requests/new-license.json), to compare fuzzed tokens with.</summary>
    private static readonly InstallationToken s_sample = InstallationToken.Parse("47S3F-TM9BW-BDSY1-N58Q4-QNCBM-08NSY-000GK-3ZYP5-EG2HW");

    public override string Name => "token";

    public override string Description => "typed installation tokens through InstallationToken.Check, TryParse and Parse";

    public override IEnumerable<byte[]> DictionaryTokens => Utf8(
        "-", " ", "\t", "\r\n", "\u00A0", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "I", "L", "O", "U", "i", "l", "o", "u",
        "\u0131", "\u017F", "\u212A", "47S3F", "TM9BW", "00000", "ZZZZZ");

    [GeneratedRegex(@"\A[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){8}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Canonical();

    public override void Run(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        var check = InstallationToken.Check(text);
        Invariant.Require(check is not null, "Check returned null.");
        Invariant.Require(!string.IsNullOrEmpty(check.ToString()), "The check prints as nothing.");

        var parsed = InstallationToken.TryParse(text, out var token);
        Invariant.Require(parsed == check.IsValid, "TryParse and Check disagree.");
        try
        {
            var thrown = InstallationToken.Parse(text);
            Invariant.Require(check.IsValid && thrown.Equals(check.Token), "Parse returned a token Check refuses, or another token.");
        }
        catch (FormatException e)
        {
            Invariant.Require(!check.IsValid && e.Message == check.Problem, "Parse threw for a token Check accepts, or with another problem.");
        }

        if (!check.IsValid)
        {
            Invariant.Require(token is null, "TryParse failed but gave a token.");
            Invariant.Sentence(check.Problem, "The problem of an invalid token");
            Invariant.Require(check.BadGroup is null or >= 1 and <= InstallationToken.GroupCount, $"The problem names group {check.BadGroup}.");
            return;
        }

        Invariant.Require(token is not null && token.Equals(check.Token), "TryParse and Check give different tokens.");
        Invariant.Require(check.Problem is null && check.BadGroup is null, "A valid token with a problem.");

        var canonical = token.ToString();
        Invariant.Require(Canonical().IsMatch(canonical), $"The canonical form '{canonical}' is not nine dash-separated groups of five symbols.");
        foreach (var form in new[] { canonical, canonical.ToLowerInvariant() })
        {
            var again = InstallationToken.Check(form);
            Invariant.Require(again.IsValid && again.Token.Equals(token) && again.Token.ToString() == canonical, $"The form '{form}' of a valid token does not check as the same token.");
        }

        Invariant.Require(token.Version == InstallationToken.CurrentVersion, $"A valid token of version {token.Version}.");
        Invariant.Defined(token.KeySource);
        Invariant.Defined(token.Environment);
        Invariant.Defined(token.PlatformTier);
        Invariant.Require(token.LogicalProcessors is null or > 0 and < 1024, "A processor count out of range.");
        Invariant.Require(token.MemoryGiB is null or > 0, "A memory class out of range.");
        Invariant.Require(token.GetHashCode() == check.Token.GetHashCode(), "Equal tokens with different hash codes.");

        var itself = InstallationToken.Compare(token, token);
        Invariant.Require(itself.Verdict == TokenVerdict.Same && !itself.Changed.Any(), "A token compared with itself is not the same.");
        foreach (var comparison in new[] { InstallationToken.Compare(token, s_sample), InstallationToken.Compare(s_sample, token) })
        {
            Invariant.Defined(comparison.Verdict);
            Invariant.Sentence(comparison.Reason, "The reason of a comparison");
            Invariant.Require(comparison.Components.Count == InstallationToken.GroupCount - 1, "A comparison without one entry per component.");
            Invariant.Require(comparison.UnchangedWeight >= 0 && comparison.UnchangedWeight <= comparison.ComparableWeight, "A comparison whose weights do not add up.");
        }
    }
}
