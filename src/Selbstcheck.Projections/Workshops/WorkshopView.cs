using JasperFx.Events;
using Marten.Events.Projections;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Projections.Workshops;

/// <summary>"What happened in this workshop?" — one document per workshop: everything the documentation shows.</summary>
public sealed class WorkshopView
{
    public Guid Id { get; set; }

    public string KommuneId { get; set; } = "";

    public string Title { get; set; } = "";

    public string StartsAt { get; set; } = "";

    public string? Place { get; set; }

    public bool Online { get; set; }

    public Selbstcheck.Workflow.People.PersonalRef? Moderation { get; set; }

    public DateTimeOffset ScheduledAt { get; set; }

    public List<Reschedule> Reschedules { get; set; } = [];

    public bool Cancelled { get; set; }

    public string? CancellationReason { get; set; }

    public bool Held { get; set; }

    public List<string> Goals { get; set; } = [];

    public List<AgendaItem> Agenda { get; set; } = [];

    public List<Institution> Institutions { get; set; } = [];

    public List<ListItem> Statements { get; set; } = [];

    public List<int> Priorities { get; set; } = [];

    public Dictionary<int, int>? Votes { get; set; }

    public List<WorkingGroupView> WorkingGroups { get; set; } = [];

    public List<Agreement> Agreements { get; set; } = [];

    public List<string> Feedback { get; set; } = [];

    /// <summary>The item version of each list recorded as a whole (<see cref="WorkshopLists"/>; 0 = not yet recorded), for expectedVersion.</summary>
    public Dictionary<string, long> Versions { get; set; } = NewVersions();

    public static Dictionary<string, long> NewVersions() => new()
    {
        [WorkshopLists.Agenda] = 0,
        [WorkshopLists.Participants] = 0,
        [WorkshopLists.Understanding] = 0,
        [WorkshopLists.Priorities] = 0,
        [WorkshopLists.Agreements] = 0,
        [WorkshopLists.Feedback] = 0,
    };

    public void Replaced(string list) => Versions[list] = Versions.GetValueOrDefault(list) + 1;

    public string Status => WorkshopStatus.Of(Held, Cancelled);
}

public sealed class Reschedule
{
    public string From { get; set; } = "";

    public string To { get; set; } = "";

    public string Reason { get; set; } = "";
}

public sealed class WorkingGroupView
{
    public int Field { get; set; }

    public List<ListItem> WhatWorks { get; set; } = [];

    public List<ListItem> WhatDoesNotWorkYet { get; set; } = [];

    public List<ListItem> NeedsForAction { get; set; } = [];

    /// <summary>A working group is recorded once: version 1.</summary>
    public long Version { get; set; } = 1;
}

public partial class WorkshopViewProjection : MultiStreamProjection<WorkshopView, Guid>
{
    public WorkshopViewProjection()
    {
        Identity<WorkshopScheduled>(e => e.WorkshopId);
        Identity<WorkshopRescheduled>(e => e.WorkshopId);
        Identity<WorkshopCancelled>(e => e.WorkshopId);
        Identity<WorkshopHeld>(e => e.WorkshopId);
        Identity<WorkshopAgendaSet>(e => e.WorkshopId);
        Identity<WorkshopParticipantsRecorded>(e => e.WorkshopId);
        Identity<UnderstandingRecorded>(e => e.WorkshopId);
        Identity<PrioritiesConfirmed>(e => e.WorkshopId);
        Identity<WorkingGroupRecorded>(e => e.WorkshopId);
        Identity<AgreementsRecorded>(e => e.WorkshopId);
        Identity<FeedbackRecorded>(e => e.WorkshopId);
    }

    public WorkshopView Create(IEvent<WorkshopScheduled> e) => new()
    {
        Id = e.Data.WorkshopId,
        KommuneId = e.Data.KommuneId,
        Title = e.Data.Title,
        StartsAt = e.Data.StartsAt,
        Place = e.Data.Place,
        Online = e.Data.Online,
        Moderation = e.Data.Moderation,
        ScheduledAt = e.Timestamp,
    };

    public void Apply(WorkshopRescheduled e, WorkshopView view)
    {
        view.Reschedules.Add(new Reschedule { From = view.StartsAt, To = e.StartsAt, Reason = e.Reason });
        view.StartsAt = e.StartsAt;
        view.Place = e.Place;
        view.Online = e.Online;
    }

    public void Apply(WorkshopCancelled e, WorkshopView view)
    {
        view.Cancelled = true;
        view.CancellationReason = e.Reason;
    }

    public void Apply(WorkshopHeld e, WorkshopView view) => view.Held = true;

    public void Apply(WorkshopAgendaSet e, WorkshopView view)
    {
        view.Goals = e.Goals.ToList();
        view.Agenda = e.Items.ToList();
        view.Replaced(WorkshopLists.Agenda);
    }

    public void Apply(WorkshopParticipantsRecorded e, WorkshopView view)
    {
        view.Institutions = e.Institutions.ToList();
        view.Replaced(WorkshopLists.Participants);
    }

    public void Apply(UnderstandingRecorded e, WorkshopView view)
    {
        view.Statements = e.Statements.ToList();
        view.Replaced(WorkshopLists.Understanding);
    }

    public void Apply(PrioritiesConfirmed e, WorkshopView view)
    {
        view.Priorities = e.Fields.ToList();
        view.Votes = e.Votes?.ToDictionary(v => v.Key, v => v.Value);
        view.Replaced(WorkshopLists.Priorities);
    }

    public void Apply(WorkingGroupRecorded e, WorkshopView view) =>
        view.WorkingGroups.Add(new WorkingGroupView
        {
            Field = e.Field,
            WhatWorks = e.WhatWorks.ToList(),
            WhatDoesNotWorkYet = e.WhatDoesNotWorkYet.ToList(),
            NeedsForAction = e.NeedsForAction.ToList(),
        });

    public void Apply(AgreementsRecorded e, WorkshopView view)
    {
        view.Agreements = e.Agreements.ToList();
        view.Replaced(WorkshopLists.Agreements);
    }

    public void Apply(FeedbackRecorded e, WorkshopView view)
    {
        view.Feedback = e.Items.ToList();
        view.Replaced(WorkshopLists.Feedback);
    }
}
