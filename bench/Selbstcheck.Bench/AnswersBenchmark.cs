using System.Diagnostics;
using System.Net.Http.Json;
using Marten;
using Selbstcheck.Workflow.Fragebogen;
using Selbstcheck.Workflow.Teilnahme;

/// <summary>
/// Answers (#4): one Kommune with 10 respondents answering every criterion, then closing; then many
/// Kommunen answered concurrently — (a) raw Marten doing the handler's work (fetch the journey,
/// decide, append, inline projections) against (b) the HTTP endpoint, same database, same run.
/// </summary>
public static class AnswersBenchmark
{
    private static readonly string[] Scale = ["ja", "eher ja", "eher nein", "nein"];

    public static async Task RunAsync(IDocumentStore store, HttpClient http, int kommunen, int answersPerKommune)
    {
        var catalogue = (await CatalogueImport.FindAsync(store.QuerySession(), "weltoffene-kommune-2020", null, CancellationToken.None))!.Catalogue;
        var criteria = catalogue.Criteria.Select(c => c.Id).ToList();

        // 1. One Kommune, 10 respondents × every criterion, then close (through HTTP).
        var single = await Setup(store, "bench-einzel", 10);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(single.Respondents.Select(async r =>
        {
            foreach (var c in criteria)
            {
                await Put(http, single.Kommune, r, c, Scale[(c.GetHashCode() & 0x7fffffff) % 4]);
            }

            (await http.PostAsync($"/api/kommunen/{single.Kommune}/rounds/1/respondents/{r}/submit", null)).EnsureSuccessStatusCode();
        }));
        var answered = clock.Elapsed;
        var close = Stopwatch.StartNew();
        (await http.PostAsync($"/api/kommunen/{single.Kommune}/rounds/1/close", null)).EnsureSuccessStatusCode();
        Console.WriteLine($"one Kommune: 10 respondents × {criteria.Count} criteria = {10 * criteria.Count} answers through HTTP in {answered.TotalSeconds:F1} s " +
                          $"({10 * criteria.Count / answered.TotalSeconds:F0}/s, one stream, 10 writers); close + evaluation {close.Elapsed.TotalMilliseconds:F0} ms");

        // 2. Many Kommunen, each with one respondent, answered concurrently.
        Console.WriteLine($"setting up 2 × {kommunen} Kommunen (not measured) ...");
        var rawSet = new List<(string Kommune, Guid Respondent)>();
        var httpSet = new List<(string Kommune, Guid Respondent)>();
        for (var i = 0; i < kommunen; i++)
        {
            var raw = await Setup(store, $"bench-raw-{i}", 1);
            rawSet.Add((raw.Kommune, raw.Respondents[0]));
            var viaHttp = await Setup(store, $"bench-http-{i}", 1);
            httpSet.Add((viaHttp.Kommune, viaHttp.Respondents[0]));
        }

        var total = kommunen * answersPerKommune;
        foreach (var clients in new[] { 8, 16 })
        {
            // Answer i goes to Kommune i % N, criterion i / N: concurrent writers mostly hit different streams.
            var a = await Measure.Run($"(a) raw Marten, {clients} clients", total, clients, i =>
                RawAnswer(store, rawSet[i % kommunen], criteria[(i / kommunen + clients) % criteria.Count], Scale[i % 4]));
            var b = await Measure.Run($"(b) HTTP endpoint, {clients} clients", total, clients, i =>
                Put(http, httpSet[i % kommunen].Kommune, httpSet[i % kommunen].Respondent, criteria[(i / kommunen + clients) % criteria.Count], Scale[i % 4]));
            Measure.Report(a, b);
        }
    }

    private static async Task Put(HttpClient http, string kommune, Guid respondent, string criterion, string answer)
    {
        var response = await http.PutAsJsonAsync($"/api/kommunen/{kommune}/rounds/1/respondents/{respondent}/answers",
            new { answers = new[] { new { criterion, answer } } });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task RawAnswer(IDocumentStore store, (string Kommune, Guid Respondent) target, string criterion, string answer)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await using var session = store.LightweightSession();
                var stream = await session.Events.FetchForWriting<KommuneJourney>(target.Kommune);
                var events = RecordAnswersDecision.Decide(
                    new RecordAnswers(target.Kommune, 1, target.Respondent, [new AnswerInput(criterion, answer)], true), stream.Aggregate!);
                stream.AppendMany(events);
                await session.SaveChangesAsync();
                return;
            }
            catch (JasperFx.ConcurrencyException) when (attempt < 10)
            {
                await Task.Delay(Random.Shared.Next(5, 40));
            }
        }
    }

    /// <summary>A registered Kommune with round 1 open and RESPONDENTS respondents, written directly (setup, not measured).</summary>
    private static async Task<(string Kommune, IReadOnlyList<Guid> Respondents)> Setup(IDocumentStore store, string id, int respondents)
    {
        var catalogue = (await CatalogueImport.FindAsync(store.QuerySession(), "weltoffene-kommune-2020", null, CancellationToken.None))!.Catalogue;
        await using var session = store.LightweightSession();
        var events = new List<object>();
        var state = (KommuneJourney?)null;
        void Add(IEnumerable<object> es)
        {
            foreach (var e in es)
            {
                events.Add(e);
                state = KommuneJourney.Next(state, e);
            }
        }

        Add(RegisterKommuneDecision.Decide(RegisterKommuneDecision.Validate(new RegisterKommune(id, $"Bench {id}", "Gemeinde", "Bayern")), false, null));
        Add(OpenRoundDecision.Decide(new OpenRound(id, "full", catalogue.Id, catalogue.Version, "Verwaltung", null, null), state!, catalogue, DateOnly.MinValue));
        var ids = new List<Guid>();
        for (var r = 0; r < respondents; r++)
        {
            var rid = Guid.CreateVersion7();
            ids.Add(rid);
            Add(AddRespondentDecision.Decide(new AddRespondent(id, 1, rid, Guid.CreateVersion7(), $"Amt {r}", null, null), state!, false));
        }

        session.Events.StartStream<KommuneJourney>(id, events.ToArray());
        await session.SaveChangesAsync();
        return (id, ids);
    }
}
