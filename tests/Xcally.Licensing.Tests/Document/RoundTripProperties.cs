using FsCheck;
using FsCheck.Xunit;
using Xcally.Licensing.Document;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Document;

[Properties(Arbitrary = [typeof(LicenseGenerators)], MaxTest = 1000)]
public sealed class RoundTripProperties
{
    [Property]
    public bool Every_generated_document_obeys_the_written_rules(LicenseDocument license) =>
        license.Validate().Count == 0;

    [Property]
    public bool Any_document_round_trips_through_its_payload_exactly(LicenseDocument license)
    {
        var payload = LicensePayloadWriter.Write(license);
        var outcome = LicensePayloadReader.TryRead(payload, out var read, out _);
        return outcome == LicensePayloadReader.Outcome.Parsed
            && read!.Equals(license)
            && LicensePayloadWriter.Write(read).AsSpan().SequenceEqual(payload);
    }

    [Property(MaxTest = 300)]
    public bool Any_document_signed_and_verified_comes_back_unchanged(LicenseDocument license)
    {
        var file = TestLicenses.Key.Issue(license);
        var inForce = license.ValidFrom.AddTicks(1) < (license.ExpiresAt ?? DateTimeOffset.MaxValue) ? license.ValidFrom.AddTicks(1) : license.ValidFrom;
        var result = TestLicenses.Verifier(inForce).Verify(file, license.Token);
        return result.IsValid && result.License.Equals(license);
    }
}
