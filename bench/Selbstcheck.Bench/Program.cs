using System.Diagnostics;
using Marten;
using Npgsql;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;

// The benchmarks of bench/README.md, each against the service running as its own process on
// loopback (Release, pre-generated handlers, rate limits off) and raw Marten in this process, same
// database, same clients, one run. ops/bench sets up PostgreSQL (with pg_stat_statements) and runs it:
// ops/bench [registrations N clients | answers KOMMUNEN ANSWERS-PER-KOMMUNE | history KOMMUNEN N | opensurvey RESPONSES N | milestones N WINDOW-SECONDS | overhead N]
var mode = args.Length > 0 && !char.IsDigit(args[0][0]) ? args[0] : "registrations";
var numbers = args.SkipWhile(a => !char.IsDigit(a[0])).Select(int.Parse).ToArray();
var n = numbers.Length > 0 ? numbers[0] : mode switch { "answers" => 1000, "history" => 100, "opensurvey" => 500, "milestones" => 10_000, "overhead" => 10_000, _ => 5000 };
var clients = mode == "registrations" && numbers.Length > 1 ? numbers[1] : 8;
var hostDll = Environment.GetEnvironmentVariable("SELBSTCHECK_HOST_DLL")
    ?? throw new InvalidOperationException("SELBSTCHECK_HOST_DLL: path of the built Selbstcheck.Host.dll");
var baseDb = Environment.GetEnvironmentVariable("SELBSTCHECK_DB")
    ?? throw new InvalidOperationException("SELBSTCHECK_DB is not set (ops/bench sets it)");

var db = await FreshDatabase(baseDb, "bench");
Console.WriteLine($"{mode}: {string.Join(" ", numbers)} ({clients} concurrent clients), database {new NpgsqlConnectionStringBuilder(db).Database}, {Environment.ProcessorCount} cores");

// Reminder emails go to a real SMTP server on loopback.
await using var sink = new Selbstcheck.SmtpSink.SmtpSinkServer(new Selbstcheck.SmtpSink.SmtpSinkOptions { Port = 0 });
await sink.StartAsync();

// The key-encryption key (owner-only) and the schema, applied as the deploy step does; the service
// then runs as the benchmark's database user (the server's superuser: the benchmark does not measure roles).
var keyFile = Path.Combine(Path.GetTempPath(), $"selbstcheck-bench-{Guid.NewGuid():N}.key");
KeyEncryption.CreateKeyFile(keyFile);
AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(keyFile);
var hostEnvironment = new Dictionary<string, string>
{
    ["SELBSTCHECK_DB"] = db,
    ["SELBSTCHECK_DEMO"] = "0",
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    ["Selbstcheck__Keys__KeyFile"] = keyFile,
    ["Selbstcheck__Auth__AllowLocalKey"] = "true",
    ["Logging__LogLevel__Default"] = "Warning",
};
await RunHost(hostDll, hostEnvironment, "db-install");

var port = FreePort();
var url = $"http://127.0.0.1:{port}";
var serviceStart = new ProcessStartInfo("dotnet", $"\"{hostDll}\" --urls {url}") { RedirectStandardOutput = true, RedirectStandardError = true };
foreach (var (key, value) in hostEnvironment) serviceStart.Environment[key] = value;
// The benchmark measures the service, not its per-user write limit.
serviceStart.Environment["Selbstcheck__RateLimits__Enabled"] = "false";
serviceStart.Environment["SELBSTCHECK_SMTP"] = $"127.0.0.1:{sink.Port}";
using var service = Process.Start(serviceStart)!;
service.OutputDataReceived += (_, _) => { };
service.ErrorDataReceived += (_, e) => { if (e.Data is { } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) Console.Error.WriteLine($"service: {line}"); };
service.BeginOutputReadLine();
service.BeginErrorReadLine();
using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
await WaitReady(http);
Console.WriteLine($"service: pid {service.Id} on {url}");

// The store with the host's own configuration (schema applied by db-install above).
var settings = new SelbstcheckSettings { ConnectionString = db };
await using var store = DocumentStore.For(opts => StorageSetup.ConfigureStore(opts, settings));
var token = (await RunHost(hostDll, hostEnvironment, "token", Roles.Programmteam, "--user", "bench", "--hours", "1")).Trim().Split('\n')[^1];
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

await using (var connection = new NpgsqlConnection(db))
{
    await connection.OpenAsync();
    try
    {
        await new NpgsqlCommand("create extension if not exists pg_stat_statements", connection).ExecuteNonQueryAsync();
    }
    catch (PostgresException e)
    {
        Console.WriteLine($"pg_stat_statements not available ({e.MessageText}): SQL/op is not measured");
    }
}

var probe = new Probe(service, db);
try
{
    // Idle cost first, while nothing has been asked of the service yet, once its startup has settled
    // (the first seconds after "ready" still compile and start agents).
    await Task.Delay(TimeSpan.FromSeconds(15));
    await probe.CalibrateAsync(TimeSpan.FromSeconds(5));

    // Warm-up both paths until the JIT's tiering settles (connection pools, plans, tier-1 code), not measured.
    await Measure.Run("warm-up raw", 2000, clients, i => RegistrationsBenchmark.RawRegister(store, $"warm-raw-{i}", i));
    await Measure.Run("warm-up http", 2000, clients, i => RegistrationsBenchmark.HttpRegister(http, $"warm-http-{i}", i + 500_000));

    switch (mode)
    {
        case "milestones":
            await MilestonesBenchmark.RunAsync(store, http, sink, n, numbers.Length > 1 ? numbers[1] : 300, clients);
            break;
        case "answers":
            await AnswersBenchmark.RunAsync(store, http, probe, n, numbers.Length > 1 ? numbers[1] : 5, clients);
            break;
        case "overhead":
            await OverheadBenchmark.RunAsync(http, probe, n, clients);
            break;
        case "opensurvey":
            await OpenSurveyBenchmark.RunAsync(store, http, probe, n, numbers.Length > 1 ? numbers[1] : 240, clients);
            break;
        case "history":
            await HistoryBenchmark.RunAsync(store, http, probe, n, numbers.Length > 1 ? numbers[1] : 1000, clients);
            break;
        default:
            await RegistrationsBenchmark.RunAsync(store, http, probe, n, clients);
            break;
    }
}
finally
{
    service.Kill(entireProcessTree: true);
    await service.WaitForExitAsync();
}

return 0;

static async Task WaitReady(HttpClient http)
{
    for (var i = 0; i < 240; i++)
    {
        try
        {
            if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return;
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(500);
    }

    throw new TimeoutException("the service did not become ready");
}

static int FreePort()
{
    var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

static async Task<string> RunHost(string hostDll, Dictionary<string, string> environment, params string[] arguments)
{
    var start = new ProcessStartInfo("dotnet", ["exec", hostDll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var (key, value) in environment) start.Environment[key] = value;
    using var process = Process.Start(start)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var errors = process.StandardError.ReadToEndAsync();
    await process.WaitForExitAsync();
    if (process.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', arguments)} failed: {await output}{await errors}");
    return await output;
}

static async Task<string> FreshDatabase(string baseString, string suffix) =>
    new NpgsqlConnectionStringBuilder(await DatabaseAdmin.RecreateSiblingAsync(baseString, suffix)) { MaxPoolSize = 50 }.ConnectionString;
