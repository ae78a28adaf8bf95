using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;

namespace Selbstcheck.Workflow.Workshop;

public static class WorkshopRules
{
    public const int MaxText = 4000;

    public static WorkshopState Workshop(KommuneJourney state, Guid id) =>
        state.Workshops.GetValueOrDefault(id)
        ?? throw new NotFound("workshop-unbekannt", "Workshop nicht gefunden", $"Die Kommune \"{state.Id}\" hat keinen Workshop {id}.");

    /// <summary>A cancelled workshop is closed for edits.</summary>
    public static WorkshopState Editable(KommuneJourney state, Guid id)
    {
        var w = Workshop(state, id);
        if (w.Cancelled)
        {
            throw new RuleViolation("workshop-abgesagt", "Workshop abgesagt", "Der Workshop wurde abgesagt; er kann nicht mehr bearbeitet werden.")
            {
                Alternatives = ["Einen neuen Workshop planen (POST /api/kommunen/{id}/workshops)."],
            };
        }

        return w;
    }

    /// <summary>"2020-07-01T13:00" in Europe/Berlin; a time in the spring gap is refused.</summary>
    public static void StartsAt(Validation v, string field, string? value)
    {
        if (value is null) v.Add(field, "Pflichtfeld: Datum und Uhrzeit, z. B. \"2020-07-01T13:00\" (Europe/Berlin).");
        else if (!BerlinTime.TryParseLocal(value, out _)) v.Add(field, "Datum und Uhrzeit wie \"2020-07-01T13:00\"; die Zeit muss es in Europe/Berlin geben (keine Zeitumstellungslücke).");
    }

    public static void Date(Validation v, string field, string? value)
    {
        if (value is not null && !DateOnly.TryParseExact(value, "yyyy-MM-dd", out _)) v.Add(field, "Ein Datum wie \"2020-10-08\".");
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
}
