using Selbstcheck.Workflow.Aktionsplan;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshop;

/// <summary>The moderation confirms the prioritised fields (any number; ties are its call), with dot votes if any were cast.</summary>
public sealed record ConfirmPriorities(string KommuneId, Guid WorkshopId, IReadOnlyList<int>? Fields, IReadOnlyDictionary<int, int>? Votes) : IKommuneCommand;

/// <summary>A working group's three lists for a prioritised field; every top-level Handlungsbedarf becomes an action item.</summary>
public sealed record RecordWorkingGroup(
    string KommuneId,
    Guid WorkshopId,
    int Field,
    IReadOnlyList<ListItem>? WhatWorks,
    IReadOnlyList<ListItem>? WhatDoesNotWorkYet,
    IReadOnlyList<ListItem>? NeedsForAction,
    string? Owner) : IKommuneCommand;

public sealed record WorkingGroupReply(int Field, IReadOnlyList<Guid> ActionItems);

public static class PrioritiseDecisions
{
    public static IReadOnlyList<object> Decide(ConfirmPriorities c, KommuneJourney state, IReadOnlyCollection<int> fields)
    {
        var v = new Validation();
        var chosen = c.Fields ?? [];
        if (chosen.Count == 0) v.Add("fields", "Mindestens ein Handlungsfeld.");
        foreach (var f in chosen.Where(f => !fields.Contains(f))) v.Add("fields", $"Handlungsfeld {f} gibt es nicht.");
        if (chosen.Distinct().Count() != chosen.Count) v.Add("fields", "Handlungsfelder doppelt.");
        foreach (var (f, n) in c.Votes ?? new Dictionary<int, int>())
        {
            if (!fields.Contains(f)) v.Add("votes", $"Handlungsfeld {f} gibt es nicht.");
            if (n < 0) v.Add("votes", $"Negative Punktzahl für Handlungsfeld {f}.");
        }

        v.ThrowIfInvalid();
        WorkshopRules.Editable(state, c.WorkshopId);
        return [new PrioritiesConfirmed(state.Id, c.WorkshopId, chosen.Order().ToList(), c.Votes is { Count: > 0 } votes ? votes : null)];
    }

    public static IReadOnlyList<object> Decide(RecordWorkingGroup c, KommuneJourney state, IReadOnlyCollection<int> fields, Func<Guid> newId)
    {
        var v = new Validation();
        if (!fields.Contains(c.Field)) v.Add("field", $"Handlungsfeld {c.Field} gibt es nicht.");
        WorkshopRules.Items(v, "whatWorks", c.WhatWorks);
        WorkshopRules.Items(v, "whatDoesNotWorkYet", c.WhatDoesNotWorkYet);
        WorkshopRules.Items(v, "needsForAction", c.NeedsForAction);
        if (c.Owner is not null && !UnitName.IsValid(c.Owner)) v.Add("owner", $"Höchstens {UnitName.MaxLength} Zeichen.");
        v.ThrowIfInvalid();
        var workshop = WorkshopRules.Editable(state, c.WorkshopId);
        if (!workshop.Prioritised.Contains(c.Field))
        {
            throw new RuleViolation("handlungsfeld-nicht-priorisiert", "Handlungsfeld nicht priorisiert",
                $"Handlungsfeld {c.Field} wurde in diesem Workshop nicht priorisiert; Arbeitsgruppen gibt es nur für priorisierte Felder.")
            {
                Alternatives = workshop.Prioritised.Order().Select(f => $"Handlungsfeld {f}").ToList(),
            };
        }

        if (workshop.WorkingGroups.Contains(c.Field))
        {
            throw new RuleViolation("arbeitsgruppe-erfasst", "Arbeitsgruppe bereits erfasst",
                $"Die Ergebnisse der Arbeitsgruppe zu Handlungsfeld {c.Field} sind bereits erfasst; ihre Handlungsbedarfe stehen im Aktionsplan.");
        }

        var events = new List<object>();
        var owner = c.Owner?.Trim() ?? state.LeadOffice ?? throw new RuleViolation("federfuehrende-stelle-fehlt", "Keine federführende Stelle",
            "Die Handlungsbedarfe brauchen eine verantwortliche Stelle: die Kommune hat keine federführende Stelle benannt.")
        {
            Alternatives = ["\"owner\" angeben", "Federführende Stelle benennen (PUT /api/kommunen/{id}/lead-office)"],
        };
        var ownerUnit = state.ResolveUnit(owner, events);

        var needs = WorkshopRules.Clean(c.NeedsForAction);
        events.Add(new WorkingGroupRecorded(state.Id, c.WorkshopId, c.Field, WorkshopRules.Clean(c.WhatWorks), WorkshopRules.Clean(c.WhatDoesNotWorkYet), needs));
        events.AddRange(needs.Select(n => new ActionItemAdded(state.Id, newId(), c.Field, n.Text, n.Items ?? [], ownerUnit,
            OwnerAssumed: c.Owner is null, Due: null, WorkshopId: c.WorkshopId)));
        return events;
    }
}

public static class PrioritiseHandler
{
    public static (WorkshopReply, Events) Handle(ConfirmPriorities command, [WriteAggregate(nameof(ConfirmPriorities.KommuneId))] KommuneJourney journey) =>
        (new WorkshopReply(command.WorkshopId), new Events(PrioritiseDecisions.Decide(command, journey, Fields(journey))));

    public static (WorkingGroupReply, Events) Handle(RecordWorkingGroup command, [WriteAggregate(nameof(RecordWorkingGroup.KommuneId))] KommuneJourney journey)
    {
        var events = PrioritiseDecisions.Decide(command, journey, Fields(journey), Guid.CreateVersion7);
        return (new WorkingGroupReply(command.Field, events.OfType<ActionItemAdded>().Select(a => a.ActionItemId).ToList()), new Events(events));
    }

    /// <summary>The fields of the Kommune's latest round, else the seven of the programme.</summary>
    public static IReadOnlyCollection<int> Fields(KommuneJourney journey) =>
        journey.Rounds.IsEmpty ? [1, 2, 3, 4, 5, 6, 7] : journey.Rounds.Values.MaxBy(r => r.Number)!.FieldNumbers.Union([1, 2, 3, 4, 5, 6, 7]).ToList();
}
