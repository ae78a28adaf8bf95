using System.Diagnostics;
using System.Globalization;
using Npgsql;

/// <summary>Runs an operation COUNT times over CLIENTS concurrent workers; rate and latency percentiles, and what it cost.</summary>
public static class Measure
{
    public static async Task<Result> Run(string name, int count, int clients, Func<int, Task> op, Probe? probe = null, bool viaService = false)
    {
        var latencies = new double[count];
        var next = -1;
        var before = probe is null ? null : await probe.ReadAsync();
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
        var cost = probe is null || before is null ? null : (await probe.ReadAsync()).Since(before, count, clock.Elapsed, viaService);
        Array.Sort(latencies);
        Console.WriteLine($"{name}: {count} in {clock.Elapsed.TotalSeconds:F1} s");
        return new Result(name, count / clock.Elapsed.TotalSeconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), cost);
    }

    /// <summary>
    /// (a), (b) and (c) three times each, interleaved (a b c a b c a b c) so that a drift of the machine
    /// touches all three alike; each figure is the median of its three runs.
    /// </summary>
    public static async Task<IReadOnlyList<Summary>> Compare(int repetitions, params (string Name, Func<int, Task<Result>> Run)[] variants)
    {
        var results = variants.Select(_ => new List<Result>()).ToArray();
        for (var r = 0; r < repetitions; r++)
        {
            for (var v = 0; v < variants.Length; v++) results[v].Add(await variants[v].Run(r));
        }

        return variants.Select((v, i) => Summary.Of(v.Name, results[i])).ToList();
    }

    /// <summary>The table; then the ratio of row <paramref name="measured"/> to row <paramref name="baseline"/> (by default c/b).</summary>
    public static void Report(IReadOnlyList<Summary> rows, string appNote, string ratio = "c/b", int baseline = 1, int measured = 2)
    {
        Console.WriteLine();
        Console.WriteLine($"{"",-36} {"per s",6} {"(min–max)",13} {"p50 ms",7} {"p99 ms",7} {"SQL/op",7} {"app ms/op",10} {"client ms/op",13} {"svc-bg ms/op",13} {"PG ms/op",9}");
        foreach (var r in rows)
        {
            var c = r.Cost;
            Console.WriteLine($"{r.Name,-36} {r.Rate,6:F0} {$"({r.MinRate:F0}–{r.MaxRate:F0})",13} {r.P50,7:F2} {r.P99,7:F2} " +
                              $"{Num(c?.StatementsPerOp, "F1"),7} {Num(c?.AppCpuMsPerOp, "F2"),10} {Num(c?.ClientCpuMsPerOp, "F2"),13} {Num(c?.ServiceBackgroundMsPerOp, "F2"),13} {Num(c?.PgCpuMsPerOp, "F2"),9}");
        }

        Console.WriteLine($"  ({appNote}; SQL/op: statements PostgreSQL executed per operation, less the idle polling rate measured before; CPU as the median of the runs)");
        if (rows.Count > Math.Max(baseline, measured))
        {
            var (b, c) = (rows[baseline], rows[measured]);
            Console.WriteLine($"ratio {ratio}: throughput {c.Rate / b.Rate:F2}, p50 {c.P50 / b.P50:F2}, p99 {c.P99 / b.P99:F2}");
        }
    }

    private static string Num(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    public static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

public sealed record Result(string Name, double Rate, double P50, double P99, Cost? Cost);

public sealed record Summary(string Name, double Rate, double MinRate, double MaxRate, double P50, double P99, Cost? Cost)
{
    public static Summary Of(string name, IReadOnlyList<Result> runs) => new(
        name,
        Measure.Median(runs.Select(r => r.Rate)),
        runs.Min(r => r.Rate),
        runs.Max(r => r.Rate),
        Measure.Median(runs.Select(r => r.P50)),
        Measure.Median(runs.Select(r => r.P99)),
        runs.All(r => r.Cost is not null)
            ? new Cost(
                runs.All(r => r.Cost!.StatementsPerOp is not null) ? Measure.Median(runs.Select(r => r.Cost!.StatementsPerOp!.Value)) : null,
                Measure.Median(runs.Select(r => r.Cost!.AppCpuMsPerOp)),
                runs.All(r => r.Cost!.ClientCpuMsPerOp is not null) ? Measure.Median(runs.Select(r => r.Cost!.ClientCpuMsPerOp!.Value)) : null,
                Measure.Median(runs.Select(r => r.Cost!.PgCpuMsPerOp)),
                runs.All(r => r.Cost!.ServiceBackgroundMsPerOp is not null) ? Measure.Median(runs.Select(r => r.Cost!.ServiceBackgroundMsPerOp!.Value)) : null)
            : null);
}

/// <summary>
/// What one operation cost: SQL statements PostgreSQL executed, and CPU time of the process that did
/// the application's work (the benchmark itself for raw Marten, the service for HTTP), of the HTTP
/// client (the benchmark, for HTTP only) and of PostgreSQL's processes; for raw Marten also the
/// service's CPU meanwhile (its projection daemon working through the new events, polling).
/// </summary>
public sealed record Cost(double? StatementsPerOp, double AppCpuMsPerOp, double? ClientCpuMsPerOp, double PgCpuMsPerOp, double? ServiceBackgroundMsPerOp = null);

/// <summary>Reads the counters: this process's and the service's CPU time, PostgreSQL's (all its processes), and pg_stat_statements.</summary>
public sealed class Probe(Process service, string connectionString)
{
    private double _idleStatementsPerSecond;

    public async Task<Counters> ReadAsync()
    {
        service.Refresh();
        return new Counters(
            Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds,
            service.TotalProcessorTime.TotalMilliseconds,
            PostgresCpuMs(),
            await StatementsAsync(),
            Stopwatch.GetTimestamp(),
            this);
    }

    /// <summary>What the service and the job server cost when nothing is asked of them (polling): measured for a while, then left out of SQL/op.</summary>
    public async Task CalibrateAsync(TimeSpan window)
    {
        var before = await ReadAsync();
        await Task.Delay(window);
        var after = await ReadAsync();
        var seconds = window.TotalSeconds;
        _idleStatementsPerSecond = before.Statements is { } b && after.Statements is { } a ? (a - b) / seconds : 0;
        Console.WriteLine($"idle: {_idleStatementsPerSecond:F1} SQL statements/s of polling (Wolverine, the projection daemon, Hangfire); " +
                          $"CPU ms/s: service {(after.ServiceCpuMs - before.ServiceCpuMs) / seconds:F1}, PostgreSQL {(after.PgCpuMs - before.PgCpuMs) / seconds:F1}");
    }

    public double IdleStatementsPerSecond => _idleStatementsPerSecond;

    private async Task<long?> StatementsAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand(
                "select coalesce(sum(calls), 0)::bigint from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())", connection);
            return (long)(await cmd.ExecuteScalarAsync())!;
        }
        catch (PostgresException)
        {
            return null; // pg_stat_statements not loaded on this server (SELBSTCHECK_DB of another cluster)
        }
    }

    /// <summary>User and system time of every PostgreSQL process (the server forks one per connection), from /proc.</summary>
    private static double PostgresCpuMs()
    {
        double ticks = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var comm = stat[(stat.IndexOf('(') + 1)..close];
                if (comm != "postgres") continue;
                var fields = stat[(close + 2)..].Split(' ');
                ticks += double.Parse(fields[11], CultureInfo.InvariantCulture) + double.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // the process ended meanwhile
            }
        }

        return ticks * 10; // 100 clock ticks per second (getconf CLK_TCK)
    }
}

public sealed record Counters(double SelfCpuMs, double ServiceCpuMs, double PgCpuMs, long? Statements, long Timestamp, Probe Probe)
{
    /// <summary>The cost per operation since <paramref name="before"/>; <paramref name="viaService"/>: the application's work ran in the service (HTTP), else in this process (raw Marten).</summary>
    public Cost Since(Counters before, int count, TimeSpan elapsed, bool viaService)
    {
        double? statements = Statements is { } a && before.Statements is { } b
            ? Math.Max(0, a - b - Probe.IdleStatementsPerSecond * elapsed.TotalSeconds) / count
            : null;
        var self = (SelfCpuMs - before.SelfCpuMs) / count;
        var service = (ServiceCpuMs - before.ServiceCpuMs) / count;
        return viaService
            ? new Cost(statements, service, self, (PgCpuMs - before.PgCpuMs) / count)
            : new Cost(statements, self, null, (PgCpuMs - before.PgCpuMs) / count, service);
    }
}
