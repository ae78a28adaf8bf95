using System.Net.Http.Json;
using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.Milestones;
using Selbstcheck.Workflow.Questionnaire;

/// <summary>
/// Does a command's cost grow with the Kommune's history? Kommunen with 10 milestones and 1 closed
/// round against Kommunen with 200 milestones and 5 closed rounds (each with an open round to
/// answer): planning a milestone and recording an answer through HTTP, in one run, three times each.
/// The history is written directly (imported, so it plans no reminders); only the commands are measured.
/// </summary>
public static class HistoryBenchmark
{
    private static readonly IReadOnlyList<string> Scale = Answers.Scale;

    public static async Task RunAsync(IDocumentStore store, HttpClient http, Probe probe, int kommunen, int n, int clients)
    {
        var catalogue = await Raw.CatalogueAsync(store);
        var criteria = catalogue.Criteria.Select(c => c.Id).ToList();
        Console.WriteLine($"setting up {kommunen} Kommunen with 10 milestones and 1 closed round, {kommunen} with 200 milestones and 5 closed rounds (not measured) ...");
        var small = new List<(string Kommune, Guid Respondent, Guid WarmUpRespondent, int Round)>();
        var large = new List<(string Kommune, Guid Respondent, Guid WarmUpRespondent, int Round)>();
        for (var i = 0; i < kommunen; i++)
        {
            small.Add(await Setup(store, catalogue, $"klein-{i}", milestones: 10, closedRounds: 1));
            large.Add(await Setup(store, catalogue, $"gross-{i}", milestones: 200, closedRounds: 5));
        }

        await using (var session = store.QuerySession())
        {
            var sizes = await session.QueryAsync<string>(
                "select 'KommuneState ' || max(pg_column_size(data)) || ' bytes' from selbstcheck.mt_doc_kommunestate where id like 'gross-%'");
            Console.WriteLine($"largest write-model document a command of a large Kommune reads: {sizes.Single()}");
        }

        Task Plan(List<(string Kommune, Guid Respondent, Guid WarmUpRespondent, int Round)> set, int run, int i) => PlanMilestone(http, set[i % kommunen].Kommune, $"Lauf {run} Nr. {i}");
        Task Answer(List<(string Kommune, Guid Respondent, Guid WarmUpRespondent, int Round)> set, int run, int i, bool warmUp = false)
        {
            var k = set[i % kommunen];
            return AnswersBenchmark.Put(http, k.Kommune, warmUp ? k.WarmUpRespondent : k.Respondent,
                criteria[(run * (n / kommunen + 1) + i / kommunen) % criteria.Count], Scale[(run + i) % 4], k.Round);
        }

        // Warm-up of both commands on both sets until the JIT's tiering settles, not measured: each Kommune gains a few
        // milestones; the answers go to a respondent of their own, so that no measured answer repeats one (a repeat records nothing).
        var warm = Math.Min(n, 2 * kommunen);
        foreach (var set in new[] { small, large })
        {
            await Measure.Run("warm-up plan", warm, clients, i => Plan(set, 9, i));
            await Measure.Run("warm-up answer", warm, clients, i => Answer(set, 0, i, warmUp: true));
        }

        var plan = await Measure.Compare(3,
            ("plan a milestone: 10 milestones", r => Measure.Run($"plan, small, run {r + 1}", n, clients, i => Plan(small, r, i), probe, viaService: true)),
            ("plan a milestone: 200 milestones", r => Measure.Run($"plan, large, run {r + 1}", n, clients, i => Plan(large, r, i), probe, viaService: true)));
        var answer = await Measure.Compare(3,
            ("record an answer: 1 closed round", r => Measure.Run($"answer, small, run {r + 1}", n, clients, i => Answer(small, r, i), probe, viaService: true)),
            ("record an answer: 5 closed rounds", r => Measure.Run($"answer, large, run {r + 1}", n, clients, i => Answer(large, r, i), probe, viaService: true)));
        // Planning adds milestones as it goes: say how many each group ended with.
        await using (var session = store.QuerySession())
        {
            var counts = await session.QueryAsync<string>(
                "select string_agg(g || ' ' || lo || '–' || hi, ', ') from (select left(k, strpos(k, '-') - 1) as g, min(c) as lo, max(c) as hi from " +
                "(select split_part(id, '/', 1) as k, count(*) as c from selbstcheck.mt_doc_milestonestate where id like 'klein-%' or id like 'gross-%' group by 1) x group by 1) y");
            Console.WriteLine($"milestones per Kommune at the end: {counts.Single()}");
        }

        Measure.Report(plan, $"through HTTP, {clients} clients; app: the service", "200/10 milestones", baseline: 0, measured: 1);
        Measure.Report(answer, $"through HTTP, {clients} clients; app: the service", "5/1 closed rounds", baseline: 0, measured: 1);
    }

    private static async Task PlanMilestone(HttpClient http, string kommune, string title)
    {
        var response = await http.PostAsJsonAsync($"/api/kommunen/{kommune}/milestones",
            new { title, kind = "Sonstiges", owner = "Integrationsbüro", dueDate = "2035-06-30" });
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A Kommune with its history written through the decisions: closed rounds, milestones, and an open round with one respondent.</summary>
    private static async Task<(string Kommune, Guid Respondent, Guid WarmUpRespondent, int Round)> Setup(IDocumentStore store, Catalogue catalogue, string id, int milestones, int closedRounds)
    {
        var context = new CommandContext(Actor.DemoImport, DateTimeOffset.UtcNow, Imported: true);
        var events = new List<object>();
        var kommune = (KommuneState?)null;
        // The write model as the projections keep it, by the items' keys.
        var rounds = new Dictionary<string, RoundState>();
        var respondents = new Dictionary<string, RespondentState>();
        RoundState Round(int number) => rounds[RoundState.Key(id, number)];
        RespondentState Respondent(Guid respondent) => respondents[RespondentState.Key(id, respondent)];
        void Add(IEnumerable<object> decided)
        {
            foreach (var e in decided)
            {
                events.Add(e);
                kommune = e is KommuneRegistered r ? KommuneState.Create(r) : kommune!.Fold(e);
                if (RoundState.KeyOf(e) is { } round) rounds[round] = RoundState.Next(rounds.GetValueOrDefault(round), e)!;
                if (RespondentState.KeyOf(e) is { } respondent) respondents[respondent] = RespondentState.Next(respondents.GetValueOrDefault(respondent), e)!;
            }
        }

        Add(RegisterKommuneDecision.Decide(new RegisterKommune(id, $"Bench {id}", "Gemeinde", "Bayern"), false, null));
        Add(NameLeadOfficeDecision.Decide(new NameLeadOffice(id, "Integrationsbüro"), kommune!));
        Guid AddRespondent(string unit)
        {
            var respondent = Guid.CreateVersion7();
            Add(AddRespondentDecision.Decide(new AddRespondent(id, kommune!.LastRound, respondent, Guid.CreateVersion7(), unit, null, null),
                kommune, Round(kommune.LastRound), false, context));
            return respondent;
        }

        Guid OpenWithRespondent()
        {
            Add(OpenRoundDecision.Decide(new OpenRound(id, "full", catalogue.Id, catalogue.Version, "Verwaltung", null, null), kommune!, catalogue, context));
            return AddRespondent("Integrationsbüro");
        }

        for (var r = 0; r < closedRounds; r++)
        {
            var respondent = OpenWithRespondent();
            var number = kommune!.LastRound;
            Add(RecordAnswersDecision.Decide(new RecordAnswers(id, number, respondent,
                catalogue.Criteria.Select((c, i) => new AnswerInput(c.Id, Scale[(i + r) % 4], "Kommentar aus der Steuerungsgruppe")).ToList()),
                kommune!, Round(number), Respondent(respondent), context));
            Add(SubmitAnswersDecision.Decide(new SubmitAnswers(id, number, respondent), id, Round(number), Respondent(respondent), context));
            var inputs = new RoundEvaluationInputs(catalogue, ScoringScheme.Standard, [Respondent(respondent)]);
            Add(CloseRoundDecision.Decide(new CloseRound(id, number), id, Round(number), inputs, null));
        }

        for (var m = 0; m < milestones; m++)
        {
            Add(PlanMilestoneDecision.Decide(new PlanMilestone(id, Guid.CreateVersion7(), $"Meilenstein {m}", "Sonstiges", "Integrationsbüro", null,
                $"2030-{m % 12 + 1:00}-15", null, [m % 7 + 1], []), kommune!, [], false, context));
        }

        var open = OpenWithRespondent();
        var warmUp = AddRespondent("Ordnungsamt");
        await using var session = store.LightweightSession();
        session.Events.StartStream<KommuneState>(id, events.ToArray());
        await session.SaveChangesAsync();
        return (id, open, warmUp, kommune!.LastRound);
    }
}
