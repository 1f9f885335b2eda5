using System.Text;
using Xcally.Licensing.Document;
using Xcally.Licensing.Tests.Conformance;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Verification;

/// <summary>
/// Every input the fuzzers ever broke the readers with (fuzz/crashes-found) is replayed by the test
/// suite too, not only by fuzz/run.sh: a reader must answer it with a result, never an exception.
/// </summary>
public sealed class FuzzFindingTests
{
    public static TheoryData<string> Findings(string harness) =>
        [.. Directory.EnumerateFiles(RepositoryFiles.PathOf($"fuzz/crashes-found/{harness}"), "*.b64").Select(path => Path.GetFileName(path)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Findings), "payload")]
    public void A_payload_the_fuzzer_found_is_read_to_an_outcome_without_throwing(string file)
    {
        var payload = Convert.FromBase64String(RepositoryFiles.Read($"fuzz/crashes-found/payload/{file}").Trim());

        var outcome = LicensePayloadReader.TryRead(payload, out var license, out var error);

        Assert.True(outcome == LicensePayloadReader.Outcome.Parsed ? license is not null : error.Length > 0);
    }

    [Theory]
    [MemberData(nameof(Findings), "payload")]
    public void A_payload_the_fuzzer_found_verifies_to_a_status_when_signed(string file)
    {
        var payload = Convert.FromBase64String(RepositoryFiles.Read($"fuzz/crashes-found/payload/{file}").Trim());
        var text = ConformanceCorpus.Armor(ConformanceCorpus.Seal(payload));

        var result = new LicenseVerifier(new TrustedKeys([ConformanceCorpus.Vector.PublicKey])).Verify(Encoding.UTF8.GetBytes(text));

        Assert.False(string.IsNullOrEmpty(result.Reason));
        Assert.True(Enum.IsDefined(result.Status));
    }
}
