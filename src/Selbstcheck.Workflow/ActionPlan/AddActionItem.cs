using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Selbstcheck.Workflow.Workshops;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.ActionPlan;

/// <summary>Add a Handlungsbedarf outside a workshop. The id is minted by the caller.</summary>
public sealed record AddActionItem(string KommuneId, Guid ActionItemId, int? Field, string? Text, IReadOnlyList<string>? Details, string? Owner, string? Due) : IKommuneCommand;

/// <summary>The reply of the action-item commands: the item's status and version after the change.</summary>
public sealed record ActionItemReply(Guid ActionItemId, [PersonalData(false)] string Status, long Version)
{
    public static (ActionItemReply, Events) From(ActionItemState? before, IReadOnlyList<object> events)
    {
        var after = ActionItemState.After(before, events)!;
        return (new ActionItemReply(after.ActionItemId, after.Status, after.ItemVersion), new Events(events));
    }
}

public static class AddActionItemDecision
{
    /// <summary>The item; with a due date, also its follow-up milestone and reminders (<see cref="ActionItemMilestones"/>).</summary>
    public static IReadOnlyList<object> Decide(AddActionItem c, KommuneState kommune, CommandContext context)
    {
        UnitStaff.MayNot(context, "Handlungsbedarfe hinzuzufügen");
        var v = new Validation();
        if (c.Field is not { } f || !kommune.Fields.Contains(f)) v.Add("field", "Ein Handlungsfeld, z. B. 4.");
        v.Require(!string.IsNullOrWhiteSpace(c.Text) && c.Text.Length <= WorkshopInputs.MaxText, "text", "Pflichtfeld.");
        v.Require(UnitName.IsValid(c.Owner), "owner", "Pflichtfeld: die verantwortliche Stelle.");
        Common.Due.ValidateDate(v, "due", c.Due);
        v.ThrowIfInvalid();
        var events = new List<object>();
        var owner = kommune.ResolveUnit(c.Owner!, events);
        var added = new ActionItemAdded(kommune.Id, c.ActionItemId, c.Field!.Value, c.Text!.Trim(), (c.Details ?? []).Select(d => d.Trim()).ToList(), owner, false, c.Due, null);
        events.Add(added);
        // #14 reminders: a due date brings the item's follow-up milestone with its reminders.
        events.AddRange(ActionItemMilestones.ForAdded(kommune, added, context));
        context.Limits.Enforce(kommune, events);
        return events;
    }
}

public static class AddActionItemHandler
{
    public static (ActionItemReply, Events) Handle(AddActionItem command, [KommuneStream] KommuneState kommune, CommandContext context) =>
        ActionItemReply.From(null, AddActionItemDecision.Decide(command, kommune, context));
}
