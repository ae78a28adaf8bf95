using System.Net.Http.Json;
using Marten;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;

/// <summary>
/// Registering Kommunen: (a) a bare append of the same event, (b) raw Marten doing the endpoint's
/// work (validate, check id and AGS, decide, reserve the AGS, start the stream, read the new
/// Kommune back for the reply), (c) POST /api/kommunen — same clients, same database, one run.
/// </summary>
public static class RegistrationsBenchmark
{
    public static async Task RunAsync(IDocumentStore store, HttpClient http, Probe probe, int n, int clients)
    {
        var summaries = await Measure.Compare(3,
            ("(a) bare Marten append", r => Measure.Run($"(a) run {r + 1}", n, clients, i => Bare(store, Id("bare", r, i), Number(0, r, i)), probe)),
            ("(b) raw Marten, the endpoint's work", r => Measure.Run($"(b) run {r + 1}", n, clients, i => RawRegister(store, Id("raw", r, i), Number(1, r, i)), probe)),
            ("(c) HTTP endpoint", r => Measure.Run($"(c) run {r + 1}", n, clients, i => HttpRegister(http, Id("http", r, i), Number(2, r, i)), probe, viaService: true)));
        Measure.Report(summaries, "app: the process doing the endpoint's work — this benchmark for (a)/(b), the service for (c)");
    }

    private static string Id(string kind, int run, int i) => $"{kind}-{run}-{i}";

    private static int Number(int kind, int run, int i) => 1_000_000 + kind * 300_000 + run * 100_000 + i;

    public static Task Bare(IDocumentStore store, string id, int n) =>
        Raw.Append(store, id, new KommuneRegistered(id, $"Bench {n}", "Gemeinde", "Bayern", "2030-1", null, Ags(n)));

    public static async Task RawRegister(IDocumentStore store, string id, int n)
    {
        var command = new RegisterKommune(id, $"Bench {n}", "Gemeinde", "Bayern", "2030-1", null, Ags(n));
        // The service's own handler in a session of this process, then the endpoint's read of the new Kommune.
        await Raw.Command(store, (session, _) => RegisterKommuneHandler.Handle(command, session, CancellationToken.None));
        await using var query = store.QuerySession();
        _ = await KommuneLookup.Require(query, id, CancellationToken.None);
    }

    public static async Task HttpRegister(HttpClient http, string id, int n)
    {
        var response = await http.PostAsJsonAsync("/api/kommunen",
            new { id, name = $"Bench {n}", kind = "Gemeinde", bundesland = "Bayern", cohort = "2030-1", ags = Ags(n) });
        if ((int)response.StatusCode != 201)
        {
            throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static string Ags(int n) => (10_000_000 + n).ToString();
}
