using JasperFx.Events;
using Marten.Events.Projections;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Projections.Workshops;

/// <summary>"What happened in this workshop?" — one document per workshop: everything the documentation shows.</summary>
public sealed class WorkshopView
{
    public Guid Id { get; set; }

    [PersonalData(false)] public string KommuneId { get; set; } = "";

    [PersonalData(false)] public string Title { get; set; } = "";

    [PersonalData(false)] public string StartsAt { get; set; } = "";

    [PersonalData(false)] public string? Place { get; set; }

    public bool Online { get; set; }

    public Selbstcheck.Workflow.People.PersonalRef? Moderation { get; set; }

    public DateTimeOffset ScheduledAt { get; set; }

    public List<Reschedule> Reschedules { get; set; } = [];

    public bool Cancelled { get; set; }

    [PersonalData(false)] public string? CancellationReason { get; set; }

    public bool Held { get; set; }

    [PersonalData(false)] public List<string> Goals { get; set; } = [];

    public List<AgendaItem> Agenda { get; set; } = [];

    public List<Institution> Institutions { get; set; } = [];

    public List<ListItem> Statements { get; set; } = [];

    public List<int> Priorities { get; set; } = [];

    public Dictionary<int, int>? Votes { get; set; }

    public List<WorkingGroupView> WorkingGroups { get; set; } = [];

    public List<Agreement> Agreements { get; set; } = [];

    [PersonalData(false)] public List<string> Feedback { get; set; } = [];

    /// <summary>#14: the documentation's frame (welcome, partners, presenters, Leitmotiv, annex); null until recorded.</summary>
    public DocumentationFrame? Frame { get; set; }

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

    [PersonalData(false)] public string Status => WorkshopStatus.Of(Held, Cancelled);
}

public sealed class Reschedule
{
    [PersonalData(false)] public string From { get; set; } = "";

    [PersonalData(false)] public string To { get; set; } = "";

    [PersonalData(false)] public string Reason { get; set; } = "";
}

public sealed class WorkingGroupView
{
    public int Field { get; set; }

    public List<ListItem> WhatWorks { get; set; } = [];

    public List<ListItem> WhatDoesNotWorkYet { get; set; } = [];

    public List<ListItem> NeedsForAction { get; set; } = [];

    /// <summary>Recorded: version 1; +1 per revision (#15 H2), the expectedVersion of the next one.</summary>
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
        Identity<WorkingGroupRevised>(e => e.WorkshopId); // #15 H2
        Identity<AgreementsRecorded>(e => e.WorkshopId);
        Identity<FeedbackRecorded>(e => e.WorkshopId);
        Identity<WorkshopFrameRecorded>(e => e.WorkshopId);
    }

    /// <summary>Marten calls the one evolve function below; so does the as-of replay (<see cref="Replay.JourneyReplay"/>).</summary>
    public override WorkshopView? Evolve(WorkshopView? snapshot, Guid id, IEvent e) => Evolve(snapshot, e);

    /// <summary>One event applied to one workshop: pure (no I/O, no clock). An event for a workshop never scheduled changes nothing.</summary>
    public static WorkshopView? Evolve(WorkshopView? view, IEvent e)
    {
        if (view is null) return e is IEvent<WorkshopScheduled> created ? Created(created) : null;
        switch (e)
        {
            case IEvent<WorkshopRescheduled> x: On(x.Data, view); break;
            case IEvent<WorkshopCancelled> x: On(x.Data, view); break;
            case IEvent<WorkshopHeld> x: On(x.Data, view); break;
            case IEvent<WorkshopAgendaSet> x: On(x.Data, view); break;
            case IEvent<WorkshopParticipantsRecorded> x: On(x.Data, view); break;
            case IEvent<UnderstandingRecorded> x: On(x.Data, view); break;
            case IEvent<PrioritiesConfirmed> x: On(x.Data, view); break;
            case IEvent<WorkingGroupRecorded> x: On(x.Data, view); break;
            case IEvent<WorkingGroupRevised> x: On(x.Data, view); break;
            case IEvent<AgreementsRecorded> x: On(x.Data, view); break;
            case IEvent<FeedbackRecorded> x: On(x.Data, view); break;
            case IEvent<WorkshopFrameRecorded> x: On(x.Data, view); break;
        }

        return view;
    }

    private static WorkshopView Created(IEvent<WorkshopScheduled> e) => new()
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

    private static void On(WorkshopRescheduled e, WorkshopView view)
    {
        view.Reschedules.Add(new Reschedule { From = view.StartsAt, To = e.StartsAt, Reason = e.Reason });
        view.StartsAt = e.StartsAt;
        view.Place = e.Place;
        view.Online = e.Online;
    }

    private static void On(WorkshopCancelled e, WorkshopView view)
    {
        view.Cancelled = true;
        view.CancellationReason = e.Reason;
    }

    private static void On(WorkshopHeld e, WorkshopView view) => view.Held = true;

    private static void On(WorkshopAgendaSet e, WorkshopView view)
    {
        view.Goals = e.Goals.ToList();
        view.Agenda = e.Items.ToList();
        view.Replaced(WorkshopLists.Agenda);
    }

    private static void On(WorkshopParticipantsRecorded e, WorkshopView view)
    {
        view.Institutions = e.Institutions.ToList();
        view.Replaced(WorkshopLists.Participants);
    }

    private static void On(UnderstandingRecorded e, WorkshopView view)
    {
        view.Statements = e.Statements.ToList();
        view.Replaced(WorkshopLists.Understanding);
    }

    private static void On(PrioritiesConfirmed e, WorkshopView view)
    {
        view.Priorities = e.Fields.ToList();
        view.Votes = e.Votes?.ToDictionary(v => v.Key, v => v.Value);
        view.Replaced(WorkshopLists.Priorities);
    }

    private static void On(WorkingGroupRecorded e, WorkshopView view) =>
        view.WorkingGroups.Add(new WorkingGroupView
        {
            Field = e.Field,
            WhatWorks = e.WhatWorks.ToList(),
            WhatDoesNotWorkYet = e.WhatDoesNotWorkYet.ToList(),
            NeedsForAction = e.NeedsForAction.ToList(),
        });

    // #15 H2: the group keeps its place in the list; its lists are replaced.
    private static void On(WorkingGroupRevised e, WorkshopView view)
    {
        var group = view.WorkingGroups.FirstOrDefault(g => g.Field == e.Field);
        if (group is null) return;
        group.WhatWorks = e.WhatWorks.ToList();
        group.WhatDoesNotWorkYet = e.WhatDoesNotWorkYet.ToList();
        group.NeedsForAction = e.NeedsForAction.ToList();
        group.Version++;
    }

    private static void On(AgreementsRecorded e, WorkshopView view)
    {
        view.Agreements = e.Agreements.ToList();
        view.Replaced(WorkshopLists.Agreements);
    }

    private static void On(FeedbackRecorded e, WorkshopView view)
    {
        view.Feedback = e.Items.ToList();
        view.Replaced(WorkshopLists.Feedback);
    }

    private static void On(WorkshopFrameRecorded e, WorkshopView view)
    {
        view.Frame = e.Frame;
        view.Replaced(WorkshopLists.Frame);
    }
}
