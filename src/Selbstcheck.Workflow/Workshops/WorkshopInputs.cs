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
