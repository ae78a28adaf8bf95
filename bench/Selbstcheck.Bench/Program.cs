using System.Diagnostics;
using System.Net.Http.Json;
using Marten;
using Npgsql;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Teilnahme;

// Registration throughput, (a) raw Marten appends doing the endpoint's work against
// (b) the HTTP endpoint, same database, same run, same client concurrency.
// Usage: dotnet run -c Release --project bench/Selbstcheck.Bench -- [N] [clients] (ops/bench does it all).

// ops/bench [registrations N clients | answers KOMMUNEN ANSWERS-PER-KOMMUNE | milestones N WINDOW-SECONDS]
var mode = args.Length > 0 && !char.IsDigit(args[0][0]) ? args[0] : "registrations";
var numbers = args.SkipWhile(a => !char.IsDigit(a[0])).Select(int.Parse).ToArray();
var n = numbers.Length > 0 ? numbers[0] : mode == "answers" ? 1000 : mode == "milestones" ? 10_000 : 5000;
var clients = numbers.Length > 1 && mode != "milestones" ? numbers[1] : 8;
var hostDll = Environment.GetEnvironmentVariable("SELBSTCHECK_HOST_DLL")
    ?? throw new InvalidOperationException("SELBSTCHECK_HOST_DLL: path of the built Selbstcheck.Host.dll");
var baseDb = Environment.GetEnvironmentVariable("SELBSTCHECK_DB")
    ?? throw new InvalidOperationException("SELBSTCHECK_DB is not set (ops/bench sets it)");

var db = await FreshDatabase(baseDb, "bench");
Console.WriteLine($"{mode}: N = {n}, {clients} concurrent clients, database {new NpgsqlConnectionStringBuilder(db).Database}");

// Reminder emails go to a real SMTP server on loopback.
await using var sink = new Selbstcheck.SmtpSink.SmtpSinkServer(new Selbstcheck.SmtpSink.SmtpSinkOptions { Port = 0 });
await sink.StartAsync();

// The service, as a separate process on loopback, Release, pre-generated handlers.
var port = FreePort();
var url = $"http://127.0.0.1:{port}";
using var service = Process.Start(new ProcessStartInfo("dotnet", $"\"{hostDll}\" --urls {url}")
{
    Environment =
    {
        ["SELBSTCHECK_DB"] = db,
        ["SELBSTCHECK_DEMO"] = "0",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
        // The benchmark measures the service, not its per-user write limit.
        ["Selbstcheck__RateLimits__Enabled"] = "false",
        ["SELBSTCHECK_SMTP"] = $"127.0.0.1:{sink.Port}",
    },
    RedirectStandardOutput = true,
    RedirectStandardError = true,
})!;
service.OutputDataReceived += (_, _) => { };
service.ErrorDataReceived += (_, _) => { };
service.BeginOutputReadLine();
service.BeginErrorReadLine();
using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
await WaitReady(http);

// The store with the host's own configuration (schema already applied by the service).
var settings = new SelbstcheckSettings { ConnectionString = db };
await using var store = DocumentStore.For(opts => StorageSetup.ConfigureStore(opts, settings));
var token = await new TokenIssuer(new LocalSigningKey(store, TimeProvider.System), settings, TimeProvider.System)
    .IssueAsync(Roles.Programmteam, null, TimeSpan.FromHours(1));
http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

try
{
    // Warm-up both paths (JIT, connection pools, plans), not measured.
    await Measure.Run("warm-up raw", 200, clients, i => RawRegister(store, $"warm-raw-{i}", i));
    await Measure.Run("warm-up http", 200, clients, i => HttpRegister(http, $"warm-http-{i}", i + 500_000));

    if (mode == "milestones")
    {
        await MilestonesBenchmark.RunAsync(store, http, sink, n, numbers.Length > 1 ? numbers[1] : 300, clients);
    }
    else if (mode == "answers")
    {
        await AnswersBenchmark.RunAsync(store, http, n, numbers.Length > 1 ? numbers[1] : 5);
    }
    else
    {
        var raw = await Measure.Run("(a) raw Marten", n, clients, i => RawRegister(store, $"raw-{i}", i + 1_000_000));
        var viaHttp = await Measure.Run("(b) HTTP endpoint", n, clients, i => HttpRegister(http, $"http-{i}", i + 2_000_000));
        Measure.Report(raw, viaHttp);
    }
}
finally
{
    service.Kill(entireProcessTree: true);
    await service.WaitForExitAsync();
}

return 0;

static async Task RawRegister(IDocumentStore store, string id, int n)
{
    // The endpoint's work: validate, check id and AGS, decide, reserve the AGS, start the stream
    // (the inline KommuneOverview projection runs in the same commit).
    var command = RegisterKommuneDecision.Validate(
        new RegisterKommune(id, $"Bench {n}", "Gemeinde", "Bayern", "2030-1", null, Ags(n)));
    await using var session = store.LightweightSession();
    var stream = await session.Events.FetchStreamStateAsync(id);
    var reservation = await session.LoadAsync<AgsReservation>(command.Ags!);
    var events = RegisterKommuneDecision.Decide(command, stream is not null, reservation?.KommuneId);
    session.Insert(new AgsReservation(command.Ags!, id));
    session.Events.StartStream<KommuneJourney>(id, events.ToArray());
    await session.SaveChangesAsync();
}

static async Task HttpRegister(HttpClient http, string id, int n)
{
    var response = await http.PostAsJsonAsync("/api/kommunen",
        new { id, name = $"Bench {n}", kind = "Gemeinde", bundesland = "Bayern", cohort = "2030-1", ags = Ags(n) });
    if ((int)response.StatusCode != 201)
    {
        throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

static string Ags(int n) => (10_000_000 + n).ToString();

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

static async Task<string> FreshDatabase(string baseString, string suffix) =>
    new NpgsqlConnectionStringBuilder(await DatabaseAdmin.RecreateSiblingAsync(baseString, suffix)) { MaxPoolSize = 50 }.ConnectionString;

