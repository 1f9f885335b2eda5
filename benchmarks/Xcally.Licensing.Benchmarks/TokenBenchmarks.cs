using BenchmarkDotNet.Attributes;

namespace Xcally.Licensing.Benchmarks;

/// <summary>
/// Computing this machine's installation token warm (every source read from /etc, /proc and /sys),
/// and checking a typed token. The target is at most 5 ms for the computation.
/// </summary>
[MemoryDiagnoser]
public class TokenBenchmarks
{
    private string _token = string.Empty;

    [GlobalSetup]
    public void Setup() => _token = InstallationTokenReader.Read().EnsureComputed().ToString();

    [Benchmark]
    public InstallationTokenReading ComputeToken() => InstallationTokenReader.Read();

    [Benchmark]
    public InstallationTokenCheck CheckTypedToken() => InstallationToken.Check(_token);
}
