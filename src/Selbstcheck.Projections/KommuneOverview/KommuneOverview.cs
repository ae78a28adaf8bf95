using JasperFx.Events;
using Marten.Events.Aggregation;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Reminders;

namespace Selbstcheck.Projections.KommuneOverview;

/// <summary>"Where does this Kommune stand?" — one document per Kommune, updated inline with its stream.</summary>
public sealed class KommuneOverview
{
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    public string Kind { get; set; } = "";

    public string Bundesland { get; set; } = "";

    public string? Cohort { get; set; }

    public DateOnly? StartDate { get; set; }

    public string? Ags { get; set; }

    public Guid? FacilitatorId { get; set; }

    public string? LeadOffice { get; set; }

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
}

public sealed class UnitView
{
    public string Name { get; set; } = "";

    public Selbstcheck.Workflow.People.PersonalRef? Email { get; set; }

    /// <summary>False while the address, set by the Kommune or its facilitator, awaits its holder's confirmation (reminders go to the lead office meanwhile).</summary>
    public bool EmailConfirmed { get; set; } = true;

    public long Version { get; set; }
}

public partial class KommuneOverviewProjection : SingleStreamProjection<KommuneOverview, string>
{
    public KommuneOverview Create(IEvent<KommuneRegistered> e) => new()
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

    public void Apply(IEvent<FacilitatorAssigned> e, KommuneOverview view)
    {
        view.FacilitatorId = e.Data.PersonId;
        view.DataVersion++;
        Touch(view, e);
    }

    public void Apply(IEvent<LeadOfficeNamed> e, KommuneOverview view)
    {
        view.LeadOffice = e.Data.Unit;
        view.DataVersion++;
        Touch(view, e);
    }

    public void Apply(IEvent<ReminderPolicySet> e, KommuneOverview view)
    {
        view.ReminderPolicy = ReminderPolicy.From(e.Data);
        view.DataVersion++;
        Touch(view, e);
    }

    public void Apply(IEvent<UnitAdded> e, KommuneOverview view)
    {
        view.Units.Add(new UnitView { Name = e.Data.Unit, Email = e.Data.Email, Version = 1 });
        view.Units.Sort((a, b) => string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase));
        Touch(view, e);
    }

    public void Apply(IEvent<UnitEmailChanged> e, KommuneOverview view)
    {
        var unit = view.Units.Single(u => UnitName.Key(u.Name) == UnitName.Key(e.Data.Unit));
        unit.Email = e.Data.Email;
        unit.EmailConfirmed = true;
        unit.Version++;
        Touch(view, e);
    }

    public void Apply(IEvent<UnitEmailConfirmationRequested> e, KommuneOverview view) => SetConfirmed(view, e.Data.Unit, e.Data.Version, false);

    public void Apply(IEvent<UnitEmailConfirmed> e, KommuneOverview view) => SetConfirmed(view, e.Data.Unit, e.Data.Version, true);

    private static void SetConfirmed(KommuneOverview view, string unit, long version, bool confirmed)
    {
        if (view.Units.Find(u => UnitName.Key(u.Name) == UnitName.Key(unit) && u.Version == version) is { } u) u.EmailConfirmed = confirmed;
    }

    public void Apply(IEvent<RoundOpened> e, KommuneOverview view)
    {
        view.PhaseFacts = view.PhaseFacts.After(e.Data);
        Touch(view, e);
    }

    public void Apply(IEvent<RoundClosed> e, KommuneOverview view)
    {
        view.PhaseFacts = view.PhaseFacts.After(e.Data);
        Touch(view, e);
    }

    public void Apply(IEvent<RespondentAdded> e, KommuneOverview view) => Touch(view, e);

    public void Apply(IEvent<AnswerRecorded> e, KommuneOverview view) => Touch(view, e);

    public void Apply(IEvent<AnswersSubmitted> e, KommuneOverview view) => Touch(view, e);

    public void Apply(IEvent<ConsensusRecorded> e, KommuneOverview view) => Touch(view, e);

    public void Apply(IEvent<RoundEvaluated> e, KommuneOverview view) => Touch(view, e);

    public void Apply(IEvent<CommentaryRecorded> e, KommuneOverview view) => Touch(view, e);

    public void Apply(IEvent<WorkshopScheduled> e, KommuneOverview view)
    {
        view.PhaseFacts = view.PhaseFacts.After(e.Data);
        Touch(view, e);
    }

    public void Apply(IEvent<WorkshopCancelled> e, KommuneOverview view)
    {
        view.PhaseFacts = view.PhaseFacts.After(e.Data);
        Touch(view, e);
    }

    public void Apply(IEvent<WorkshopHeld> e, KommuneOverview view)
    {
        view.PhaseFacts = view.PhaseFacts.After(e.Data);
        Touch(view, e);
    }

    private static void Touch(KommuneOverview view, IEvent e)
    {
        view.Phase = view.PhaseFacts.Derive();
        if (e.Timestamp > view.LastActivityAt) view.LastActivityAt = e.Timestamp;
    }
}
