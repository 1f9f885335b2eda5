using Xcally.Licensing.Benchmarks;

// `write-batch-requests FILE COUNT` writes the batch benchmark's requests, to time the real tool on them.
if (args is ["write-batch-requests", var path, var count])
{
    BatchIssueBenchmarks.WriteRequests(path, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    return;
}

BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(VerifyBenchmarks).Assembly).Run(args);
