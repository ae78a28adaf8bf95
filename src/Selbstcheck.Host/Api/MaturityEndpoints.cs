using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Projections.MaturityOverview;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>The Standortbestimmung: the latest evaluation of a round, explained; and the trend across rounds.</summary>
public static class MaturityEndpoints
{
    public sealed record MaturityResource(
        int Round,
        [PersonalData(false)] string Kind,
        [PersonalData(false)] string ActorGroup,
        [PersonalData(false)] string Catalogue,
        [PersonalData(false)] string CatalogueVersion,
        [PersonalData(false)] string Scheme,
        [PersonalData(false)] string SchemeVersion,
        [PersonalData(false)] string Reason,
        DateTimeOffset? EvaluatedAt,
        LevelResult Overall,
        [PersonalData(false)] string? Commentary,
        IReadOnlyList<FieldMaturity> Fields,
        int? ComparedWith,
        int? Responses = null,
        IReadOnlyList<QuestionMeasure>? Questions = null);

    public sealed record FieldMaturity(
        int Field,
        [PersonalData(false)] string Key,
        [PersonalData(false)] string Name,
        int? Level,
        [PersonalData(false)] string Label,
        decimal? Mean,
        [PersonalData(false)] string? MeanExact,
        int Answered,
        int Total,
        [PersonalData(false)] IReadOnlyList<string> PullsDown,
        [PersonalData(false)] string? Commentary,
        FieldDelta? Delta,
        IReadOnlyList<CriterionResult> Criteria,
        // #14 seed exactness: per criterion what the tables note ("rekonstruiert", "zieht das Handlungsfeld nach unten").
        [PersonalData(false)] IReadOnlyDictionary<string, IReadOnlyList<string>>? Notes = null);

    [WolverineGet("/api/kommunen/{id}/maturity", OperationId = "getMaturity")]
    [Tags("Standortbestimmung")]
    public static async Task<MaturityResource> Get(string id, IQuerySession session, string? round, CancellationToken ct)
    {
        var r = await Find(session, id, round, ct);
        return Resource(r);
    }

    public static async Task<RoundMaturity> Find(IQuerySession session, string id, string? round, CancellationToken ct)
    {
        await KommuneLookup.EnsureExists(session, id, ct);
        var overview = await session.LoadAsync<MaturityOverview>(id, ct);
        var evaluated = overview?.Rounds.Where(r => r.Evaluation is not null).ToList() ?? [];
        if (round is not null)
        {
            var n = Route.Round(round);
            return evaluated.SingleOrDefault(r => r.Round == n)
                   ?? throw new NotFound("keine-auswertung", "Keine Auswertung", $"Runde {n} der Kommune \"{id}\" ist nicht (oder noch nicht) ausgewertet.");
        }

        return Standortbestimmung.Current(evaluated)
               ?? throw new NotFound("keine-auswertung", "Keine Auswertung", $"Die Kommune \"{id}\" hat noch keine ausgewertete vollständige Befragungsrunde.");
    }

    public static MaturityResource Resource(RoundMaturity r)
    {
        var e = r.Evaluation!;
        return new MaturityResource(
            r.Round, r.Kind, r.ActorGroup, e.CatalogueId, e.CatalogueVersion, e.SchemeId, e.SchemeVersion, r.EvaluationReason!, r.EvaluatedAt,
            e.Overall, r.Commentary.GetValueOrDefault(0),
            e.Fields.Select(f => new FieldMaturity(
                f.Field, f.Key, f.Name, f.Level, f.Label, f.Mean, f.MeanExact, f.Answered, f.Total, f.PullsDown,
                r.Commentary.GetValueOrDefault(f.Field), r.Deltas.GetValueOrDefault(f.Key), f.Criteria,
                Reports.CriterionTables.NotesOf(r, f))).ToList(),
            r.ComparedWith,
            e.Responses,
            e.Questions);
    }

    public sealed record TrendResource([PersonalData(false)] string KommuneId, IReadOnlyList<FieldTrend> Fields, IReadOnlyList<TrendRound> Rounds);

    public sealed record TrendRound(int Round, [PersonalData(false)] string Kind, [PersonalData(false)] string ActorGroup, DateTimeOffset? ClosedAt, int? Level, decimal? Mean);

    /// <summary>One field's line of one actor group (#14: the trend never mixes groups).</summary>
    public sealed record FieldTrend([PersonalData(false)] string Key, int Field, [PersonalData(false)] string Name, IReadOnlyList<TrendPoint> Points, [PersonalData(false)] string ActorGroup = "");

    public sealed record TrendPoint(int Round, [PersonalData(false)] string Kind, [PersonalData(false)] string ActorGroup, int? Level, decimal? Mean, int Answered, int Total);

    [WolverineGet("/api/kommunen/{id}/maturity/trend", OperationId = "getMaturityTrend")]
    [Tags("Standortbestimmung")]
    public static async Task<TrendResource> Trend(string id, IQuerySession session, CancellationToken ct)
    {
        await KommuneLookup.EnsureExists(session, id, ct);
        var overview = await session.LoadAsync<MaturityOverview>(id, ct);
        var rounds = overview?.Rounds.Where(r => r.Evaluation is not null).OrderBy(r => r.Round).ToList() ?? [];
        // Compared per field key, so a field keeps its line across catalogue versions; one line per actor group,
        // the administration's first, so no group's view is read as another's (#14).
        var fields = rounds.SelectMany(r => r.Evaluation!.Fields.Select(f => (r, f)))
            .GroupBy(x => (Group: x.r.ActorGroup.ToLowerInvariant(), x.f.Key))
            .Select(g => new FieldTrend(g.Key.Key, g.Last().f.Field, g.Last().f.Name,
                g.Select(x => new TrendPoint(x.r.Round, x.r.Kind, x.r.ActorGroup, x.f.Level, x.f.Mean, x.f.Answered, x.f.Total)).ToList(), g.First().r.ActorGroup))
            .OrderBy(f => string.Equals(f.ActorGroup, Workflow.Journey.ActorGroups.Verwaltung, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(f => f.ActorGroup, StringComparer.Ordinal)
            .ThenBy(f => f.Field)
            .ToList();
        return new TrendResource(id, fields,
            rounds.Select(r => new TrendRound(r.Round, r.Kind, r.ActorGroup, r.ClosedAt, r.Evaluation!.Overall.Level, r.Evaluation.Overall.Mean)).ToList());
    }
}
