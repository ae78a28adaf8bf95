using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

/// <summary>A working group's three lists for a prioritised field; every top-level Handlungsbedarf becomes an action item.</summary>
public sealed record RecordWorkingGroup(
    string KommuneId,
    Guid WorkshopId,
    int? Field,
    IReadOnlyList<ListItem>? WhatWorks,
    IReadOnlyList<ListItem>? WhatDoesNotWorkYet,
    IReadOnlyList<ListItem>? NeedsForAction,
    string? Owner) : IKommuneCommand
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);
}

public sealed record WorkingGroupReply(int Field, IReadOnlyList<Guid> ActionItems);

public static class RecordWorkingGroupDecision
{
    public static IReadOnlyList<object> Decide(RecordWorkingGroup c, KommuneState kommune, WorkshopState? workshop, Func<Guid> newId, CommandContext context)
    {
        new Validation().Require(c.Field is not null, "field", "Pflichtfeld.").ThrowIfInvalid();
        var field = c.Field!.Value;
        var v = new Validation();
        if (!kommune.Fields.Contains(field)) v.Add("field", $"Handlungsfeld {field} gibt es nicht.");
        WorkshopInputs.Items(v, "whatWorks", c.WhatWorks);
        WorkshopInputs.Items(v, "whatDoesNotWorkYet", c.WhatDoesNotWorkYet);
        WorkshopInputs.Items(v, "needsForAction", c.NeedsForAction);
        if (c.Owner is not null && !UnitName.IsValid(c.Owner)) v.Add("owner", $"Höchstens {UnitName.MaxLength} Zeichen.");
        v.ThrowIfInvalid();
        var w = WorkshopState.Editable(workshop, kommune.Id, c.WorkshopId);
        if (!w.Prioritised.Contains(field))
        {
            throw new RuleViolation("handlungsfeld-nicht-priorisiert", "Handlungsfeld nicht priorisiert",
                $"Handlungsfeld {field} wurde in diesem Workshop nicht priorisiert; Arbeitsgruppen gibt es nur für priorisierte Felder.")
            {
                Alternatives = w.Prioritised.Order().Select(f => $"Handlungsfeld {f}").ToList(),
            };
        }

        if (w.WorkingGroups.Contains(field))
        {
            throw new RuleViolation("arbeitsgruppe-erfasst", "Arbeitsgruppe bereits erfasst",
                $"Die Ergebnisse der Arbeitsgruppe zu Handlungsfeld {field} sind bereits erfasst; ihre Handlungsbedarfe stehen im Aktionsplan.");
        }

        var events = new List<object>();
        var ownerUnit = WorkshopInputs.OwnerOfNeeds(kommune, c.Owner, events);
        var needs = WorkshopInputs.Clean(c.NeedsForAction);
        events.Add(new WorkingGroupRecorded(kommune.Id, c.WorkshopId, field, WorkshopInputs.Clean(c.WhatWorks), WorkshopInputs.Clean(c.WhatDoesNotWorkYet), needs));
        events.AddRange(WorkshopInputs.ActionItems(kommune.Id, c.WorkshopId, field, needs, ownerUnit, c.Owner is null, newId));
        context.Limits.Enforce(kommune, events);
        return events;
    }
}

public static class RecordWorkingGroupHandler
{
    public static (WorkingGroupReply, Events) Handle(
        RecordWorkingGroup command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordWorkingGroup.WorkshopKey))] WorkshopState? workshop, CommandContext context)
    {
        var events = RecordWorkingGroupDecision.Decide(command, kommune, workshop, Guid.CreateVersion7, context);
        var group = events.OfType<WorkingGroupRecorded>().Single();
        return (new WorkingGroupReply(group.Field, events.OfType<ActionItemAdded>().Select(a => a.ActionItemId).ToList()), new Events(events));
    }
}
