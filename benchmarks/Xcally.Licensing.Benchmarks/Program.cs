using Xcally.Licensing.Benchmarks;

// `write-batch-requests FILE COUNT` writes the batch benchmark's requests, to time the real tool on them.
if (args is ["write-batch-requests", var path, var count])
{
    BatchIssueBenchmarks.WriteRequests(path, int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

// `delivery-load URL TOKENS RATE SECONDS`: an open-loop load on the delivery server (benchmarks/delivery-load.sh).
if (args is ["delivery-load", var url, var tokens, var rate, var seconds])
{
    return await DeliveryLoad.RunAsync(new Uri(url), tokens, int.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(int.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)));
}

// `hsm-sign-rate MODULE URI COUNT` (PIN in XCALLY_LICENSE_PKCS11_PIN): licenses per second through a PKCS#11 key against a key file (docs/performance.md).
if (args is ["hsm-sign-rate", var module, var uri, var signCount])
{
    return HsmSigningRate.Run(module, uri, Environment.GetEnvironmentVariable("XCALLY_LICENSE_PKCS11_PIN") ?? string.Empty, int.Parse(signCount, System.Globalization.CultureInfo.InvariantCulture));
}

// A benchmark that throws or fails validation fails the run, so CI's short run catches a benchmark that rotted.
var summaries = BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(VerifyBenchmarks).Assembly).Run(args);
var failed = summaries.Where(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)).Select(s => s.Title).ToList();
foreach (var title in failed)
{
    Console.Error.WriteLine($"benchmark run failed: {title}");
}

return failed.Count == 0 ? 0 : 1;
