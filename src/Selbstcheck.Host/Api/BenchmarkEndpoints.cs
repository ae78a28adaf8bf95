using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Projections.ActionPlan;
using Selbstcheck.Projections.KommuneOverview;
using Selbstcheck.Projections.MaturityOverview;
using Selbstcheck.Workflow.Benchmark;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>
/// #14 point 5: the anonymous benchmark across Kommunen (with the Kommune's own position) and the
/// programme overview. Both are queries over the read models the Kommunen's streams keep inline
/// (MaturityOverview, KommuneOverview, the action plan): nothing of their own is stored.
/// </summary>
public static class BenchmarkEndpoints
{
    /// <summary>The comparison: catalogue and scoring scheme it is about, the table, and the Kommune's position.</summary>
    public sealed record BenchmarkResource(
        [PersonalData(false)] string KommuneId,
        [PersonalData(false)] string? Missing,
        BenchmarkComparison? Comparison);

    public sealed record BenchmarkComparison(
        [PersonalData(false)] string CatalogueId,
        [PersonalData(false)] string CatalogueVersion,
        [PersonalData(false)] string SchemeId,
        [PersonalData(false)] string SchemeVersion,
        int Minimum,
        bool IncludesSynthetic,
        IReadOnlyList<BenchmarkLevel> Levels,
        IReadOnlyList<BenchmarkField> Fields,
        IReadOnlyList<BenchmarkGroup> Groups,
        OwnPosition Own);

    /// <summary>The Kommune's own levels (round <paramref name="Round"/>) and the groups it belongs to, by breakdown.</summary>
    public sealed record OwnPosition(int Round, IReadOnlyList<OwnLevel> Fields, IReadOnlyList<OwnGroup> Groups);

    public sealed record OwnLevel(int Field, [PersonalData(false)] string Key, int? Level, [PersonalData(false)] string Label);

    public sealed record OwnGroup([PersonalData(false)] string Breakdown, [PersonalData(false)] string Label);

    public const string NoFullRound = "Die Kommune hat noch keine ausgewertete vollständige Befragungsrunde der Verwaltung.";

    [WolverineGet("/api/kommunen/{id}/benchmark", OperationId = "getBenchmark")]
    [Tags("Standortbestimmung")]
    public static Task<BenchmarkResource> Get(string id, IQuerySession session, CancellationToken ct) => ForKommuneAsync(session, id, ct);

    /// <summary>The latest evaluated full round of the administration (the rounds of other actor groups mirror it, they are not compared).</summary>
    public static RoundMaturity? LatestAdministrationRound(MaturityOverview? overview) =>
        Standortbestimmung.Current(overview?.Rounds.Where(r => string.Equals(r.ActorGroup, ActorGroups.Verwaltung, StringComparison.OrdinalIgnoreCase)) ?? []);

    public static async Task<BenchmarkResource> ForKommuneAsync(IQuerySession session, string id, CancellationToken ct)
    {
        await KommuneLookup.Require(session, id, ct);
        var own = LatestAdministrationRound(await session.LoadAsync<MaturityOverview>(id, ct));
        if (own?.Evaluation is not { } mine) return new BenchmarkResource(id, NoFullRound, null);

        // Everyone whose latest evaluated full round used the same catalogue and scheme (id and version).
        // The programme's Kommunen are a few hundred at most: read whole, grouped here.
        var overviews = await session.Query<MaturityOverview>().ToListAsync(ct);
        var comparable = overviews
            .Select(o => (o.Id, Round: LatestAdministrationRound(o)))
            .Where(x => x.Round?.Evaluation is { } e && e.CatalogueId == mine.CatalogueId && e.CatalogueVersion == mine.CatalogueVersion &&
                        e.SchemeId == mine.SchemeId && e.SchemeVersion == mine.SchemeVersion)
            .ToList();
        var kommunen = (await session.LoadManyAsync<KommuneOverview>(ct, comparable.Select(c => c.Id).ToArray())).ToDictionary(k => k.Id);
        var entries = comparable.Where(c => kommunen.ContainsKey(c.Id))
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new BenchmarkEntry(
                c.Id, kommunen[c.Id].Cohort, kommunen[c.Id].Kind, kommunen[c.Id].Bundesland,
                c.Round!.Evaluation!.Fields.ToDictionary(f => f.Key, f => f.Level)))
            .ToList();

        var fields = mine.Fields.Select(f => new BenchmarkField(f.Field, f.Key, f.Name)).ToList();
        var scheme = await CatalogueImport.SchemeAsync(session, mine.SchemeId, mine.SchemeVersion, ct);
        var levels = scheme.Levels.OrderBy(l => l.Level).Select(l => new BenchmarkLevel(l.Level, l.Label))
            .Append(new BenchmarkLevel(null, Evaluator.NotRateable)).ToList();
        var groups = BenchmarkTable.Compute(entries, fields, levels);

        var self = entries.Single(e => e.KommuneId == id);
        var position = new OwnPosition(
            own.Round,
            mine.Fields.Select(f => new OwnLevel(f.Field, f.Key, f.Level, f.Label)).ToList(),
            Breakdowns.All.Select(b => new OwnGroup(b, BenchmarkTable.LabelOf(self, b))).ToList());
        return new BenchmarkResource(id, null, new BenchmarkComparison(
            mine.CatalogueId, mine.CatalogueVersion, mine.SchemeId, mine.SchemeVersion, BenchmarkTable.Minimum,
            entries.Any(e => kommunen[e.KommuneId].Synthetic), levels, fields, groups, position));
    }

    // ---- The programme overview (programme team only) --------------------------------------------

    public sealed record ProgrammeOverviewResource(int Kommunen, int Synthetic, IReadOnlyList<PhaseCount> Phases, ProgressCounts Total, IReadOnlyList<CohortOverview> Cohorts);

    public sealed record PhaseCount([PersonalData(false)] string Phase, int Kommunen);

    /// <summary>How many Kommunen got how far: an evaluated full round, a workshop held, open action items (and how many items).</summary>
    public sealed record ProgressCounts(int Kommunen, int WithEvaluatedRound, int WithWorkshopHeld, int WithOpenActionItems, int OpenActionItems);

    public sealed record CohortOverview([PersonalData(false)] string Cohort, int Kommunen, int Synthetic, IReadOnlyList<PhaseCount> Phases, ProgressCounts Progress);

    [WolverineGet("/api/programm/overview", OperationId = "getProgrammeOverview")]
    [Tags("Kommunen")]
    public static Task<ProgrammeOverviewResource> Overview(IQuerySession session, CancellationToken ct) => ProgrammeOverviewAsync(session, ct);

    public static async Task<ProgrammeOverviewResource> ProgrammeOverviewAsync(IQuerySession session, CancellationToken ct)
    {
        var kommunen = await session.Query<KommuneOverview>().ToListAsync(ct);
        var openItems = (await session.Query<ActionPlanItem>().Where(i => i.Open).Select(i => i.KommuneId).ToListAsync(ct))
            .GroupBy(k => k).ToDictionary(g => g.Key, g => g.Count());

        List<PhaseCount> Phases(IEnumerable<KommuneOverview> ks) =>
            Enum.GetValues<Phase>().Select(p => new PhaseCount(p.ToString(), ks.Count(k => k.Phase == p))).ToList();
        ProgressCounts Progress(IReadOnlyCollection<KommuneOverview> ks) => new(
            ks.Count,
            ks.Count(k => k.PhaseFacts.ClosedFullRounds > 0),
            ks.Count(k => k.PhaseFacts.WorkshopHeld),
            ks.Count(k => openItems.ContainsKey(k.Id)),
            ks.Sum(k => openItems.GetValueOrDefault(k.Id)));

        var cohorts = kommunen
            .GroupBy(k => string.IsNullOrWhiteSpace(k.Cohort) ? Breakdowns.NoValue : k.Cohort)
            .OrderBy(g => g.Key == Breakdowns.NoValue).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CohortOverview(g.Key, g.Count(), g.Count(k => k.Synthetic), Phases(g), Progress(g.ToList())))
            .ToList();
        return new ProgrammeOverviewResource(kommunen.Count, kommunen.Count(k => k.Synthetic), Phases(kommunen), Progress(kommunen), cohorts);
    }
}
