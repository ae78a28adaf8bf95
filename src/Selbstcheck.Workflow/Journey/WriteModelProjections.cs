using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace Selbstcheck.Workflow.Journey;

/// <summary>
/// How Marten keeps the write model: the Kommune's state as the stream's inline snapshot, each item
/// document by an inline projection keyed "kommune/item" (the states' own KeyOf and Next), all in
/// the commit that appends the events.
/// </summary>
public static class WriteModelStore
{
    /// <summary>Registers the stream's event types under their pinned names, and the write model.</summary>
    public static void AddKommuneJourney(this StoreOptions opts)
    {
        foreach (var (type, name) in EventTypes.All) opts.Events.MapEventType(type, name);

        opts.Projections.Snapshot<KommuneState>(SnapshotLifecycle.Inline);
        opts.Projections.Add<RoundStateProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<RespondentStateProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<WorkshopStateProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ActionItemStateProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<MilestoneStateProjection>(ProjectionLifecycle.Inline);
        opts.Schema.For<RespondentState>().Duplicate(x => x.KommuneId);
        opts.Schema.For<MilestoneState>().Duplicate(x => x.KommuneId);
    }

    /// <summary>
    /// Every item document of one stream, computed from its events at once — what the projections
    /// keep event by event (for streams written before the write model existed).
    /// </summary>
    public static IReadOnlyList<object> ItemsOf(IEnumerable<object> events)
    {
        var rounds = new Dictionary<string, RoundState?>();
        var respondents = new Dictionary<string, RespondentState?>();
        var workshops = new Dictionary<string, WorkshopState?>();
        var items = new Dictionary<string, ActionItemState?>();
        var milestones = new Dictionary<string, MilestoneState?>();
        foreach (var e in events)
        {
            Step(rounds, RoundState.KeyOf(e), e, RoundState.Next);
            Step(respondents, RespondentState.KeyOf(e), e, RespondentState.Next);
            Step(workshops, WorkshopState.KeyOf(e), e, WorkshopState.Next);
            Step(items, ActionItemState.KeyOf(e), e, ActionItemState.Next);
            Step(milestones, MilestoneState.KeyOf(e), e, MilestoneState.Next);
        }

        return [.. rounds.Values.OfType<object>(), .. respondents.Values.OfType<object>(), .. workshops.Values.OfType<object>(),
            .. items.Values.OfType<object>(), .. milestones.Values.OfType<object>()];
    }

    private static void Step<T>(Dictionary<string, T?> docs, string? key, object e, Func<T?, object, T?> next) where T : class
    {
        if (key is not null) docs[key] = next(docs.GetValueOrDefault(key), e);
    }
}

public partial class RoundStateProjection : MultiStreamProjection<RoundState, string>
{
    public RoundStateProjection()
    {
        Identity<RoundOpened>(e => RoundState.KeyOf(e)!);
        Identity<ConsensusRecorded>(e => RoundState.KeyOf(e)!);
        Identity<RoundClosed>(e => RoundState.KeyOf(e)!);
        Identity<RoundEvaluated>(e => RoundState.KeyOf(e)!);
        Identity<CommentaryRecorded>(e => RoundState.KeyOf(e)!);
        Identity<OpenSurveyLinkCreated>(e => RoundState.KeyOf(e)!);
        Identity<OpenResponseStarted>(e => RoundState.KeyOf(e)!);
        Identity<InterviewSummaryRecorded>(e => RoundState.KeyOf(e)!);
    }

    public override RoundState? Evolve(RoundState? snapshot, string id, IEvent e) => RoundState.Next(snapshot, e.Data);
}

public partial class RespondentStateProjection : MultiStreamProjection<RespondentState, string>
{
    public RespondentStateProjection()
    {
        Identity<RespondentAdded>(e => RespondentState.KeyOf(e)!);
        // #14 open survey: registered before the answers — within one commit Marten hands a slice its events in this order.
        Identity<ExternalRespondentAdded>(e => RespondentState.KeyOf(e)!);
        Identity<OpenResponseStarted>(e => RespondentState.KeyOf(e)!);
        Identity<AnswerRecorded>(e => RespondentState.KeyOf(e)!);
        Identity<AnswersSubmitted>(e => RespondentState.KeyOf(e)!);
    }

    public override RespondentState? Evolve(RespondentState? snapshot, string id, IEvent e) => RespondentState.Next(snapshot, e.Data);
}

public partial class WorkshopStateProjection : MultiStreamProjection<WorkshopState, string>
{
    public WorkshopStateProjection()
    {
        Identity<WorkshopScheduled>(e => WorkshopState.KeyOf(e)!);
        Identity<WorkshopCancelled>(e => WorkshopState.KeyOf(e)!);
        Identity<WorkshopHeld>(e => WorkshopState.KeyOf(e)!);
        Identity<WorkshopAgendaSet>(e => WorkshopState.KeyOf(e)!);
        Identity<WorkshopParticipantsRecorded>(e => WorkshopState.KeyOf(e)!);
        Identity<UnderstandingRecorded>(e => WorkshopState.KeyOf(e)!);
        Identity<PrioritiesConfirmed>(e => WorkshopState.KeyOf(e)!);
        Identity<WorkingGroupRecorded>(e => WorkshopState.KeyOf(e)!);
        Identity<WorkingGroupRevised>(e => WorkshopState.KeyOf(e)!); // #15 H2
        Identity<AgreementsRecorded>(e => WorkshopState.KeyOf(e)!);
        Identity<FeedbackRecorded>(e => WorkshopState.KeyOf(e)!);
        Identity<WorkshopFrameRecorded>(e => WorkshopState.KeyOf(e)!); // #14 seed exactness
    }

    public override WorkshopState? Evolve(WorkshopState? snapshot, string id, IEvent e) => WorkshopState.Next(snapshot, e.Data);
}

public partial class ActionItemStateProjection : MultiStreamProjection<ActionItemState, string>
{
    public ActionItemStateProjection()
    {
        Identity<ActionItemAdded>(e => ActionItemState.KeyOf(e)!);
        Identity<ActionItemPlanned>(e => ActionItemState.KeyOf(e)!);
        Identity<ActionItemStatusChanged>(e => ActionItemState.KeyOf(e)!);
        Identity<ActionItemNoted>(e => ActionItemState.KeyOf(e)!);
        // #14 reminders: the item learns which milestone follows it.
        Identities<MilestonePlanned>(e => ActionItemState.KeyOf(e) is { } key ? [key] : []);
    }

    public override ActionItemState? Evolve(ActionItemState? snapshot, string id, IEvent e) => ActionItemState.Next(snapshot, e.Data);
}

public partial class MilestoneStateProjection : MultiStreamProjection<MilestoneState, string>
{
    public MilestoneStateProjection()
    {
        Identity<MilestonePlanned>(e => MilestoneState.KeyOf(e)!);
        Identity<MilestoneRescheduled>(e => MilestoneState.KeyOf(e)!);
        Identity<MilestoneCompleted>(e => MilestoneState.KeyOf(e)!);
        Identity<MilestoneCancelled>(e => MilestoneState.KeyOf(e)!);
        Identity<RemindersPlanned>(e => MilestoneState.KeyOf(e)!);
        Identity<ReminderSent>(e => MilestoneState.KeyOf(e)!);
        Identity<ReminderDeliveryFailed>(e => MilestoneState.KeyOf(e)!);
        Identity<ReminderAbandoned>(e => MilestoneState.KeyOf(e)!);
        Identities<DailyMailCapReached>(e => MilestoneState.KeyOf(e) is { } key ? [key] : []);
    }

    public override MilestoneState? Evolve(MilestoneState? snapshot, string id, IEvent e) => MilestoneState.Next(snapshot, e.Data);
}
