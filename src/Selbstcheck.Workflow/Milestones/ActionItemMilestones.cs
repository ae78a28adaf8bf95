using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Reminders;

namespace Selbstcheck.Workflow.Milestones;

/// <summary>
/// #14 reminders for every agreed next step: an action item with a due date is followed by a
/// milestone of its owner unit, as programme milestones follow rounds and workshops
/// (<see cref="ProgrammeMilestones"/>) — so its reminders run through the one reminder mechanism
/// (policy, caps, abandonment, calendar). The action-plan decisions call these:
/// a due date plans the milestone; a new due date reschedules it; no due date cancels it; a new
/// owner cancels it and plans a new one for the new owner (a milestone's owner never changes);
/// "erledigt" completes it, "verworfen" cancels it, reopening plans a new one. A milestone is never
/// reopened: each plan gets a new id, derived from the item and the item version that planned it,
/// and the item remembers its latest (<see cref="ActionItemState.FollowUp"/>).
/// </summary>
public static class ActionItemMilestones
{
    public const int MaxTitle = 200;

    /// <summary>The id of the follow-up milestone planned by the item's change to <paramref name="itemVersion"/>.</summary>
    public static Guid For(string kommuneId, Guid actionItemId, long itemVersion) =>
        ProgrammeMilestones.Derived($"{kommuneId}/handlungsbedarf/{actionItemId}/{itemVersion}");

    /// <summary>The key of the item's latest follow-up milestone, or none.</summary>
    public static string? KeyOf(ActionItemState? item) =>
        item?.FollowUp is { } m ? MilestoneState.Key(item.KommuneId, m) : null;

    /// <summary>A new item: followed if it has a due date.</summary>
    public static IReadOnlyList<object> ForAdded(KommuneState kommune, ActionItemAdded added, CommandContext context) =>
        added.Due is { } due ? Plan(kommune, added.ActionItemId, 1, added.Text, added.Owner, added.Field, due, context) : [];

    /// <summary>Owner or due changed (<paramref name="item"/> before the change).</summary>
    public static IReadOnlyList<object> ForPlanned(KommuneState kommune, ActionItemState item, MilestoneState? followUp, ActionItemPlanned planned, CommandContext context)
    {
        var open = followUp is { IsOpen: true } ? followUp : null;
        if (!item.IsOpen) return [];
        if (planned.Due is not { } due) return open is null ? [] : [open.Cancel($"Fälligkeit des Handlungsbedarfs entfernt: {planned.Reason}")];
        if (open is not null && open.Owner == planned.Owner)
        {
            return open.DueDate == due ? [] : open.Reschedule(kommune, due, null, planned.Reason ?? "Fälligkeit geändert", context);
        }

        // None open: a new one only when owner or due changed (not when its milestone was closed by hand and nothing changed).
        if (open is null && planned.Due == item.Due && planned.Owner == item.Owner) return [];

        // A different owner (or none open yet): the new owner's own milestone, the old one cancelled.
        IReadOnlyList<object> cancelled = open is null ? [] : [open.Cancel($"Verantwortliche Stelle geändert: {planned.Reason}")];
        return [.. cancelled, .. Plan(kommune, item.ActionItemId, planned.Version, item.Text, planned.Owner, item.Field, due, context)];
    }

    /// <summary>Status changed (<paramref name="item"/> before the change).</summary>
    public static IReadOnlyList<object> ForStatus(KommuneState kommune, ActionItemState item, MilestoneState? followUp, ActionItemStatusChanged changed, CommandContext context) =>
        changed.To switch
        {
            ActionStatus.Erledigt => ProgrammeMilestones.Complete(followUp),
            ActionStatus.Verworfen => ProgrammeMilestones.Cancel(followUp, $"Handlungsbedarf verworfen: {changed.Reason}"),
            ActionStatus.Offen when item.Due is { } due && followUp is not { IsOpen: true } =>
                Plan(kommune, item.ActionItemId, changed.Version, item.Text, item.Owner, item.Field, due, context),
            _ => [],
        };

    private static IReadOnlyList<object> Plan(KommuneState kommune, Guid item, long version, string text, string owner, int field, string due, CommandContext context)
    {
        var planned = new MilestonePlanned(kommune.Id, For(kommune.Id, item, version), Title(text), MilestoneKinds.Sonstiges, owner, null, due, null,
            [field], [item], null, MilestoneSources.ActionItem);
        return [planned, .. ReminderPlanning.Plan(kommune, planned.MilestoneId, 1, due, null, context)];
    }

    /// <summary>The milestone's title: the item's text, shortened to one line.</summary>
    public static string Title(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries)).Trim();
        return line.Length <= MaxTitle ? line : line[..(MaxTitle - 1)].TrimEnd() + "…";
    }
}
