using JasperFx.Events;
using Marten.Events.Projections;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Projections.Milestones;

/// <summary>"What is due, and when?" — one document per milestone; overdue is computed when read.</summary>
public sealed class MilestoneView
{
    public Guid Id { get; set; }

    [PersonalData(false)] public string KommuneId { get; set; } = "";

    [PersonalData(false)] public string Title { get; set; } = "";

    [PersonalData(false)] public string Kind { get; set; } = "";

    [PersonalData(false)] public string Owner { get; set; } = "";

    public Guid? OwnerPersonId { get; set; }

    [PersonalData(false)] public string? DueDate { get; set; }

    [PersonalData(false)] public string? DueAt { get; set; }

    /// <summary>The due date, all-day or the date part of DueAt, for sorting and filtering.</summary>
    [PersonalData(false)] public string DueDay { get; set; } = "";

    [PersonalData(false)] public string Status { get; set; } = MilestoneStatus.Offen;

    public List<int> Fields { get; set; } = [];

    public List<Guid> ActionItems { get; set; } = [];

    public Guid? AgreementId { get; set; }

    public long ItemVersion { get; set; }

    public DateTimeOffset PlannedAt { get; set; }

    public bool Imported { get; set; }

    /// <summary>A programme milestone's origin (<see cref="MilestoneSources"/>); null for milestones planned by people.</summary>
    [PersonalData(false)] public string? Source { get; set; }

    [PersonalData(false)] public List<string> Reschedules { get; set; } = [];

    /// <summary>The reminders of the current plan, and those of older plans that were sent (#6).</summary>
    public List<ReminderView> Reminders { get; set; } = [];

    /// <summary>What needs attention: reminders given up, days on which the Kommune's mail cap held a reminder back.</summary>
    public List<ReminderAlert> Alerts { get; set; } = [];
}

/// <summary>Kind: <see cref="ReminderAlerts"/>; Day: the Berlin day the cap was reached (for the cap).</summary>
public sealed class ReminderAlert
{
    [PersonalData(false)] public string Kind { get; set; } = "";

    [PersonalData(false)] public string? ReminderKey { get; set; }

    public DateOnly? Day { get; set; }

    public DateTimeOffset At { get; set; }
}

public sealed class ReminderView
{
    [PersonalData(false)] public string Key { get; set; } = "";

    [PersonalData(false)] public string Kind { get; set; } = "";

    public DateTimeOffset FireAt { get; set; }

    /// <summary>See <see cref="ReminderStatus"/>.</summary>
    [PersonalData(false)] public string Status { get; set; } = ReminderStatus.Geplant;

    /// <summary>Failed attempts so far (the audit sees each in the history).</summary>
    public int FailedAttempts { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    [PersonalData(false)] public string? Recipient { get; set; }
}

public partial class MilestoneViewProjection : MultiStreamProjection<MilestoneView, Guid>
{
    public MilestoneViewProjection()
    {
        Identity<MilestonePlanned>(e => e.MilestoneId);
        Identity<MilestoneRescheduled>(e => e.MilestoneId);
        Identity<MilestoneCompleted>(e => e.MilestoneId);
        Identity<MilestoneCancelled>(e => e.MilestoneId);
        Identity<RemindersPlanned>(e => e.MilestoneId);
        Identity<ReminderSent>(e => e.MilestoneId);
        Identity<ReminderDeliveryFailed>(e => e.MilestoneId);
        Identity<ReminderAbandoned>(e => e.MilestoneId);
        Identities<DailyMailCapReached>(e => e.MilestoneId is { } m ? [m] : []);
    }

    /// <summary>Marten calls the one evolve function below; so does the as-of replay (<see cref="Replay.JourneyReplay"/>).</summary>
    public override MilestoneView? Evolve(MilestoneView? snapshot, Guid id, IEvent e) => Evolve(snapshot, e);

    /// <summary>One event applied to one milestone: pure (no I/O, no clock). An event for a milestone never planned changes nothing.</summary>
    public static MilestoneView? Evolve(MilestoneView? view, IEvent e)
    {
        if (view is null) return e is IEvent<MilestonePlanned> created ? Created(created) : null;
        switch (e)
        {
            case IEvent<MilestoneRescheduled> x: On(x.Data, view); break;
            case IEvent<RemindersPlanned> x: On(x.Data, view); break;
            case IEvent<ReminderSent> x: On(x, view); break;
            case IEvent<ReminderDeliveryFailed> x: On(x.Data, view); break;
            case IEvent<ReminderAbandoned> x: On(x, view); break;
            case IEvent<DailyMailCapReached> x: On(x, view); break;
            case IEvent<MilestoneCompleted> x: On(x.Data, view); break;
            case IEvent<MilestoneCancelled> x: On(x.Data, view); break;
        }

        return view;
    }

    private static MilestoneView Created(IEvent<MilestonePlanned> e) => new()
    {
        Id = e.Data.MilestoneId,
        KommuneId = e.Data.KommuneId,
        Title = e.Data.Title,
        Kind = e.Data.Kind,
        Owner = e.Data.Owner,
        OwnerPersonId = e.Data.OwnerPersonId,
        DueDate = e.Data.DueDate,
        DueAt = e.Data.DueAt,
        DueDay = DueDayOf(e.Data.DueDate, e.Data.DueAt),
        Fields = e.Data.Fields.ToList(),
        ActionItems = e.Data.ActionItems.ToList(),
        AgreementId = e.Data.AgreementId,
        ItemVersion = 1,
        PlannedAt = e.Timestamp,
        Imported = ImportedHistory.IsImported(e),
        Source = e.Data.Source,
    };

    private static void On(MilestoneRescheduled e, MilestoneView view)
    {
        view.Reschedules.Add(e.Reason);
        view.DueDate = e.DueDate;
        view.DueAt = e.DueAt;
        view.DueDay = DueDayOf(e.DueDate, e.DueAt);
        view.ItemVersion = e.Version;
    }

    private static void On(RemindersPlanned e, MilestoneView view)
    {
        // A newer plan replaces the reminders that have not gone out; sent ones stay listed.
        view.Reminders.RemoveAll(r => r.Status is not (ReminderStatus.Gesendet or ReminderStatus.Aufgegeben));
        view.Reminders.AddRange(e.Reminders.Select(r => new ReminderView { Key = r.Key, Kind = r.Kind, FireAt = r.FireAt }));
    }

    private static string DueDayOf(string? dueDate, string? dueAt) => Due.From(dueDate, dueAt)!.Value.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static void Drop(MilestoneView view)
    {
        foreach (var pending in view.Reminders.Where(r => r.Status is ReminderStatus.Geplant or ReminderStatus.Zurueckgehalten)) pending.Status = ReminderStatus.Entfallen;
    }

    private static void On(IEvent<ReminderSent> e, MilestoneView view)
    {
        if (view.Reminders.Find(r => r.Key == e.Data.ReminderKey) is not { } reminder) return;
        reminder.Status = ReminderStatus.Gesendet;
        reminder.SentAt = e.Timestamp;
        reminder.Recipient = e.Data.Recipient;
    }

    private static void On(ReminderDeliveryFailed e, MilestoneView view)
    {
        if (view.Reminders.Find(r => r.Key == e.ReminderKey) is { } reminder) reminder.FailedAttempts = e.Attempt;
    }

    private static void On(IEvent<ReminderAbandoned> e, MilestoneView view)
    {
        if (view.Reminders.Find(r => r.Key == e.Data.ReminderKey) is { } reminder) reminder.Status = ReminderStatus.Aufgegeben;
        view.Alerts.Add(new ReminderAlert { Kind = ReminderAlerts.Aufgegeben, ReminderKey = e.Data.ReminderKey, At = e.Timestamp });
    }

    private static void On(IEvent<DailyMailCapReached> e, MilestoneView view)
    {
        if (view.Reminders.Find(r => r.Key == e.Data.ReminderKey) is { } reminder)
        {
            reminder.FailedAttempts = e.Data.Attempt;
            if (reminder.Status == ReminderStatus.Geplant) reminder.Status = ReminderStatus.Zurueckgehalten;
        }

        // Once per day: a reminder held back again on the same day adds nothing new.
        if (!view.Alerts.Exists(a => a.Kind == ReminderAlerts.Tageshoechstzahl && a.Day == e.Data.Day))
        {
            view.Alerts.Add(new ReminderAlert { Kind = ReminderAlerts.Tageshoechstzahl, ReminderKey = e.Data.ReminderKey, Day = e.Data.Day, At = e.Timestamp });
        }
    }

    private static void On(MilestoneCompleted e, MilestoneView view)
    {
        Drop(view);
        view.Status = MilestoneStatus.Erledigt;
        view.ItemVersion = e.Version;
    }

    private static void On(MilestoneCancelled e, MilestoneView view)
    {
        Drop(view);
        view.Status = MilestoneStatus.Abgesagt;
        view.ItemVersion = e.Version;
    }
}
