BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Xcally.Licensing.Benchmarks.VerifyBenchmarks).Assembly).Run(args);
