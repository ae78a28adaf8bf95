using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Workflow.Workshops;

/// <summary>The checks and clean-ups of what the workshop decisions are given (lists from the posters, dates, times).</summary>
public static class WorkshopInputs
{
    public const int MaxText = 4000;

    /// <summary>"2020-07-01T13:00" in Europe/Berlin; a time in the spring gap is refused.</summary>
    public static void StartsAt(Validation v, string field, string? value)
    {
        if (value is null) v.Add(field, "Pflichtfeld: Datum und Uhrzeit, z. B. \"2020-07-01T13:00\" (Europe/Berlin).");
        else if (!BerlinTime.TryParseLocal(value, out _)) v.Add(field, "Datum und Uhrzeit wie \"2020-07-01T13:00\"; die Zeit muss es in Europe/Berlin geben (keine Zeitumstellungslücke).");
    }

    public static void Items(Validation v, string field, IReadOnlyList<ListItem>? items, bool required = false)
    {
        if (items is null)
        {
            if (required) v.Add(field, "Pflichtfeld.");
            return;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null || string.IsNullOrWhiteSpace(items[i].Text) || items[i].Text.Length > MaxText) v.Add($"{field}[{i}].text", $"Pflichtfeld, höchstens {MaxText} Zeichen.");
            else if (items[i].Items?.Any(s => string.IsNullOrWhiteSpace(s) || s.Length > MaxText) == true) v.Add($"{field}[{i}].items", "Leere oder zu lange Unterpunkte.");
        }
    }

    public static IReadOnlyList<ListItem> Clean(IReadOnlyList<ListItem>? items) =>
        (items ?? []).Select(i => new ListItem(i.Text.Trim(), i.Items is { Count: > 0 } sub ? sub.Select(s => s.Trim()).ToList() : null)).ToList();

    /// <summary>
    /// The unit that owns a working group's Handlungsbedarfe: the one given, else the lead office (created as a unit
    /// when new, its UnitAdded appended to EVENTS); refused when neither exists.
    /// </summary>
    public static string OwnerOfNeeds(KommuneState kommune, string? owner, List<object> events)
    {
        var name = owner?.Trim() ?? kommune.LeadOffice ?? throw new RuleViolation("federfuehrende-stelle-fehlt", "Keine federführende Stelle",
            "Die Handlungsbedarfe brauchen eine verantwortliche Stelle: die Kommune hat keine federführende Stelle benannt.")
        {
            Alternatives = ["\"owner\" angeben", "Federführende Stelle benennen (PUT /api/kommunen/{id}/lead-office)"],
        };
        return kommune.ResolveUnit(name, events);
    }

    /// <summary>An action item for each top-level Handlungsbedarf of a working group (owner assumed when none was given).</summary>
    public static IEnumerable<ActionItemAdded> ActionItems(
        string kommune, Guid workshop, int field, IEnumerable<ListItem> needs, string ownerUnit, bool ownerAssumed, Func<Guid> newId) =>
        needs.Select(n => new ActionItemAdded(kommune, newId(), field, n.Text, n.Items ?? [], ownerUnit,
            OwnerAssumed: ownerAssumed, Due: null, WorkshopId: workshop)).ToList();

    public static RuleViolation AlreadyHeld() =>
        new("workshop-stattgefunden", "Workshop hat stattgefunden", "Der Workshop hat bereits stattgefunden; Termin und Absage sind nicht mehr änderbar.");
}

/// <summary>The reply of the workshop commands; a list's replacement answers with the list's new version.</summary>
public sealed record WorkshopReply(Guid WorkshopId, long? Version = null)
{
    /// <summary>The reply to a replaced list (the decision succeeded, so the workshop exists), and the events.</summary>
    public static (WorkshopReply, Wolverine.Marten.Events) ForList(Guid workshopId, WorkshopState? before, string list, IReadOnlyList<object> events) =>
        (new WorkshopReply(workshopId, before!.ListVersion(list) + 1), new Wolverine.Marten.Events(events));
}
