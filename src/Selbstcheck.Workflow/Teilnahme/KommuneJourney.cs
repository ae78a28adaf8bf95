using System.Collections.Immutable;
using Selbstcheck.Workflow.Aktionsplan;
using Selbstcheck.Workflow.Erinnerungen;
using Selbstcheck.Workflow.Fragebogen;
using Selbstcheck.Workflow.Meilensteine;
using Selbstcheck.Workflow.Workshop;

namespace Selbstcheck.Workflow.Teilnahme;

/// <summary>
/// The write model of a Kommune's journey stream: only what decisions need. Immutable; every
/// Apply returns a new instance (Marten caches aggregates in its identity map).
/// </summary>
public sealed record KommuneJourney
{
    /// <summary>The stream key: the Kommune's slug.</summary>
    public string Id { get; init; } = "";

    public string Name { get; init; } = "";

    public string? Ags { get; init; }

    public Guid? FacilitatorId { get; init; }

    public string? LeadOffice { get; init; }

    /// <summary>Item version of the Kommune's own master data (1 after registration, +1 per change).</summary>
    public long DataVersion { get; init; }

    /// <summary>Stream version, maintained by Marten (its naming convention).</summary>
    public long Version { get; init; }

    /// <summary>Units by case-insensitive key.</summary>
    public ImmutableDictionary<string, UnitState> Units { get; init; } = ImmutableDictionary<string, UnitState>.Empty;

    public PhaseFacts Phase { get; init; } = PhaseFacts.Empty;

    /// <summary>Questionnaire rounds by number.</summary>
    public ImmutableDictionary<int, RoundState> Rounds { get; init; } = ImmutableDictionary<int, RoundState>.Empty;

    public int NextRound => Rounds.IsEmpty ? 1 : Rounds.Keys.Max() + 1;

    public ImmutableDictionary<Guid, WorkshopState> Workshops { get; init; } = ImmutableDictionary<Guid, WorkshopState>.Empty;

    public ImmutableDictionary<Guid, ActionItemState> ActionItems { get; init; } = ImmutableDictionary<Guid, ActionItemState>.Empty;

    public ImmutableDictionary<Guid, MilestoneState> Milestones { get; init; } = ImmutableDictionary<Guid, MilestoneState>.Empty;

    public ReminderPolicy ReminderPolicy { get; init; } = ReminderPolicy.Default;

    public static KommuneJourney Create(KommuneRegistered e) =>
        new() { Id = e.KommuneId, Name = e.Name, Ags = e.Ags, DataVersion = 1 };

    public KommuneJourney Apply(FacilitatorAssigned e) =>
        this with { FacilitatorId = e.PersonId, DataVersion = DataVersion + 1 };

    public KommuneJourney Apply(LeadOfficeNamed e) =>
        this with { LeadOffice = e.Unit, DataVersion = DataVersion + 1 };

    public KommuneJourney Apply(UnitAdded e) =>
        this with { Units = Units.SetItem(Common.UnitName.Key(e.Unit), new UnitState(e.Unit, e.Email, 1)) };

    public KommuneJourney Apply(UnitEmailChanged e)
    {
        var key = Common.UnitName.Key(e.Unit);
        var unit = Units[key];
        return this with { Units = Units.SetItem(key, unit with { Email = e.Email, Version = unit.Version + 1 }) };
    }

    /// <summary>Applies any event of this stream; unknown events leave the state as it is.</summary>
    public static KommuneJourney? Next(KommuneJourney? state, object @event) => (state, @event) switch
    {
        (null, KommuneRegistered e) => Create(e),
        (null, _) => null,
        (_, FacilitatorAssigned e) => state.Apply(e),
        (_, LeadOfficeNamed e) => state.Apply(e),
        (_, UnitAdded e) => state.Apply(e),
        (_, UnitEmailChanged e) => state.Apply(e),
        (_, RoundOpened e) => state.Apply(e),
        (_, RespondentAdded e) => state.Apply(e),
        (_, AnswerRecorded e) => state.Apply(e),
        (_, AnswersSubmitted e) => state.Apply(e),
        (_, ConsensusRecorded e) => state.Apply(e),
        (_, RoundClosed e) => state.Apply(e),
        (_, RoundEvaluated e) => state.Apply(e),
        (_, CommentaryRecorded e) => state.Apply(e),
        (_, WorkshopScheduled e) => state.Apply(e),
        (_, WorkshopCancelled e) => state.Apply(e),
        (_, WorkshopHeld e) => state.Apply(e),
        (_, PrioritiesConfirmed e) => state.Apply(e),
        (_, WorkingGroupRecorded e) => state.Apply(e),
        (_, ActionItemAdded e) => state.Apply(e),
        (_, ActionItemPlanned e) => state.Apply(e),
        (_, ActionItemStatusChanged e) => state.Apply(e),
        (_, ActionItemNoted e) => state.Apply(e),
        (_, AgreementsRecorded e) => state.Apply(e),
        (_, MilestonePlanned e) => state.Apply(e),
        (_, MilestoneRescheduled e) => state.Apply(e),
        (_, MilestoneCompleted e) => state.Apply(e),
        (_, MilestoneCancelled e) => state.Apply(e),
        (_, ReminderPolicySet e) => state.Apply(e),
        (_, RemindersPlanned e) => state.Apply(e),
        (_, ReminderSent e) => state.Apply(e),
        (_, ReminderDeliveryFailed e) => state.Apply(e),
        _ => state,
    };

    public KommuneJourney Apply(RoundOpened e) => this with
    {
        Rounds = Rounds.Add(e.Round, RoundState.Create(e)),
        Phase = Phase.After(e),
    };

    public KommuneJourney Apply(RespondentAdded e) => WithRound(e.Round, e);

    public KommuneJourney Apply(AnswerRecorded e) => WithRound(e.Round, e);

    public KommuneJourney Apply(AnswersSubmitted e) => WithRound(e.Round, e);

    public KommuneJourney Apply(ConsensusRecorded e) => WithRound(e.Round, e);

    public KommuneJourney Apply(RoundClosed e) => WithRound(e.Round, e) with { Phase = Phase.After(e) };

    public KommuneJourney Apply(RoundEvaluated e) => WithRound(e.Round, e);

    public KommuneJourney Apply(CommentaryRecorded e) => WithRound(e.Round, e);

    public KommuneJourney Apply(WorkshopScheduled e) => this with
    {
        Workshops = Workshops.Add(e.WorkshopId, new WorkshopState(e.WorkshopId)),
        Phase = Phase.After(e),
    };

    public KommuneJourney Apply(WorkshopCancelled e) => WithWorkshop(e.WorkshopId, e) with { Phase = Phase.After(e) };

    public KommuneJourney Apply(WorkshopHeld e) => WithWorkshop(e.WorkshopId, e) with { Phase = Phase.After(e) };

    public KommuneJourney Apply(PrioritiesConfirmed e) => WithWorkshop(e.WorkshopId, e);

    public KommuneJourney Apply(WorkingGroupRecorded e) => WithWorkshop(e.WorkshopId, e);

    public KommuneJourney Apply(ActionItemAdded e) =>
        this with { ActionItems = ActionItems.Add(e.ActionItemId, new ActionItemState(e.ActionItemId, e.Field, ActionStatus.Offen, e.Owner, 1)) };

    public KommuneJourney Apply(ActionItemPlanned e) => WithActionItem(e.ActionItemId, e);

    public KommuneJourney Apply(ActionItemStatusChanged e) => WithActionItem(e.ActionItemId, e);

    public KommuneJourney Apply(ActionItemNoted e) => WithActionItem(e.ActionItemId, e);

    public KommuneJourney Apply(AgreementsRecorded e) => WithWorkshop(e.WorkshopId, e);

    public KommuneJourney Apply(MilestonePlanned e) => this with { Milestones = Milestones.Add(e.MilestoneId, MilestoneState.Create(e)) };

    public KommuneJourney Apply(ReminderPolicySet e) => this with { ReminderPolicy = ReminderPolicy.From(e), DataVersion = DataVersion + 1 };

    public KommuneJourney Apply(MilestoneRescheduled e) => WithMilestone(e.MilestoneId, e);

    public KommuneJourney Apply(MilestoneCompleted e) => WithMilestone(e.MilestoneId, e);

    public KommuneJourney Apply(MilestoneCancelled e) => WithMilestone(e.MilestoneId, e);

    public KommuneJourney Apply(RemindersPlanned e) => WithMilestone(e.MilestoneId, e);

    public KommuneJourney Apply(ReminderSent e) => WithMilestone(e.MilestoneId, e);

    public KommuneJourney Apply(ReminderDeliveryFailed e) => WithMilestone(e.MilestoneId, e);

    private KommuneJourney WithMilestone(Guid id, object e) => this with { Milestones = Milestones.SetItem(id, Milestones[id].Apply(e)) };

    private KommuneJourney WithWorkshop(Guid id, object e) => this with { Workshops = Workshops.SetItem(id, Workshops[id].Apply(e)) };

    private KommuneJourney WithActionItem(Guid id, object e) => this with { ActionItems = ActionItems.SetItem(id, ActionItems[id].Apply(e)) };

    private KommuneJourney WithRound(int round, object e) => this with { Rounds = Rounds.SetItem(round, Rounds[round].Apply(e)) };

    /// <summary>
    /// The unit's name as the Kommune spells it; a request that names an unknown unit creates it
    /// (without email) — the UnitAdded event is added to <paramref name="events"/>.
    /// </summary>
    public string ResolveUnit(string name, List<object> events)
    {
        if (FindUnit(name) is { } known) return known.Name;
        var trimmed = name.Trim();
        if (!events.OfType<UnitAdded>().Any(u => Common.UnitName.Key(u.Unit) == Common.UnitName.Key(trimmed))) events.Add(new UnitAdded(Id, trimmed, null));
        return trimmed;
    }

    public UnitState? FindUnit(string name) => Units.GetValueOrDefault(Common.UnitName.Key(name));
}

public sealed record UnitState(string Name, string? Email, long Version);
