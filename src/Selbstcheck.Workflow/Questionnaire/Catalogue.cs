using System.Text.Json.Serialization;
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
    /// <summary>The programme's own catalogue (shipped with the service); a form's default when it offers catalogues.</summary>
    public const string Programme = "weltoffene-kommune-2020";

    public IEnumerable<CatalogueCriterion> Criteria => Fields.SelectMany(f => f.Criteria);

    public CatalogueField FieldOf(string criterion) => Fields.Single(f => f.Criteria.Any(c => c.Id == criterion));

    public ShortForm? FindShortForm(string name) =>
        ShortForms.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The catalogue as a round of <paramref name="shortForm"/> sees it: for a short form of questions, the fields
    /// that hold its questions, each question as one of the field's "criteria" (so the evaluator, the questionnaire
    /// and the tables work unchanged); otherwise the catalogue itself.
    /// </summary>
    public Catalogue ForRound(string? shortForm)
    {
        if (shortForm is null || FindShortForm(shortForm) is not { Questions: { Count: > 0 } questions }) return this;
        var fields = Fields.OrderBy(f => f.Number)
            .Select(f => f with { Criteria = questions.Where(q => FieldNumberOf(q) == f.Number).Select(q => new CatalogueCriterion(q.Id, q.Text)).ToList() })
            .Where(f => f.Criteria.Count > 0)
            .ToList();
        return this with { Fields = fields, ShortForms = [] };
    }

    /// <summary>What each question of a short form of questions measures; null for the full catalogue and a criteria-only short form.</summary>
    public IReadOnlyList<QuestionMeasure>? Measures(string? shortForm) =>
        shortForm is not null && FindShortForm(shortForm) is { Questions: { Count: > 0 } questions }
            ? questions.Select(q => new QuestionMeasure(q.Id, FieldNumberOf(q), q.Criterion)).ToList()
            : null;

    private int FieldNumberOf(ShortFormQuestion q) => q.Criterion is { } c ? FieldOf(c).Number : q.Field!.Value;
}

public sealed record CatalogueField(int Number, string Key, string Name, IReadOnlyList<CatalogueCriterion> Criteria);

public sealed record CatalogueCriterion(string Id, string Text, IReadOnlyList<string>? Questions = null);

/// <summary>
/// A named short form for a follow-up survey: either a subset of the criteria (asked as the catalogue words them), or
/// plainer questions of its own, each measuring one criterion or only a field (a field may be covered by fewer,
/// plainer questions).
/// </summary>
public sealed record ShortForm(
    string Name,
    string? Description,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Criteria,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ShortFormQuestion>? Questions = null)
{
    /// <summary>What a round of this form asks, by id: its questions, or its criteria.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Asked => Questions is { Count: > 0 } q ? q.Select(x => x.Id).ToList() : Criteria ?? [];
}

/// <summary>A question of a short form, in plain German: it measures a criterion, or (without one) only a field, by number.</summary>
public sealed record ShortFormQuestion(
    string Id,
    string Text,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Criterion = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Field = null);

/// <summary>What a question of a short round measures (recorded with the round's evaluation): its field, and its criterion if it names one.</summary>
public sealed record QuestionMeasure(
    [PersonalData(false)] string Question,
    int Field,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)][PersonalData(false)] string? Criterion);

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
            var questions = s.Questions ?? [];
            if (criteria.Count == 0 && questions.Count == 0) v.Add($"{at}.criteria", "Mindestens ein Kriterium oder eine Frage (questions).");
            if (criteria.Count > 0 && questions.Count > 0) v.Add($"{at}.questions", "Entweder Kriterien (criteria) oder Fragen (questions), nicht beides.");
            foreach (var unknown in criteria.Where(x => !criterionIds.Contains(x)))
            {
                v.Add($"{at}.criteria", $"Unbekanntes Kriterium \"{unknown}\".");
            }

            var questionIds = new HashSet<string>(StringComparer.Ordinal);
            for (var j = 0; j < questions.Count; j++)
            {
                var q = questions[j];
                var qat = $"{at}.questions[{j}]";
                if (q is null)
                {
                    v.Add(qat, "Pflichtfeld.");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(q.Id) || q.Id.Length > 40) v.Add($"{qat}.id", "Pflichtfeld: höchstens 40 Zeichen.");
                else if (!questionIds.Add(q.Id)) v.Add($"{qat}.id", $"Frage \"{q.Id}\" doppelt.");
                if (string.IsNullOrWhiteSpace(q.Text)) v.Add($"{qat}.text", "Pflichtfeld: die Frage in einfacher Sprache.");
                if (q.Criterion is not null && q.Field is not null) v.Add($"{qat}", "Entweder das Kriterium (criterion) oder nur das Handlungsfeld (field), nicht beides.");
                else if (q.Criterion is null && q.Field is null) v.Add($"{qat}", "Pflichtfeld: das Kriterium (criterion) oder das Handlungsfeld (field), das die Frage misst.");
                else if (q.Criterion is not null && !criterionIds.Contains(q.Criterion)) v.Add($"{qat}.criterion", $"Unbekanntes Kriterium \"{q.Criterion}\".");
                else if (q.Field is { } n && !numbers.Contains(n)) v.Add($"{qat}.field", $"Unbekanntes Handlungsfeld {n}.");
            }
        }

        v.ThrowIfInvalid();
        return c with { ShortForms = shortForms };
    }
}
