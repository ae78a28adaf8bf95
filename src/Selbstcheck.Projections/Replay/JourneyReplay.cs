using JasperFx.Events;
using JasperFx.Events.Grouping;
using Marten;
using Marten.Events.Projections;
using Selbstcheck.Projections.ActionPlan;
using Selbstcheck.Projections.FacilitatorBoard;
using Selbstcheck.Projections.KommuneOverview;
using Selbstcheck.Projections.MaturityOverview;
using Selbstcheck.Projections.Milestones;
using Selbstcheck.Projections.QuestionnaireProgress;
using Selbstcheck.Projections.Workshops;

namespace Selbstcheck.Projections.Replay;

/// <summary>Every read model of one Kommune as it stood after the last of the events replayed.</summary>
public sealed record JourneyAsOf(
    KommuneOverview.KommuneOverview? Overview,
    MaturityOverview.MaturityOverview? Maturity,
    IReadOnlyList<QuestionnaireProgress.QuestionnaireProgress> Rounds,
    IReadOnlyList<WorkshopView> Workshops,
    IReadOnlyList<ActionPlanItem> ActionItems,
    IReadOnlyList<MilestoneView> Milestones,
    FacilitatorBoardEntry? Board);

/// <summary>
/// Time travel without a second implementation: a Kommune's events (its stream up to some version)
/// folded in memory through the same pure evolve function each Marten projection calls — the
/// per-Kommune documents over the whole list, the per-item documents (multi-stream projections)
/// per item, grouped by the projection's own slicer, exactly as Marten groups them when it applies
/// them live. Nothing is read or written here.
/// </summary>
public static class JourneyReplay
{
    /// <summary>
    /// The session only carries the slicers' signature (the identity rules are in memory); the
    /// events must be one Kommune's, in stream order.
    /// </summary>
    public static async Task<JourneyAsOf> ReplayAsync(IQuerySession session, IReadOnlyList<IEvent> events) => new(
        Fold<KommuneOverview.KommuneOverview>(events, KommuneOverviewProjection.Evolve),
        Fold<MaturityOverview.MaturityOverview>(events, MaturityOverviewProjection.Evolve),
        await PerItem(Rounds, session, events, QuestionnaireProgressProjection.Evolve),
        await PerItem(Workshops, session, events, WorkshopViewProjection.Evolve),
        await PerItem(ActionItems, session, events, ActionPlanItemProjection.Evolve),
        await PerItem(Milestones, session, events, MilestoneViewProjection.Evolve),
        (await PerItem(Board, session, events, FacilitatorBoardProjection.Evolve)).SingleOrDefault());

    // One instance each for their identity rules, as the store keeps one (slicing holds no state between calls).
    private static readonly QuestionnaireProgressProjection Rounds = new();
    private static readonly WorkshopViewProjection Workshops = new();
    private static readonly ActionPlanItemProjection ActionItems = new();
    private static readonly MilestoneViewProjection Milestones = new();
    private static readonly FacilitatorBoardProjection Board = new();

    /// <summary>One document from a list of events, event by event.</summary>
    public static TDoc? Fold<TDoc>(IEnumerable<IEvent> events, Func<TDoc?, IEvent, TDoc?> evolve) where TDoc : class =>
        events.Aggregate((TDoc?)null, evolve);

    /// <summary>The documents of a multi-stream projection: the events grouped per item by its slicer, each group folded.</summary>
    public static async Task<IReadOnlyList<TDoc>> PerItem<TDoc, TId>(
        MultiStreamProjection<TDoc, TId> projection, IQuerySession session, IReadOnlyList<IEvent> events, Func<TDoc?, IEvent, TDoc?> evolve)
        where TDoc : class where TId : notnull
    {
        var groups = await projection.BuildSlicer(session).SliceAsync(events);
        return groups.OfType<SliceGroup<TDoc, TId>>()
            .SelectMany(g => g.Slices)
            .Select(slice => Fold(slice.Events(), evolve))
            .OfType<TDoc>()
            .ToList();
    }
}
