using Marten;
using Selbstcheck.Projections.MaturityOverview;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>
/// #14 perspectives: the administration's Standortbestimmung mirrored against every other actor group's follow-up
/// round (per criterion where both have it, else per field; a group shown only with enough responses), and the trend
/// per actor group. Readable like the Standortbestimmung.
/// </summary>
public static class PerspectivesEndpoints
{
    [WolverineGet("/api/kommunen/{id}/perspectives", OperationId = "getPerspectives")]
    [Tags("Standortbestimmung")]
    public static async Task<PerspectivesView> Get(string id, IQuerySession session, CancellationToken ct)
    {
        await KommuneLookup.EnsureExists(session, id, ct);
        var overview = await session.LoadAsync<MaturityOverview>(id, ct);
        return await OfAsync(session, Rounds(overview?.Rounds ?? []), null, ct);
    }

    /// <summary>The evaluated rounds of a maturity overview (live, or replayed as of a moment).</summary>
    public static IReadOnlyList<PerspectiveRound> Rounds(IEnumerable<RoundMaturity> rounds) =>
        rounds.Where(r => r.Evaluation is not null)
            .Select(r => new PerspectiveRound(r.Round, r.Kind, r.ActorGroup, r.OpenedAt, r.ClosedAt, r.Evaluation!))
            .ToList();

    /// <summary>The perspectives of these rounds (only those closed before <paramref name="closedBefore"/>, when set), each side under its own scoring scheme.</summary>
    public static async Task<PerspectivesView> OfAsync(IQuerySession session, IReadOnlyList<PerspectiveRound> rounds, DateTimeOffset? closedBefore, CancellationToken ct)
    {
        var schemes = new Dictionary<(string, string), ScoringScheme>();
        foreach (var key in rounds.Select(r => (r.Evaluation.SchemeId, r.Evaluation.SchemeVersion)).Distinct())
        {
            schemes[key] = await CatalogueImport.SchemeAsync(session, key.SchemeId, key.SchemeVersion, ct);
        }

        return Perspectives.Of(rounds, e => schemes[(e.SchemeId, e.SchemeVersion)], closedBefore);
    }
}
