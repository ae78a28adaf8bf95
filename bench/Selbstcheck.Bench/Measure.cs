using System.Diagnostics;

/// <summary>Runs an operation COUNT times over CLIENTS concurrent workers; rate and latency percentiles.</summary>
public static class Measure
{
    public static async Task<Result> Run(string name, int count, int clients, Func<int, Task> op)
    {
        var latencies = new double[count];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await op(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        clock.Stop();
        Array.Sort(latencies);
        Console.WriteLine($"{name}: {count} in {clock.Elapsed.TotalSeconds:F1} s");
        return new Result(name, count / clock.Elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    public static void Report(Result raw, Result viaHttp)
    {
        Console.WriteLine();
        Console.WriteLine($"{"",-32} {"per s",10} {"p50 ms",8} {"p99 ms",8}");
        foreach (var r in new[] { raw, viaHttp })
        {
            Console.WriteLine($"{r.Name,-32} {r.Rate,10:F0} {r.P50,8:F2} {r.P99,8:F2}");
        }

        Console.WriteLine($"ratio b/a: throughput {viaHttp.Rate / raw.Rate:F2}, p50 {viaHttp.P50 / raw.P50:F2}, p99 {viaHttp.P99 / raw.P99:F2}");
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

public sealed record Result(string Name, double Rate, double P50, double P99);
