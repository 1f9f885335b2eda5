using BenchmarkDotNet.Attributes;

namespace Xcally.Licensing.Benchmarks;

/// <summary>
/// A concurrent seat taken and given back, as Motion does at every agent sign-in and sign-out, through a
/// running <see cref="LicensingService"/> with a license installed (25 agents). Targets: an uncontended
/// pair at most 100 ns and no allocation but the lease; at most 1 µs a pair with 8 threads contending.
/// </summary>
[MemoryDiagnoser]
public class SeatBenchmarks
{
    private const int Threads = 8;
    private const int PairsPerThread = 20_000;

    private string _stateDirectory = string.Empty;
    private LicenseSeats _seats = null!;
    private Barrier _start = null!;
    private Barrier _done = null!;
    private Thread[] _workers = [];
    private volatile bool _stopping;

    [GlobalSetup]
    public void Setup()
    {
        _seats = BenchmarkLicenses.InstalledService(out _stateDirectory).Seats;

        // Threads made once and reused, so an operation measures the seats, not starting threads.
        _start = new Barrier(Threads + 1);
        _done = new Barrier(Threads + 1);
        _workers = [.. Enumerable.Range(0, Threads).Select(i => new Thread(() => Work($"agent-{i}")) { IsBackground = true })];
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stopping = true;
        _start.SignalAndWait();
        foreach (var worker in _workers)
        {
            worker.Join();
        }

        _start.Dispose();
        _done.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public bool AcquireAndRelease() => _seats.TryAcquire(SeatPool.Agents, "agent").Lease!.Release();

    [Benchmark(OperationsPerInvoke = Threads * PairsPerThread)]
    public void AcquireAndReleaseOnEightThreads()
    {
        _start.SignalAndWait();
        _done.SignalAndWait();
    }

    private void Work(string holder)
    {
        while (true)
        {
            _start.SignalAndWait();
            if (_stopping)
            {
                return;
            }

            for (var i = 0; i < PairsPerThread; i++)
            {
                // 25 seats, 8 threads: every acquisition finds one, and all contend on the one count.
                _seats.TryAcquire(SeatPool.Agents, holder).Lease!.Release();
            }

            _done.SignalAndWait();
        }
    }
}
