using BenchmarkDotNet.Attributes;

namespace Xcally.Licensing.Benchmarks;

/// <summary>
/// The questions Motion asks on its hot paths (call routing, agent login), through a running
/// <see cref="LicensingService"/> with a license installed. Target: at most 20 ns and 0 bytes each.
/// </summary>
[MemoryDiagnoser]
public class EntitlementBenchmarks
{
    private string _stateDirectory = string.Empty;
    private LicensingService _service = null!;

    [GlobalSetup]
    public void Setup() => _service = BenchmarkLicenses.InstalledService(out _stateDirectory);

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_stateDirectory, recursive: true);

    [Benchmark]
    public bool HasChannel() => _service.Entitlements.Channels.Contains(Channel.WhatsApp);

    [Benchmark]
    public bool HasAiFeature() => _service.Entitlements.Ai.Contains(AiFeature.AgentAssistants);

    [Benchmark]
    public int AgentLimit() => _service.Entitlements.Staff.Agents;
}
