using BenchmarkDotNet.Attributes;
using NSec.Cryptography;
using Xcally.Licensing.Format;
using Xcally.Licensing.Issuing.Keys;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Xcally.Licensing.Benchmarks;

/// <summary>
/// End-to-end verification (armored text in, verified document out) against BouncyCastle's raw Ed25519
/// verification of the same signed bytes, and libsodium's (through NSec) as a native reference. The
/// difference between the first two is what armor, envelope and JSON cost. Target: end-to-end at most
/// 1.10 x the raw verification's time and 2 x its allocations.
/// </summary>
[MemoryDiagnoser]
public class VerifyBenchmarks
{
    private string _file = string.Empty;
    private LicenseVerifier _verifier = null!;
    private byte[] _message = [];
    private byte[] _signature = [];
    private byte[] _publicKey = [];
    private PublicKey _nsecKey = null!;

    [GlobalSetup]
    public void Setup()
    {
        using var key = SigningKey.Generate();
        _file = key.Issue(BenchmarkLicenses.For(BenchmarkLicenses.Token, DateTimeOffset.UtcNow));
        _verifier = new LicenseVerifier(new TrustedKeys([key.PublicKey]));

        LicenseArmor.TryRead(_file, out var envelope, out _);
        LicenseEnvelope.TryOpen(envelope, out var frame, out _);
        _message = LicenseEnvelope.SignedMessage(frame.SignedBytes);
        _signature = frame.Signature.ToArray();
        _publicKey = key.PublicKey.Bytes.ToArray();
        _nsecKey = PublicKey.Import(SignatureAlgorithm.Ed25519, _publicKey, KeyBlobFormat.RawPublicKey);

        if (!RawBouncyCastleVerify() || !NSecVerify() || EndToEndVerify() is null)
        {
            throw new InvalidOperationException("The benchmark license does not verify.");
        }
    }

    [Benchmark(Baseline = true)]
    public bool RawBouncyCastleVerify() => BcEd25519.Verify(_signature, _publicKey, _message);

    [Benchmark]
    public bool NSecVerify() => SignatureAlgorithm.Ed25519.Verify(_nsecKey, _message, _signature);

    [Benchmark]
    public LicenseDocument? EndToEndVerify() => _verifier.Verify(_file).License;
}
