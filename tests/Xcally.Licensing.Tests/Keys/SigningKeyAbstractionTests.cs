using Xcally.Licensing.Issuing.Keys;
using Xcally.Licensing.Tests.TestSupport;

namespace Xcally.Licensing.Tests.Keys;

/// <summary>Every signing key's signature is verified before a license leaves it: a faulty signer produces an error, never a bad license or a ledger record.</summary>
public sealed class SigningKeyAbstractionTests
{
    [Fact]
    public void A_signer_whose_signatures_do_not_verify_issues_nothing()
    {
        using var faulty = new FaultySigningKey(TestLicenses.Key);

        var error = Assert.Throws<SigningKeyException>(() => faulty.Issue(TestLicenses.Subscription));

        Assert.Contains("does not verify", error.Message, StringComparison.Ordinal);
        Assert.Contains(TestLicenses.Key.Id.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_faulty_signer_completes_no_ledger_record()
    {
        using var desk = new DeskOnLedger();
        using var faulty = new FaultySigningKey(TestLicenses.Key);
        var faultyDesk = new Xcally.Licensing.Issuing.IssuingDesk(faulty, desk.Ledger, desk.Catalog);

        Assert.Throws<SigningKeyException>(() => faultyDesk.NewLicense(desk.NewLicense()));

        Assert.Equal(0, desk.Ledger.CountIssued());
        desk.Activate();
        Assert.Equal(1, desk.Ledger.CountIssued());
    }

    [Fact]
    public void A_good_key_file_signs_through_the_abstraction_and_the_license_verifies()
    {
        LicenseSigningKey key = TestLicenses.Key;

        var text = key.Issue(TestLicenses.Subscription);

        Assert.True(new LicenseVerifier(TestLicenses.Trusted, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestLicenses.Now)).Verify(text).IsGenuine);
    }

    /// <summary>Signs with a real key, then flips one bit of the signature, as a faulty HSM might.</summary>
    private sealed class FaultySigningKey(SigningKey inner) : LicenseSigningKey
    {
        public override LicensePublicKey PublicKey => inner.PublicKey;

        public override void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
        {
            inner.Sign(message, signature);
            signature[7] ^= 0x20;
        }

        protected override string Describe() => "faulty test key";

        protected override void Dispose(bool disposing)
        {
            // The inner key is the shared test key; it is not this wrapper's to wipe.
        }
    }
}
