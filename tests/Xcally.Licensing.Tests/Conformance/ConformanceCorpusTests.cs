using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Xcally.Licensing.Signer.Cli;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Conformance;

/// <summary>
/// docs/vectors/license-verification.json, run the way another implementation would run it: from the
/// committed file alone. The file is also checked to be exactly what <see cref="ConformanceCorpus"/>
/// writes, so a case cannot be edited by hand into agreement with the code.
/// </summary>
public sealed partial class ConformanceCorpusTests
{
    private static readonly JsonElement s_corpus = JsonDocument.Parse(RepositoryFiles.Read(ConformanceCorpus.RelativePath)).RootElement;

    private static List<string> Ids(string list) => [.. s_corpus.GetProperty(list).EnumerateArray().Select(c => c.GetProperty("id").GetString()!)];

    public static TheoryData<string> CaseIds() => [.. Ids("cases")];

    public static TheoryData<string> KeyCaseIds() => [.. Ids("keyCases")];

    [Fact]
    public void The_committed_corpus_is_exactly_what_the_generator_writes()
    {
        var generated = ConformanceCorpus.ToJson();
        if (Environment.GetEnvironmentVariable("XCALLY_WRITE_VECTORS") == "1")
        {
            File.WriteAllText(RepositoryFiles.PathOf(ConformanceCorpus.RelativePath), generated);
        }

        Assert.True(
            generated == RepositoryFiles.Read(ConformanceCorpus.RelativePath),
            $"{ConformanceCorpus.RelativePath} differs from what tests/.../Conformance/ConformanceCorpus.cs writes; regenerate it with XCALLY_WRITE_VECTORS=1 dotnet test.");
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void Every_case_verifies_to_the_status_the_specification_decides(string id)
    {
        var c = Case(id);
        var input = Convert.FromBase64String(c.GetProperty("input").GetString()!);
        var verifier = VerifierFor(c);
        var token = c.GetProperty("token").ValueKind == JsonValueKind.Null ? null : c.GetProperty("token").GetString();

        var result = verifier.Verify(input, token);

        Assert.True(
            VerifyCommand.Label(result.Status) == c.GetProperty("expected").GetString(),
            $"{id}: expected {c.GetProperty("expected").GetString()}, got {VerifyCommand.Label(result.Status)}: {result.Reason}");
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        if (c.TryGetProperty("serial", out var serial))
        {
            Assert.Equal(serial.GetInt64(), result.License!.Serial);
        }

        if (c.TryGetProperty("unrecognized", out var unrecognized))
        {
            Assert.Equal(
                unrecognized.EnumerateArray().Select(u => u.GetString()!).Order(StringComparer.Ordinal),
                result.License!.UnrecognizedFields.Concat(result.License.UnrecognizedEntitlements).Order(StringComparer.Ordinal));
        }
        else if (result.License is { } license && result.Status != LicenseVerificationStatus.Malformed)
        {
            Assert.Empty(license.UnrecognizedFields.Concat(license.UnrecognizedEntitlements));
        }
    }

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void The_text_form_of_every_UTF8_input_gets_the_same_status(string id)
    {
        var c = Case(id);
        var input = Convert.FromBase64String(c.GetProperty("input").GetString()!);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(input);
        }
        catch (DecoderFallbackException)
        {
            // Only bytes can be invalid UTF-8; such an input is refused for its size or its encoding.
            Assert.Contains(c.GetProperty("expected").GetString(), new[] { "too-large", "invalid-encoding" });
            return;
        }

        var token = c.GetProperty("token").ValueKind == JsonValueKind.Null ? null : c.GetProperty("token").GetString();
        var result = VerifierFor(c).Verify(text, token);

        Assert.Equal(c.GetProperty("expected").GetString(), VerifyCommand.Label(result.Status));
    }

    [Theory]
    [MemberData(nameof(KeyCaseIds))]
    public void Every_key_case_is_accepted_or_rejected_as_section_1_says(string id)
    {
        var c = s_corpus.GetProperty("keyCases").EnumerateArray().Single(k => k.GetProperty("id").GetString() == id);
        var accepted = LicensePublicKey.TryImport(Convert.FromHexString(c.GetProperty("publicKey").GetString()!), out _);
        Assert.Equal(c.GetProperty("expected").GetString() == "accepted", accepted);
    }

    [Fact]
    public void The_corpus_has_at_least_200_negative_cases_and_every_status()
    {
        var expected = s_corpus.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("expected").GetString()!).ToList();
        Assert.True(expected.Count(e => e != "valid") >= 200, $"{expected.Count(e => e != "valid")} negative cases");
        var statuses = Enum.GetValues<LicenseVerificationStatus>().Select(VerifyCommand.Label);
        Assert.Empty(statuses.Except(expected));
        Assert.Empty(expected.Except(statuses));
    }

    [Fact]
    public void Case_ids_are_unique_and_every_trusted_key_is_defined()
    {
        var cases = s_corpus.GetProperty("cases").EnumerateArray().ToList();
        var ids = Ids("cases").Concat(Ids("keyCases")).ToList();
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var keys = s_corpus.GetProperty("keys").EnumerateObject().Select(k => k.Name).ToHashSet();
        Assert.All(cases, c => Assert.All(c.GetProperty("trustedKeys").EnumerateArray(), k => Assert.Contains(k.GetString()!, keys)));
    }

    [GeneratedRegex(@"\[cases?: (?<ids>[a-z][a-zA-Z0-9,\s-]*)\]")]
    private static partial Regex Citation();

    [Fact]
    public void Every_case_the_specification_cites_exists()
    {
        var spec = RepositoryFiles.Read("docs/license-format.md");
        var ids = Ids("cases").Concat(Ids("keyCases")).ToHashSet(StringComparer.Ordinal);
        var cited = Citation().Matches(spec).SelectMany(m => m.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries)).ToList();
        Assert.NotEmpty(cited);
        Assert.DoesNotContain(cited, id => !ids.Contains(id.Trim('`')));
    }

    [Fact]
    public void Every_MUST_of_the_specification_cites_a_case()
    {
        var spec = RepositoryFiles.Read("docs/license-format.md").Replace("\r\n", "\n", StringComparison.Ordinal);
        var body = spec[..spec.IndexOf("## 9. Test vectors", StringComparison.Ordinal)];
        var uncited = new List<string>();
        var paragraphs = Paragraphs(body).ToList();
        for (var i = 0; i < paragraphs.Count; i++)
        {
            var paragraph = paragraphs[i];
            // A sentence that introduces a list ("MUST reject:") is cited by the items that follow it.
            var cited = Citation().IsMatch(paragraph) || (paragraph.TrimEnd().EndsWith(':') && i + 1 < paragraphs.Count && Citation().IsMatch(paragraphs[i + 1]));
            if (paragraph.Contains("MUST", StringComparison.Ordinal) && !paragraph.StartsWith("Keywords MUST", StringComparison.Ordinal) && !cited)
            {
                uncited.Add(paragraph.Length > 120 ? paragraph[..120] + "…" : paragraph);
            }
        }

        Assert.True(uncited.Count == 0, "MUST without a [case: …] citation:\n" + string.Join("\n", uncited));
    }

    [Fact]
    public void Every_status_of_section_8_is_cited_by_at_least_one_case_id_in_the_specification()
    {
        var spec = RepositoryFiles.Read("docs/license-format.md");
        var cited = Citation().Matches(spec).SelectMany(m => m.Groups["ids"].Value.Split(',', StringSplitOptions.TrimEntries)).Select(id => id.Trim('`')).ToHashSet();
        var citedStatuses = s_corpus.GetProperty("cases").EnumerateArray()
            .Where(c => cited.Contains(c.GetProperty("id").GetString()!))
            .Select(c => c.GetProperty("expected").GetString()!)
            .ToHashSet();
        Assert.DoesNotContain(Enum.GetValues<LicenseVerificationStatus>().Select(VerifyCommand.Label), s => !citedStatuses.Contains(s));
    }

    /// <summary>Paragraphs and list items: a list item runs until the next item, blank line or heading.</summary>
    private static IEnumerable<string> Paragraphs(string markdown)
    {
        var current = new StringBuilder();
        var inCode = false;
        foreach (var line in markdown.Split('\n'))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (inCode)
            {
                continue;
            }

            var trimmed = line.TrimStart();
            var startsItem = trimmed.StartsWith("- ", StringComparison.Ordinal) || trimmed.StartsWith("| ", StringComparison.Ordinal) || ListNumber().IsMatch(trimmed) || trimmed.StartsWith('#');
            if (line.Trim().Length == 0 || startsItem)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }
            }

            if (line.Trim().Length > 0)
            {
                current.Append(trimmed).Append(' ');
            }
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    [GeneratedRegex(@"^[0-9]+\. ")]
    private static partial Regex ListNumber();

    private static JsonElement Case(string id) => s_corpus.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);

    private static LicenseVerifier VerifierFor(JsonElement c)
    {
        var keys = s_corpus.GetProperty("keys");
        var trusted = c.GetProperty("trustedKeys").EnumerateArray()
            .Select(k => LicensePublicKey.Import(Convert.FromHexString(keys.GetProperty(k.GetString()!).GetProperty("publicKey").GetString()!)))
            .ToList();
        var now = DateTimeOffset.Parse(c.GetProperty("now").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        return new LicenseVerifier(new TrustedKeys(trusted, c.GetProperty("allowDevelopmentKeys").GetBoolean()), new FakeTimeProvider(now));
    }
}
