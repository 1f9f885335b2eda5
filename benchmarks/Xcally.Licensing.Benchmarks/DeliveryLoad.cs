using System.Diagnostics;
using System.Globalization;

namespace Xcally.Licensing.Benchmarks;

/// <summary>
/// An open-loop load against the delivery server (benchmarks/delivery-load.sh): requests for random
/// tokens of a list are due at a fixed rate, whether or not earlier ones have been answered, and each
/// latency counts from when its request was due, so a stalled server cannot hide its queue
/// (no coordinated omission). Prints the achieved rate and the latency percentiles.
/// </summary>
internal static class DeliveryLoad
{
    public static async Task<int> RunAsync(Uri server, string tokensFile, int rate, TimeSpan duration)
    {
        var tokens = File.ReadAllLines(tokensFile).Where(t => t.Length > 0).ToArray();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(10) };

        // The first seconds are this generator's own JIT and connection setup, not the server's.
        await LoadAsync(http, tokens, rate, TimeSpan.FromSeconds(3), report: false).ConfigureAwait(false);
        return await LoadAsync(http, tokens, rate, duration, report: true).ConfigureAwait(false);
    }

    private static async Task<int> LoadAsync(HttpClient http, string[] tokens, int rate, TimeSpan duration, bool report)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var latencies = new double[total];
        var statuses = new int[total];
        var random = new Random(20261203);
        var clock = Stopwatch.StartNew();
        var inFlight = new List<Task>(total);
        for (var i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait).ConfigureAwait(false);
            }

            var index = i;
            var path = "v1/licenses/" + tokens[random.Next(tokens.Length)];
            inFlight.Add(Task.Run(async () =>
            {
                try
                {
                    using var response = await http.GetAsync(path).ConfigureAwait(false);
                    await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    statuses[index] = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    statuses[index] = -1;
                }
                catch (TaskCanceledException)
                {
                    statuses[index] = -2;
                }

                latencies[index] = (clock.Elapsed - due).TotalMilliseconds;
            }));
        }

        await Task.WhenAll(inFlight).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        if (!report)
        {
            return 0;
        }

        Array.Sort(latencies);
        double Percentile(double p) => latencies[Math.Min(total - 1, (int)Math.Ceiling(p / 100 * total) - 1)];
        var ok = statuses.Count(s => s == 200);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{total} requests due at {rate}/s over {duration.TotalSeconds:F0} s, done in {elapsed.TotalSeconds:F1} s; {ok} answered 200, {total - ok} otherwise"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency from due time: p50 {Percentile(50):F2} ms, p90 {Percentile(90):F2} ms, p99 {Percentile(99):F2} ms, p99.9 {Percentile(99.9):F2} ms, max {latencies[^1]:F2} ms"));
        return ok == total ? 0 : 1;
    }
}
