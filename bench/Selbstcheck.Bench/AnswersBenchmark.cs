using System.Diagnostics;
using System.Net.Http.Json;
using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.Questionnaire;

/// <summary>
/// Answers (#4): one Kommune with 10 respondents answering every criterion, then closing; then many
/// Kommunen answered concurrently — (a) a bare append of the same event, (b) raw Marten doing the
/// handler's work (fetch the Kommune's state, the round and the respondent in one round trip, decide,
/// append, inline projections), (c) the HTTP endpoint, same database, same run.
/// </summary>
public static class AnswersBenchmark
{
    private static readonly IReadOnlyList<string> Scale = Answers.Scale;

    public static async Task RunAsync(IDocumentStore store, HttpClient http, Probe probe, int kommunen, int answersPerKommune, int clients)
    {
        var catalogue = await Raw.CatalogueAsync(store);
        var criteria = catalogue.Criteria.Select(c => c.Id).ToList();

        // 1. One Kommune, 10 respondents × every criterion, then close (through HTTP).
        var single = await Setup(store, catalogue, "bench-einzel", 10);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(single.Respondents.Select(async r =>
        {
            foreach (var c in criteria) await Put(http, single.Kommune, r, c, Scale[(c.GetHashCode() & 0x7fffffff) % 4]);
            (await http.PostAsync($"/api/kommunen/{single.Kommune}/rounds/1/respondents/{r}/submit", null)).EnsureSuccessStatusCode();
        }));
        var answered = clock.Elapsed;
        var close = Stopwatch.StartNew();
        (await http.PostAsync($"/api/kommunen/{single.Kommune}/rounds/1/close", null)).EnsureSuccessStatusCode();
        Console.WriteLine($"one Kommune: 10 respondents × {criteria.Count} criteria = {10 * criteria.Count} answers through HTTP in {answered.TotalSeconds:F1} s " +
                          $"({10 * criteria.Count / answered.TotalSeconds:F0}/s, one stream, 10 writers); close + evaluation {close.Elapsed.TotalMilliseconds:F0} ms");

        // 2. Many Kommunen, each with one respondent, answered concurrently; each run answers other criteria.
        Console.WriteLine($"setting up 4 × {kommunen} Kommunen (not measured) ...");
        var sets = new List<(string Kommune, Guid Respondent)>[4];
        for (var s = 0; s < 4; s++)
        {
            sets[s] = [];
            for (var i = 0; i < kommunen; i++) sets[s].Add(Pick(await Setup(store, catalogue, $"bench-{"abcw"[s]}-{i}", 1)));
        }

        var total = kommunen * answersPerKommune;
        // Answer i goes to Kommune i % N, criterion i / N (shifted per run): concurrent writers mostly hit different streams.
        (string Kommune, Guid Respondent, string Criterion, string Answer) Target(int set, int run, int i) =>
            (sets[set][i % kommunen].Kommune, sets[set][i % kommunen].Respondent, criteria[(run * answersPerKommune + i / kommunen) % criteria.Count], Scale[i % 4]);

        // Warm-up of both answer paths on the fourth set until the JIT's tiering settles, not measured.
        var warm = Math.Min(total, 2000);
        await Measure.Run("warm-up raw", warm, clients, i => RawAnswer(store, Target(3, 0, i)));
        await Measure.Run("warm-up http", warm, clients, i =>
        {
            var t = Target(3, 1, i);
            return Put(http, t.Kommune, t.Respondent, t.Criterion, t.Answer);
        });

        var summaries = await Measure.Compare(3,
            ("(a) bare Marten append", r => Measure.Run($"(a) run {r + 1}", total, clients, i => Bare(store, Target(0, r, i)), probe)),
            ("(b) raw Marten, the handler's work", r => Measure.Run($"(b) run {r + 1}", total, clients, i => RawAnswer(store, Target(1, r, i)), probe)),
            ("(c) HTTP endpoint", r => Measure.Run($"(c) run {r + 1}", total, clients, i =>
            {
                var t = Target(2, r, i);
                return Put(http, t.Kommune, t.Respondent, t.Criterion, t.Answer);
            }, probe, viaService: true)));
        Measure.Report(summaries, $"{clients} clients; app: the process doing the handler's work — this benchmark for (a)/(b), the service for (c)");
    }

    private static (string, Guid) Pick((string Kommune, IReadOnlyList<Guid> Respondents) k) => (k.Kommune, k.Respondents[0]);

    public static async Task Put(HttpClient http, string kommune, Guid respondent, string criterion, string answer, int round = 1)
    {
        var response = await http.PutAsJsonAsync($"/api/kommunen/{kommune}/rounds/{round}/respondents/{respondent}/answers",
            new { answers = new[] { new { criterion, answer } } });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static Task Bare(IDocumentStore store, (string Kommune, Guid Respondent, string Criterion, string Answer) t) =>
        Raw.Append(store, t.Kommune, new AnswerRecorded(t.Kommune, 1, t.Respondent, t.Criterion, t.Answer, null, null, true, 1));

    /// <summary>The handler's work: the Kommune's state with the stream version (locked, as the pipeline does), the round and the respondent in one batch; decide; append.</summary>
    public static Task RawAnswer(IDocumentStore store, (string Kommune, Guid Respondent, string Criterion, string Answer) t) =>
        Raw.Command(store, async (session, context) =>
        {
            var command = new RecordAnswers(t.Kommune, 1, t.Respondent, [new AnswerInput(t.Criterion, t.Answer)]);
            var batch = session.CreateBatchQuery();
            var stream = batch.Events.FetchForExclusiveWriting<KommuneState>(command.KommuneId);
            var round = batch.Load<RoundState>(command.RoundKey);
            var respondent = batch.Load<RespondentState>(command.RespondentKey);
            await batch.Execute();
            var events = RecordAnswersDecision.Decide(command, (await stream).Aggregate!, await round, await respondent, context);
            (await stream).AppendMany(events);
        });

    /// <summary>A registered Kommune with round 1 open and RESPONDENTS respondents, written directly (setup, not measured).</summary>
    public static async Task<(string Kommune, IReadOnlyList<Guid> Respondents)> Setup(IDocumentStore store, Catalogue catalogue, string id, int respondents)
    {
        var context = new CommandContext(Raw.Actor, DateTimeOffset.UtcNow);
        var events = new List<object>(RegisterKommuneDecision.Decide(new RegisterKommune(id, $"Bench {id}", "Gemeinde", "Bayern"), false, null));
        var kommune = KommuneState.Create((KommuneRegistered)events[0]);
        var opened = OpenRoundDecision.Decide(new OpenRound(id, "full", catalogue.Id, catalogue.Version, "Verwaltung", null, null), kommune, catalogue, context);
        events.AddRange(opened);
        kommune = kommune.After(opened);
        var round = RoundState.From(opened.OfType<RoundOpened>().Single());
        var ids = new List<Guid>();
        for (var r = 0; r < respondents; r++)
        {
            var rid = Guid.CreateVersion7();
            ids.Add(rid);
            var added = AddRespondentDecision.Decide(new AddRespondent(id, 1, rid, Guid.CreateVersion7(), $"Amt {r}", null, null), kommune, round, false, context);
            events.AddRange(added);
            kommune = kommune.After(added);
        }

        await using var session = store.LightweightSession();
        session.Events.StartStream<KommuneState>(id, events.ToArray());
        await session.SaveChangesAsync();
        return (id, ids);
    }
}
