using JasperFx.Events;
using Marten.Events.Projections;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Projections.ActionPlan;

/// <summary>
/// One Handlungsbedarf of the action plan, as the Integrationsbüro works through it. The
/// per-Kommune action plan and the cross-Kommune list of open items both read these documents;
/// age and overdue are computed when read, never stored.
/// </summary>
public sealed class ActionPlanItem
{
    public Guid Id { get; set; }

    [PersonalData(false)] public string KommuneId { get; set; } = "";

    public int Field { get; set; }

    [PersonalData(false)] public string Text { get; set; } = "";

    [PersonalData(false)] public List<string> Details { get; set; } = [];

    [PersonalData(false)] public string Owner { get; set; } = "";

    public bool OwnerAssumed { get; set; }

    /// <summary>All-day due date "yyyy-MM-dd".</summary>
    [PersonalData(false)] public string? Due { get; set; }

    [PersonalData(false)] public string Status { get; set; } = ActionStatus.Offen;

    public bool Open { get; set; } = true;

    public Guid? WorkshopId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Where the item stands in its Kommune's stream: keeps a working group's list in its order.</summary>
    public long Position { get; set; }

    public DateTimeOffset ChangedAt { get; set; }

    /// <summary>Item version (#2's convention); not "Version", which Marten would fill itself.</summary>
    public long ItemVersion { get; set; }

    public List<ActionNote> Notes { get; set; } = [];

    /// <summary>Every change of status, owner and due date, oldest first, with who, when and why.</summary>
    public List<ActionItemChange> History { get; set; } = [];
}

public sealed class ActionNote
{
    /// <summary>The note's vault reference; the endpoints resolve it when read.</summary>
    public Selbstcheck.Workflow.People.PersonalRef? Text { get; set; }

    public DateTimeOffset At { get; set; }

    [PersonalData(false)] public string? By { get; set; }
}

/// <summary>One change of an action item: Kind <see cref="ActionItemChanges"/>; From and To the values before and after ("" for no due date).</summary>
public sealed class ActionItemChange
{
    [PersonalData(false)] public string Kind { get; set; } = ActionItemChanges.Status;

    [PersonalData(false)] public string From { get; set; } = "";

    [PersonalData(false)] public string To { get; set; } = "";

    [PersonalData(false)] public string? Reason { get; set; }

    public DateTimeOffset At { get; set; }

    [PersonalData(false)] public string? By { get; set; }
}

public partial class ActionPlanItemProjection : MultiStreamProjection<ActionPlanItem, Guid>
{
    public ActionPlanItemProjection()
    {
        Identity<ActionItemAdded>(e => e.ActionItemId);
        Identity<ActionItemPlanned>(e => e.ActionItemId);
        Identity<ActionItemStatusChanged>(e => e.ActionItemId);
        Identity<ActionItemNoted>(e => e.ActionItemId);
    }

    /// <summary>Marten calls the one evolve function below; so does the as-of replay (<see cref="Replay.JourneyReplay"/>).</summary>
    public override ActionPlanItem? Evolve(ActionPlanItem? snapshot, Guid id, IEvent e) => Evolve(snapshot, e);

    /// <summary>One event applied to one action item: pure (no I/O, no clock). An event for an item never added changes nothing.</summary>
    public static ActionPlanItem? Evolve(ActionPlanItem? item, IEvent e)
    {
        if (item is null) return e is IEvent<ActionItemAdded> added ? Created(added) : null;
        switch (e)
        {
            case IEvent<ActionItemPlanned> planned: On(planned, item); break;
            case IEvent<ActionItemStatusChanged> changed: On(changed, item); break;
            case IEvent<ActionItemNoted> noted: On(noted, item); break;
        }

        return item;
    }

    private static ActionPlanItem Created(IEvent<ActionItemAdded> e) => new()
    {
        Id = e.Data.ActionItemId,
        KommuneId = e.Data.KommuneId,
        Field = e.Data.Field,
        Text = e.Data.Text,
        Details = e.Data.Details.ToList(),
        Owner = e.Data.Owner,
        OwnerAssumed = e.Data.OwnerAssumed,
        Due = e.Data.Due,
        WorkshopId = e.Data.WorkshopId,
        CreatedAt = e.Timestamp,
        ChangedAt = e.Timestamp,
        Position = e.Version,
        ItemVersion = 1,
    };

    private static void On(IEvent<ActionItemPlanned> e, ActionPlanItem item)
    {
        if (e.Data.Owner != item.Owner)
        {
            item.History.Add(new ActionItemChange { Kind = ActionItemChanges.Owner, From = item.Owner, To = e.Data.Owner, Reason = e.Data.Reason, At = e.Timestamp, By = e.UserName });
        }

        if (e.Data.Due != item.Due)
        {
            item.History.Add(new ActionItemChange { Kind = ActionItemChanges.Due, From = item.Due ?? "", To = e.Data.Due ?? "", Reason = e.Data.Reason, At = e.Timestamp, By = e.UserName });
        }

        item.Owner = e.Data.Owner;
        item.OwnerAssumed = false;
        item.Due = e.Data.Due;
        item.ItemVersion = e.Data.Version;
        item.ChangedAt = e.Timestamp;
    }

    private static void On(IEvent<ActionItemStatusChanged> e, ActionPlanItem item)
    {
        item.History.Add(new ActionItemChange { Kind = ActionItemChanges.Status, From = e.Data.From, To = e.Data.To, Reason = e.Data.Reason, At = e.Timestamp, By = e.UserName });
        item.Status = e.Data.To;
        item.Open = ActionStatus.IsOpen(e.Data.To);
        item.ItemVersion = e.Data.Version;
        item.ChangedAt = e.Timestamp;
    }

    private static void On(IEvent<ActionItemNoted> e, ActionPlanItem item)
    {
        item.Notes.Add(new ActionNote { Text = e.Data.Note, At = e.Timestamp, By = e.UserName });
        item.ItemVersion = e.Data.Version;
        item.ChangedAt = e.Timestamp;
    }
}
