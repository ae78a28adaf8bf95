using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;
using Selbstcheck.Workflow.Workshop;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Aktionsplan;

/// <summary>Add a Handlungsbedarf outside a workshop. The id is minted by the caller.</summary>
public sealed record AddActionItem(string KommuneId, Guid ActionItemId, int? Field, string? Text, IReadOnlyList<string>? Details, string? Owner, string? Due) : IKommuneCommand;

/// <summary>Change owner and due date.</summary>
public sealed record PlanActionItem(string KommuneId, Guid ActionItemId, string? Owner, string? Due, long? ExpectedVersion) : IKommuneCommand;

public sealed record ChangeActionItemStatus(string KommuneId, Guid ActionItemId, string? Status, string? Reason, long? ExpectedVersion) : IKommuneCommand;

public sealed record NoteActionItem(string KommuneId, Guid ActionItemId, string? Note, long? ExpectedVersion) : IKommuneCommand;

public sealed record ActionItemReply(Guid ActionItemId, string Status, long Version);

public static class ActionItemDecisions
{
    public static IReadOnlyList<object> Decide(AddActionItem c, KommuneJourney state, IReadOnlyCollection<int> fields)
    {
        var v = new Validation();
        if (c.Field is not { } f || !fields.Contains(f)) v.Add("field", "Ein Handlungsfeld, z. B. 4.");
        v.Require(!string.IsNullOrWhiteSpace(c.Text) && c.Text.Length <= WorkshopRules.MaxText, "text", "Pflichtfeld.");
        v.Require(UnitName.IsValid(c.Owner), "owner", "Pflichtfeld: die verantwortliche Stelle.");
        WorkshopRules.Date(v, "due", c.Due);
        v.ThrowIfInvalid();
        var events = new List<object>();
        var owner = state.ResolveUnit(c.Owner!, events);
        events.Add(new ActionItemAdded(state.Id, c.ActionItemId, c.Field!.Value, c.Text!.Trim(), (c.Details ?? []).Select(d => d.Trim()).ToList(), owner, false, c.Due, null));
        return events;
    }

    public static IReadOnlyList<object> Decide(PlanActionItem c, KommuneJourney state)
    {
        var v = new Validation().Require(UnitName.IsValid(c.Owner), "owner", "Pflichtfeld: die verantwortliche Stelle.");
        WorkshopRules.Date(v, "due", c.Due);
        v.ThrowIfInvalid();
        var item = Item(state, c.ActionItemId, c.ExpectedVersion);
        var events = new List<object>();
        var owner = state.ResolveUnit(c.Owner!, events);
        events.Add(new ActionItemPlanned(state.Id, c.ActionItemId, owner, c.Due, item.Version + 1));
        return events;
    }

    public static IReadOnlyList<object> Decide(ChangeActionItemStatus c, KommuneJourney state)
    {
        var to = ActionStatus.Normalize(c.Status);
        new Validation().Require(to is not null, "status", $"Erlaubt: {string.Join(", ", ActionStatus.All)}.").ThrowIfInvalid();
        var item = Item(state, c.ActionItemId, c.ExpectedVersion);
        var allowed = ActionStatus.AllowedFrom(item.Status);
        if (!allowed.Contains(to!))
        {
            throw new RuleViolation("statuswechsel-nicht-erlaubt", "Statuswechsel nicht erlaubt",
                $"Von \"{item.Status}\" geht es nicht nach \"{to}\".")
            {
                Alternatives = allowed.ToList(),
            };
        }

        if (ActionStatus.NeedsReason(item.Status, to!) && string.IsNullOrWhiteSpace(c.Reason))
        {
            new Validation().Add("reason", to == ActionStatus.Verworfen ? "Pflichtfeld beim Verwerfen." : "Pflichtfeld beim Wiedereröffnen.").ThrowIfInvalid();
        }

        return [new ActionItemStatusChanged(state.Id, c.ActionItemId, item.Status, to!, string.IsNullOrWhiteSpace(c.Reason) ? null : c.Reason.Trim(), item.Version + 1)];
    }

    public static IReadOnlyList<object> Decide(NoteActionItem c, KommuneJourney state)
    {
        new Validation().Require(!string.IsNullOrWhiteSpace(c.Note) && c.Note.Length <= WorkshopRules.MaxText, "note", "Pflichtfeld.").ThrowIfInvalid();
        var item = Item(state, c.ActionItemId, c.ExpectedVersion);
        return [new ActionItemNoted(state.Id, c.ActionItemId, c.Note!.Trim(), item.Version + 1)];
    }

    private static ActionItemState Item(KommuneJourney state, Guid id, long? expected)
    {
        var item = state.ActionItems.GetValueOrDefault(id)
                   ?? throw new NotFound("handlungsbedarf-unbekannt", "Handlungsbedarf nicht gefunden", $"Die Kommune \"{state.Id}\" hat keinen Handlungsbedarf {id}.");
        ItemVersion.Check($"Handlungsbedarf {id}", expected, item.Version);
        return item;
    }
}

public static class ActionItemHandler
{
    public static (ActionItemReply, Events) Handle(AddActionItem command, [WriteAggregate(nameof(AddActionItem.KommuneId))] KommuneJourney journey) =>
        Reply(command.ActionItemId, journey, ActionItemDecisions.Decide(command, journey, PrioritiseHandler.Fields(journey)));

    public static (ActionItemReply, Events) Handle(PlanActionItem command, [WriteAggregate(nameof(PlanActionItem.KommuneId))] KommuneJourney journey) =>
        Reply(command.ActionItemId, journey, ActionItemDecisions.Decide(command, journey));

    public static (ActionItemReply, Events) Handle(ChangeActionItemStatus command, [WriteAggregate(nameof(ChangeActionItemStatus.KommuneId))] KommuneJourney journey) =>
        Reply(command.ActionItemId, journey, ActionItemDecisions.Decide(command, journey));

    public static (ActionItemReply, Events) Handle(NoteActionItem command, [WriteAggregate(nameof(NoteActionItem.KommuneId))] KommuneJourney journey) =>
        Reply(command.ActionItemId, journey, ActionItemDecisions.Decide(command, journey));

    private static (ActionItemReply, Events) Reply(Guid id, KommuneJourney journey, IReadOnlyList<object> events)
    {
        var after = events.Aggregate((KommuneJourney?)journey, KommuneJourney.Next)!.ActionItems[id];
        return (new ActionItemReply(id, after.Status, after.Version), new Events(events));
    }
}
