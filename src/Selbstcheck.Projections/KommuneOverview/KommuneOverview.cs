using JasperFx.Events;
using Marten.Events.Aggregation;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Reminders;

namespace Selbstcheck.Projections.KommuneOverview;

/// <summary>"Where does this Kommune stand?" — one document per Kommune, updated inline with its stream.</summary>
public sealed class KommuneOverview
{
    [PersonalData(false)] public string Id { get; set; } = "";

    [PersonalData(false)] public string Name { get; set; } = "";

    [PersonalData(false)] public string Kind { get; set; } = "";

    [PersonalData(false)] public string Bundesland { get; set; } = "";

    [PersonalData(false)] public string? Cohort { get; set; }

    public DateOnly? StartDate { get; set; }

    [PersonalData(false)] public string? Ags { get; set; }

    public Guid? FacilitatorId { get; set; }

    [PersonalData(false)] public string? LeadOffice { get; set; }

    public List<UnitView> Units { get; set; } = [];

    /// <summary>Derived by the phase rule; stored for filtering.</summary>
    public Phase Phase { get; set; } = Phase.Teilnahme;

    public PhaseFacts PhaseFacts { get; set; } = PhaseFacts.Empty;

    /// <summary>Item version of the Kommune's master data (#2's concurrency convention).</summary>
    public long DataVersion { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>When the Kommune's milestones remind their owners (#6).</summary>
    public ReminderPolicy ReminderPolicy { get; set; } = ReminderPolicy.Default;

    /// <summary>#14: made up for the demo (marked "synthetisch" wherever the Kommune appears).</summary>
    public bool Synthetic { get; set; }
}

public sealed class UnitView
{
    [PersonalData(false)] public string Name { get; set; } = "";

    public Selbstcheck.Workflow.People.PersonalRef? Email { get; set; }

    /// <summary>False while the address, set by the Kommune or its facilitator, awaits its holder's confirmation (reminders go to the lead office meanwhile).</summary>
    public bool EmailConfirmed { get; set; } = true;

    public long Version { get; set; }
}

public partial class KommuneOverviewProjection : SingleStreamProjection<KommuneOverview, string>
{
    /// <summary>The events the overview reads (the others of the stream never reach it, as with conventional methods).</summary>
    public KommuneOverviewProjection()
    {
        IncludeType<KommuneRegistered>();
        IncludeType<FacilitatorAssigned>();
        IncludeType<LeadOfficeNamed>();
        IncludeType<ReminderPolicySet>();
        IncludeType<UnitAdded>();
        IncludeType<UnitEmailChanged>();
        IncludeType<UnitEmailConfirmationRequested>();
        IncludeType<UnitEmailConfirmed>();
        IncludeType<RoundOpened>();
        IncludeType<RoundClosed>();
        IncludeType<RespondentAdded>();
        IncludeType<AnswerRecorded>();
        IncludeType<AnswersSubmitted>();
        IncludeType<ConsensusRecorded>();
        IncludeType<RoundEvaluated>();
        IncludeType<CommentaryRecorded>();
        IncludeType<WorkshopScheduled>();
        IncludeType<WorkshopCancelled>();
        IncludeType<WorkshopHeld>();
        // #14 open survey: external respondents and anonymous responses change the Kommune too.
        IncludeType<ExternalRespondentAdded>();
        IncludeType<OpenResponseStarted>();
        IncludeType<InterviewSummaryRecorded>();
        // #14 benchmark: the synthetic marker.
        IncludeType<KommuneMarkedSynthetic>();
        // #15 H3 programme Kommunen: master data changed.
        IncludeType<KommuneMasterDataChanged>();
    }

    /// <summary>Marten calls the one evolve function below; so does the as-of replay (<see cref="Replay.JourneyReplay"/>).</summary>
    public override KommuneOverview? Evolve(KommuneOverview? snapshot, string id, IEvent e) => Evolve(snapshot, e);

    /// <summary>One event applied to the Kommune's overview: pure (no I/O, no clock). Before the registration nothing exists.</summary>
    public static KommuneOverview? Evolve(KommuneOverview? view, IEvent e)
    {
        if (view is null) return e is IEvent<KommuneRegistered> registered ? Created(registered) : null;
        switch (e)
        {
            case IEvent<FacilitatorAssigned> x: On(x, view); break;
            case IEvent<LeadOfficeNamed> x: On(x, view); break;
            case IEvent<ReminderPolicySet> x: On(x, view); break;
            case IEvent<UnitAdded> x: On(x, view); break;
            case IEvent<UnitEmailChanged> x: On(x, view); break;
            case IEvent<UnitEmailConfirmationRequested> x: On(x, view); break;
            case IEvent<UnitEmailConfirmed> x: On(x, view); break;
            case IEvent<RoundOpened> x: On(x, view); break;
            case IEvent<RoundClosed> x: On(x, view); break;
            case IEvent<RespondentAdded> x: On(x, view); break;
            case IEvent<ExternalRespondentAdded> x: Touch(view, x); break;
            case IEvent<OpenResponseStarted> x: Touch(view, x); break;
            case IEvent<InterviewSummaryRecorded> x: Touch(view, x); break;
            case IEvent<AnswerRecorded> x: On(x, view); break;
            case IEvent<AnswersSubmitted> x: On(x, view); break;
            case IEvent<ConsensusRecorded> x: On(x, view); break;
            case IEvent<RoundEvaluated> x: On(x, view); break;
            case IEvent<CommentaryRecorded> x: On(x, view); break;
            case IEvent<WorkshopScheduled> x: On(x, view); break;
            case IEvent<WorkshopCancelled> x: On(x, view); break;
            case IEvent<WorkshopHeld> x: On(x, view); break;
            // #14 benchmark: the synthetic marker.
            case IEvent<KommuneMarkedSynthetic> x: On(x, view); break;
            // #15 H3 programme Kommunen: master data changed.
            case IEvent<KommuneMasterDataChanged> x: On(x, view); break;
        }

        return view;
    }

    private static KommuneOverview Created(IEvent<KommuneRegistered> e) => new()
    {
        Id = e.Data.KommuneId,
        Name = e.Data.Name,
        Kind = e.Data.Kind,
        Bundesland = e.Data.Bundesland,
        Cohort = e.Data.Cohort,
        StartDate = e.Data.StartDate,
        Ags = e.Data.Ags,
        DataVersion = 1,
        RegisteredAt = e.Timestamp,
        LastActivityAt = e.Timestamp,
    };

    private static void On(IEvent<FacilitatorAssigned> e, KommuneOverview view)
    {
        view.FacilitatorId = e.Data.PersonId;
        view.DataVersion++;
        Touch(view, e);
    }

    private static void On(IEvent<LeadOfficeNamed> e, KommuneOverview view)
    {
        view.LeadOffice = e.Data.Unit;
        view.DataVersion++;
        Touch(view, e);
    }

    private static void On(IEvent<ReminderPolicySet> e, KommuneOverview view)
    {
        view.ReminderPolicy = ReminderPolicy.From(e.Data);
        view.DataVersion++;
        Touch(view, e);
    }

    private static void On(IEvent<UnitAdded> e, KommuneOverview view)
    {
        view.Units.Add(new UnitView { Name = e.Data.Unit, Email = e.Data.Email, Version = 1 });
        view.Units.Sort((a, b) => string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase));
        Touch(view, e);
    }

    private static void On(IEvent<UnitEmailChanged> e, KommuneOverview view)
    {
        var unit = view.Units.Single(u => UnitName.Key(u.Name) == UnitName.Key(e.Data.Unit));
        unit.Email = e.Data.Email;
        unit.EmailConfirmed = true;
        unit.Version++;
        Touch(view, e);
    }

    private static void On(IEvent<UnitEmailConfirmationRequested> e, KommuneOverview view) => SetConfirmed(view, e.Data.Unit, e.Data.Version, false);

    private static void On(IEvent<UnitEmailConfirmed> e, KommuneOverview view) => SetConfirmed(view, e.Data.Unit, e.Data.Version, true);

    private static void SetConfirmed(KommuneOverview view, string unit, long version, bool confirmed)
    {
        if (view.Units.Find(u => UnitName.Key(u.Name) == UnitName.Key(unit) && u.Version == version) is { } u) u.EmailConfirmed = confirmed;
    }

    private static void On(IEvent<RoundOpened> e, KommuneOverview view)
    {
        view.PhaseFacts = view.PhaseFacts.After(e.Data);
        Touch(view, e);
    }

    private static void On(IEvent<RoundClosed> e, KommuneOverview view)
    {
        view.PhaseFacts = view.PhaseFacts.After(e.Data);
        Touch(view, e);
    }

    private static void On(IEvent<RespondentAdded> e, KommuneOverview view) => Touch(view, e);

    private static void On(IEvent<AnswerRecorded> e, KommuneOverview view) => Touch(view, e);

    private static void On(IEvent<AnswersSubmitted> e, KommuneOverview view) => Touch(view, e);

    private static void On(IEvent<ConsensusRecorded> e, KommuneOverview view) => Touch(view, e);

    private static void On(IEvent<RoundEvaluated> e, KommuneOverview view) => Touch(view, e);

    private static void On(IEvent<CommentaryRecorded> e, KommuneOverview view) => Touch(view, e);

    private static void On(IEvent<WorkshopScheduled> e, KommuneOverview view)
    {
        view.PhaseFacts = view.PhaseFacts.After(e.Data);
        Touch(view, e);
    }

    private static void On(IEvent<WorkshopCancelled> e, KommuneOverview view)
    {
        view.PhaseFacts = view.PhaseFacts.After(e.Data);
        Touch(view, e);
    }

    private static void On(IEvent<WorkshopHeld> e, KommuneOverview view)
    {
        view.PhaseFacts = view.PhaseFacts.After(e.Data);
        Touch(view, e);
    }

    private static void Touch(KommuneOverview view, IEvent e)
    {
        view.Phase = view.PhaseFacts.Derive();
        if (e.Timestamp > view.LastActivityAt) view.LastActivityAt = e.Timestamp;
    }

    // #14 benchmark: a synthetic demo Kommune.
    private static void On(IEvent<KommuneMarkedSynthetic> e, KommuneOverview view)
    {
        view.Synthetic = true;
        Touch(view, e);
    }

    // #15 H3 programme Kommunen: the whole master data as changed (the id stays).
    private static void On(IEvent<KommuneMasterDataChanged> e, KommuneOverview view)
    {
        view.Name = e.Data.Name;
        view.Kind = e.Data.Kind;
        view.Bundesland = e.Data.Bundesland;
        view.Cohort = e.Data.Cohort;
        view.StartDate = e.Data.StartDate;
        view.Ags = e.Data.Ags;
        view.DataVersion++;
        Touch(view, e);
    }
}
