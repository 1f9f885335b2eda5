using System.Text.Json;
using BenchmarkDotNet.Attributes;

namespace Xcally.Licensing.Benchmarks;

/// <summary>Serializing the license status, as the settings page and the log export do (source-generated JSON).</summary>
[MemoryDiagnoser]
public class StatusBenchmarks
{
    private string _stateDirectory = string.Empty;
    private LicenseStatus _status = null!;

    [GlobalSetup]
    public void Setup() => _status = BenchmarkLicenses.InstalledService(out _stateDirectory).Status;

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_stateDirectory, recursive: true);

    [Benchmark]
    public byte[] SerializeStatusToUtf8() => JsonSerializer.SerializeToUtf8Bytes(_status, LicenseStatusJsonContext.Default.LicenseStatus);

    [Benchmark]
    public string SerializeStatusToString() => JsonSerializer.Serialize(_status, LicenseStatusJsonContext.Default.LicenseStatus);
}
