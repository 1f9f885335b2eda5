using BenchmarkDotNet.Attributes;
using Xcally.Licensing.Format;
using Xcally.Licensing.Signer.Keys;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Xcally.Licensing.Benchmarks;

/// <summary>
/// End-to-end verification (armored text in, verified document out) against BouncyCastle's raw Ed25519
/// verification of the same signed bytes: the difference is what armor, envelope and JSON cost.
/// </summary>
[MemoryDiagnoser]
public class VerifyBenchmarks
{
    private string _file = string.Empty;
    private LicenseVerifier _verifier = null!;
    private byte[] _message = [];
    private byte[] _signature = [];
    private byte[] _publicKey = [];

    [GlobalSetup]
    public void Setup()
    {
        using var key = SigningKey.Generate();
        var now = DateTimeOffset.UtcNow;
        var license = new LicenseDocument
        {
            Serial = 1001,
            Lineage = 1001,
            Revision = 1,
            Kind = LicenseKind.Subscription,
            IssuedAt = now,
            ValidFrom = now,
            ExpiresAt = now.AddYears(1),
            Token = "K7QX-2M9F-H4TB-8WZC",
            Customer = new Customer("Acme Contact Center", "it@acme.example"),
            Plan = "omnichannel",
            Billing = BillingFrequency.Annual,
            SupportPlan = SupportPlan.Platinum,
            Staff = new StaffCounts(1, 12, 25, 25, 4),
            Channels = EntitlementSet<Channel>.All,
            Modules = EntitlementSet<Module>.All,
            Sessions = new SessionLimits(30, 60),
            AddOns = EntitlementSet<AddOn>.All,
            Ai = EntitlementSet<AiFeature>.All,
            Plugins = EntitlementSet<Plugin>.All,
            SoftwareUpdate = true,
            AppZone = true,
        };
        _file = key.Issue(license);
        _verifier = new LicenseVerifier(new TrustedKeys([key.PublicKey]));

        LicenseArmor.TryRead(_file, out var envelope, out _);
        LicenseEnvelope.TryOpen(envelope, out var frame, out _);
        _message = LicenseEnvelope.SignedMessage(frame.SignedBytes);
        _signature = frame.Signature.ToArray();
        _publicKey = key.PublicKey.Bytes.ToArray();
    }

    [Benchmark(Baseline = true)]
    public bool RawBouncyCastleVerify() => BcEd25519.Verify(_signature, _publicKey, _message);

    [Benchmark]
    public LicenseDocument? EndToEndVerify() => _verifier.Verify(_file).License;
}
