using System.Text.RegularExpressions;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>
/// One immutable version of a questionnaire catalogue: fields (Handlungsfelder) with a stable key
/// beside their display number, numbered criteria, optional questions, named short forms.
/// The catalogue is data (files shipped in the repository, imports by the programme team), never code.
/// </summary>
public sealed record Catalogue(
    string Id,
    string Version,
    string Title,
    IReadOnlyList<CatalogueField> Fields,
    IReadOnlyList<ShortForm> ShortForms)
{
    public IEnumerable<CatalogueCriterion> Criteria => Fields.SelectMany(f => f.Criteria);

    public CatalogueField FieldOf(string criterion) => Fields.Single(f => f.Criteria.Any(c => c.Id == criterion));

    public ShortForm? FindShortForm(string name) =>
        ShortForms.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}

public sealed record CatalogueField(int Number, string Key, string Name, IReadOnlyList<CatalogueCriterion> Criteria);

public sealed record CatalogueCriterion(string Id, string Text, IReadOnlyList<string>? Questions = null);

/// <summary>A named subset of criteria, for a short follow-up survey.</summary>
public sealed record ShortForm(string Name, string? Description, IReadOnlyList<string> Criteria);

public static partial class CatalogueValidation
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
    private static partial Regex VersionPattern();

    /// <summary>Every problem of a catalogue at once (400 lists them all).</summary>
    public static Catalogue Validate(Catalogue? c)
    {
        var v = new Validation();
        if (c is null)
        {
            v.Add("$", "Pflichtfeld.").ThrowIfInvalid();
            return null!;
        }

        if (c.Id is null || !Slug().IsMatch(c.Id)) v.Add("id", "Pflichtfeld: Kleinbuchstaben, Ziffern, Bindestriche.");
        if (c.Version is null || !VersionPattern().IsMatch(c.Version)) v.Add("version", "Pflichtfeld: höchstens 40 Zeichen, Buchstaben, Ziffern, . _ -.");
        if (string.IsNullOrWhiteSpace(c.Title)) v.Add("title", "Pflichtfeld.");
        var fields = c.Fields ?? [];
        if (fields.Count == 0) v.Add("fields", "Mindestens ein Handlungsfeld.");
        var criterionIds = new HashSet<string>(StringComparer.Ordinal);
        var numbers = new HashSet<int>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var f = fields[i];
            var at = $"fields[{i}]";
            if (f is null)
            {
                v.Add(at, "Pflichtfeld.");
                continue;
            }

            if (f.Number < 1) v.Add($"{at}.number", "Eine Zahl ab 1.");
            else if (!numbers.Add(f.Number)) v.Add($"{at}.number", $"Nummer {f.Number} doppelt.");
            if (f.Key is null || !Slug().IsMatch(f.Key)) v.Add($"{at}.key", "Pflichtfeld: Kleinbuchstaben, Ziffern, Bindestriche.");
            else if (!keys.Add(f.Key)) v.Add($"{at}.key", $"Schlüssel \"{f.Key}\" doppelt.");
            if (string.IsNullOrWhiteSpace(f.Name)) v.Add($"{at}.name", "Pflichtfeld.");
            var criteria = f.Criteria ?? [];
            if (criteria.Count == 0) v.Add($"{at}.criteria", "Mindestens ein Kriterium.");
            for (var j = 0; j < criteria.Count; j++)
            {
                var cr = criteria[j];
                var cat = $"{at}.criteria[{j}]";
                if (cr is null)
                {
                    v.Add(cat, "Pflichtfeld.");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(cr.Id)) v.Add($"{cat}.id", "Pflichtfeld.");
                else if (!criterionIds.Add(cr.Id)) v.Add($"{cat}.id", $"Kriterium \"{cr.Id}\" doppelt.");
                if (string.IsNullOrWhiteSpace(cr.Text)) v.Add($"{cat}.text", "Pflichtfeld.");
            }
        }

        var shortForms = c.ShortForms ?? [];
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < shortForms.Count; i++)
        {
            var s = shortForms[i];
            var at = $"shortForms[{i}]";
            if (s is null || string.IsNullOrWhiteSpace(s.Name))
            {
                v.Add($"{at}.name", "Pflichtfeld.");
                continue;
            }

            if (!names.Add(s.Name)) v.Add($"{at}.name", $"Kurzform \"{s.Name}\" doppelt.");
            var criteria = s.Criteria ?? [];
            if (criteria.Count == 0) v.Add($"{at}.criteria", "Mindestens ein Kriterium.");
            foreach (var unknown in criteria.Where(x => !criterionIds.Contains(x)))
            {
                v.Add($"{at}.criteria", $"Unbekanntes Kriterium \"{unknown}\".");
            }
        }

        v.ThrowIfInvalid();
        return c with { ShortForms = shortForms };
    }
}
