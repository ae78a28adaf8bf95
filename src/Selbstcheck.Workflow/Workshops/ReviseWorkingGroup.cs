using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

/// <summary>
/// #15 H2: a recorded working group's three lists, revised as a whole with the group's version (the posters
/// are typed in during the workshop and corrected afterwards). What revising means for the action plan:
/// a Handlungsbedarf new to the group (by its trimmed text) becomes an action item, as when recording;
/// one that already has its action item changes nothing there (its text, sub-items, owner and status are
/// kept in the action plan, where they are edited); one taken out of the list is not deleted — its action
/// item stays and the event names it (<see cref="WorkingGroupRevised.LeftInActionPlan"/>); a Handlungsbedarf
/// whose text was changed counts as a new one (the old one's action item stays).
/// </summary>
public sealed record ReviseWorkingGroup(
    string KommuneId,
    Guid WorkshopId,
    int Field,
    IReadOnlyList<ListItem>? WhatWorks,
    IReadOnlyList<ListItem>? WhatDoesNotWorkYet,
    IReadOnlyList<ListItem>? NeedsForAction,
    string? Owner,
    long? ExpectedVersion = null) : IKommuneCommand
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);
}

/// <summary>The group's new version, the action items added for new Handlungsbedarfe, and those left in the action plan.</summary>
public sealed record WorkingGroupRevisionReply(int Field, long Version, IReadOnlyList<Guid> ActionItems, [PersonalData(false)] IReadOnlyList<string> LeftInActionPlan);

public static class ReviseWorkingGroupDecision
{
    public static IReadOnlyList<object> Decide(ReviseWorkingGroup c, KommuneState kommune, WorkshopState? workshop, Func<Guid> newId, CommandContext context)
    {
        var v = new Validation();
        WorkshopInputs.Items(v, "whatWorks", c.WhatWorks);
        WorkshopInputs.Items(v, "whatDoesNotWorkYet", c.WhatDoesNotWorkYet);
        WorkshopInputs.Items(v, "needsForAction", c.NeedsForAction);
        if (c.Owner is not null && !UnitName.IsValid(c.Owner)) v.Add("owner", $"Höchstens {UnitName.MaxLength} Zeichen.");
        v.ThrowIfInvalid();
        var w = WorkshopState.Editable(workshop, kommune.Id, c.WorkshopId);
        if (!w.WorkingGroups.Contains(c.Field))
        {
            throw new NotFound("arbeitsgruppe-unbekannt", "Arbeitsgruppe nicht gefunden",
                $"Im Workshop {c.WorkshopId} ist keine Arbeitsgruppe zu Handlungsfeld {c.Field} erfasst; erst erfassen (POST …/workshops/{{w}}/working-groups).");
        }

        WorkshopState.EditableList(workshop, kommune.Id, c.WorkshopId, WorkshopLists.WorkingGroup(c.Field), c.ExpectedVersion);

        var needs = WorkshopInputs.Clean(c.NeedsForAction);
        var listed = needs.Select(n => n.Text).ToHashSet(StringComparer.Ordinal);
        var added = needs.Where(n => !w.HasActionItem(c.Field, n.Text)).DistinctBy(n => n.Text, StringComparer.Ordinal).ToList();
        var left = (w.NeedsWithActionItem.GetValueOrDefault(c.Field) ?? []).Where(t => !listed.Contains(t)).ToList();
        var events = new List<object>
        {
            new WorkingGroupRevised(kommune.Id, c.WorkshopId, c.Field, WorkshopInputs.Clean(c.WhatWorks), WorkshopInputs.Clean(c.WhatDoesNotWorkYet), needs, left),
        };
        if (added.Count > 0)
        {
            var ownerUnit = WorkshopInputs.OwnerOfNeeds(kommune, c.Owner, events);
            events.AddRange(WorkshopInputs.ActionItems(kommune.Id, c.WorkshopId, c.Field, added, ownerUnit, c.Owner is null, newId));
        }

        context.Limits.Enforce(kommune, events);
        return events;
    }
}

public static class ReviseWorkingGroupHandler
{
    public static (WorkingGroupRevisionReply, Events) Handle(
        ReviseWorkingGroup command, [KommuneStream] KommuneState kommune, [Item(nameof(ReviseWorkingGroup.WorkshopKey))] WorkshopState? workshop, CommandContext context)
    {
        var events = ReviseWorkingGroupDecision.Decide(command, kommune, workshop, Guid.CreateVersion7, context);
        var revised = events.OfType<WorkingGroupRevised>().Single();
        return (new WorkingGroupRevisionReply(command.Field, workshop!.ListVersion(WorkshopLists.WorkingGroup(command.Field)) + 1,
            events.OfType<ActionItemAdded>().Select(a => a.ActionItemId).ToList(), revised.LeftInActionPlan), new Events(events));
    }
}
