using System.Diagnostics;
using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.Questionnaire;

/// <summary>
/// #14 open survey: what an open round does to its Kommune's stream — every save of an anonymous response
/// is a commit to the Kommune's one stream. (1) The cost of saving an answer of an anonymous response in an
/// open round that already holds 0, MID and N submitted anonymous responses (each answering every
/// criterion), through HTTP, interleaved, three times each: the figures the default capacity is set from.
/// (2) The throughput of concurrent saves to one Kommune's stream against the same saves spread over as
/// many Kommunen. The history is written directly (setup, not measured).
/// </summary>
public static class OpenSurveyBenchmark
{
    private static readonly IReadOnlyList<string> Scale = Answers.Scale;

    private const int Kommunen = 4;
    private const int Measured = 6; // anonymous responses per Kommune that the measured saves go to
    private const int WarmUp = 2;   // and two more for the warm-up, so that no measured save repeats an answer

    private sealed record OpenKommune(string Kommune, int Round, IReadOnlyList<Guid> Fresh);

    public static async Task RunAsync(IDocumentStore store, HttpClient http, Probe probe, int responses, int n, int clients)
    {
        var catalogue = await Raw.CatalogueAsync(store);
        var criteria = catalogue.Criteria.Select(c => c.Id).ToList();
        var mid = Math.Max(1, responses / 5);
        var sizes = new[] { 0, mid, responses };
        Console.WriteLine($"setting up {Kommunen} Kommunen with an open round holding {string.Join(", ", sizes)} anonymous responses (not measured) ...");
        var sets = new List<OpenKommune>[sizes.Length];
        for (var s = 0; s < sizes.Length; s++)
        {
            sets[s] = [];
            for (var i = 0; i < Kommunen; i++) sets[s].Add(await Setup(store, catalogue, $"offen-{sizes[s]}-{i}", sizes[s], Measured + WarmUp));
        }

        await using (var session = store.QuerySession())
        {
            var docs = await session.QueryAsync<string>(
                "select string_agg(split_part(id, '-', 2) || ': ' || pg_column_size(data) || ' bytes', ', ' order by length(id), id) from selbstcheck.mt_doc_questionnaireprogress where id like 'offen-%-0/1'");
            Console.WriteLine($"the open round's progress document (rewritten by every save), by responses held: {docs.Single()}");
        }

        // Save i goes to Kommune i % K, to one of its fresh responses, a criterion shifted per run: writers mostly hit different streams.
        Task Save(List<OpenKommune> set, int run, int i, bool warmUp = false)
        {
            var k = set[i % Kommunen];
            var slot = i / Kommunen;
            var respondent = warmUp ? k.Fresh[Measured + slot % WarmUp] : k.Fresh[slot % Measured];
            var criterion = criteria[(run * (n / Kommunen / Measured + 1) + slot / (warmUp ? WarmUp : Measured)) % criteria.Count];
            return AnswersBenchmark.Put(http, k.Kommune, respondent, criterion, Scale[(run + slot) % 4], k.Round);
        }

        foreach (var set in sets) await Measure.Run("warm-up save", Math.Min(n, 2 * Kommunen * 8), clients, i => Save(set, 0, i, warmUp: true));

        var saves = await Measure.Compare(3, sizes.Select((size, s) => (
            $"save: {size} responses in the round",
            (Func<int, Task<Result>>)(r => Measure.Run($"save, {size} responses, run {r + 1}", n, clients, i => Save(sets[s], r, i), probe, viaService: true)))).ToArray());
        Measure.Report(saves, $"through HTTP, {clients} clients; app: the service", $"{responses}/0 responses", baseline: 0, measured: 2);
        var (c0, cMid, cN) = (saves[0], saves[1], saves[2]);
        Console.WriteLine($"ratio {mid}/0 responses: throughput {cMid.Rate / c0.Rate:F2}, p50 {cMid.P50 / c0.P50:F2}, p99 {cMid.P99 / c0.P99:F2}");
        // A save's cost grows with the responses the round holds (its progress document): p50(N) ≈ p50(0) + k·N.
        var perResponse = (cN.P50 - c0.P50) / responses;
        Console.WriteLine(perResponse > 0
            ? $"p50 grows by {perResponse * 1000:F1} µs per response held; a save costs twice the empty round's at ≈ {c0.P50 / perResponse:F0} responses"
            : "p50 does not grow with the responses held");

        // (2) Concurrent saves to one stream against the same number of writers on as many streams.
        var writers = Math.Max(clients, 16);
        Console.WriteLine($"setting up 1 Kommune with {writers} fresh anonymous responses and {writers} Kommunen with one each (not measured) ...");
        var one = await Setup(store, catalogue, "offen-ein-strom", 0, writers);
        var many = new List<OpenKommune>();
        for (var i = 0; i < writers; i++) many.Add(await Setup(store, catalogue, $"offen-viele-{i}", 0, 1));
        var perWriter = Math.Max(1, Math.Min(criteria.Count, n / writers / 3));
        Task OneStream(int run, int i) => AnswersBenchmark.Put(http, one.Kommune, one.Fresh[i % writers], criteria[(run * perWriter + i / writers) % criteria.Count], Scale[run % 4], one.Round);
        Task ManyStreams(int run, int i) => AnswersBenchmark.Put(http, many[i % writers].Kommune, many[i % writers].Fresh[0], criteria[(run * perWriter + i / writers) % criteria.Count], Scale[run % 4], many[i % writers].Round);
        var total = writers * perWriter;
        var streams = await Measure.Compare(3,
            ($"{writers} writers on {writers} streams", r => Measure.Run($"{writers} streams, run {r + 1}", total, writers, i => ManyStreams(r, i), probe, viaService: true)),
            ($"{writers} writers on one stream", r => Measure.Run($"one stream, run {r + 1}", total, writers, i => OneStream(r, i), probe, viaService: true)));
        Measure.Report(streams, $"through HTTP, {writers} clients; app: the service", "one/many streams", baseline: 0, measured: 1);
    }

    /// <summary>
    /// A Kommune with an open round of the Einwohnerschaft and its open survey link: RESPONSES anonymous responses
    /// that answered every criterion and submitted, and FRESH ones without answers (the measured saves go there).
    /// </summary>
    private static async Task<OpenKommune> Setup(IDocumentStore store, Catalogue catalogue, string id, int responses, int fresh)
    {
        var context = new CommandContext(Raw.Actor, DateTimeOffset.UtcNow);
        var events = new List<object>();
        KommuneState? kommune = null;
        RoundState? round = null;
        var respondents = new Dictionary<Guid, RespondentState>();
        void Add(IEnumerable<object> decided)
        {
            foreach (var e in decided)
            {
                events.Add(e);
                kommune = e is KommuneRegistered r ? KommuneState.Create(r) : kommune!.Fold(e);
                if (RoundState.KeyOf(e) is not null) round = RoundState.Next(round, e);
                if (RespondentState.KeyOf(e) is not null && RespondentState.Next(null, e) is { } started) respondents[started.RespondentId] = started;
                else if (e is AnswerRecorded or AnswersSubmitted)
                {
                    var rid = e is AnswerRecorded a ? a.RespondentId : ((AnswersSubmitted)e).RespondentId;
                    respondents[rid] = respondents[rid].Fold(e);
                }
            }
        }

        Add(RegisterKommuneDecision.Decide(new RegisterKommune(id, $"Bench {id}", "Gemeinde", "Bayern"), false, null));
        Add(OpenRoundDecision.Decide(new OpenRound(id, "full", catalogue.Id, catalogue.Version, "Einwohnerschaft", null, null), kommune!, catalogue, context));
        var number = kommune!.LastRound;
        Add([OpenSurveyDecision.Create(new CreateOpenSurveyLink(id, number, Guid.CreateVersion7(), "hash", OpenSurvey.MaxCapacity, null),
            kommune, round, OpenSurvey.MaxCapacity, TimeSpan.FromDays(30), context)]);
        var link = round!.OpenLinkId!.Value;
        Guid Start()
        {
            var rid = Guid.CreateVersion7();
            Add(OpenSurveyDecision.Start(new StartOpenResponse(id, number, link, rid, null), kommune!, round, null, false, context));
            return rid;
        }

        for (var r = 0; r < responses; r++)
        {
            var rid = Start();
            Add(RecordAnswersDecision.Decide(new RecordAnswers(id, number, rid,
                catalogue.Criteria.Select((c, i) => new AnswerInput(c.Id, Scale[(i + r) % 4])).ToList()), kommune!, round, respondents[rid], context));
            Add(SubmitAnswersDecision.Decide(new SubmitAnswers(id, number, rid), id, round, respondents[rid], context));
        }

        var ids = Enumerable.Range(0, fresh).Select(_ => Start()).ToList();
        await using var session = store.LightweightSession();
        session.Events.StartStream<KommuneState>(id, events.ToArray());
        await session.SaveChangesAsync();
        return new OpenKommune(id, number, ids);
    }
}
