using BenchmarkDotNet.Attributes;
using Xcally.Licensing.Format;
using Xcally.Licensing.Issuing.Keys;
using BcEd25519 = Org.BouncyCastle.Math.EC.Rfc8032.Ed25519;

namespace Xcally.Licensing.Benchmarks;

/// <summary>Signing one license (payload, envelope, signature, armor) against BouncyCastle's raw Ed25519 signature of the same bytes.</summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private SigningKey _key = null!;
    private LicenseDocument _license = null!;
    private byte[] _privateKey = [];
    private byte[] _message = [];
    private readonly byte[] _signature = new byte[64];

    [GlobalSetup]
    public void Setup()
    {
        _privateKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        _key = SigningKey.FromPrivateKey(_privateKey);
        _license = BenchmarkLicenses.For(BenchmarkLicenses.Token, DateTimeOffset.UtcNow);
        LicenseArmor.TryRead(_key.Issue(_license), out var envelope, out _);
        LicenseEnvelope.TryOpen(envelope, out var frame, out _);
        _message = LicenseEnvelope.SignedMessage(frame.SignedBytes);
    }

    [GlobalCleanup]
    public void Cleanup() => _key.Dispose();

    [Benchmark(Baseline = true)]
    public byte[] RawBouncyCastleSign()
    {
        BcEd25519.Sign(_privateKey, 0, _message, 0, _message.Length, _signature, 0);
        return _signature;
    }

    [Benchmark]
    public string IssueLicenseText() => _key.Issue(_license);
}
