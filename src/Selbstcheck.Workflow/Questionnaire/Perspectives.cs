using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>An evaluated round as the perspectives read it (from the maturity overview, live or replayed as of a moment).</summary>
public sealed record PerspectiveRound(int Round, string Kind, string ActorGroup, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt, Evaluation Evaluation);

/// <summary>The administration's view mirrored against every other actor group's (#14), and each group's trend.</summary>
public sealed record PerspectivesView(
    [PersonalData(false)] string Administration,
    int MinimumResponses,
    IReadOnlyList<PerspectiveComparison> Comparisons,
    IReadOnlyList<ActorGroupTrend> Trends);

/// <summary>
/// One follow-up round of another actor group beside the administration's baseline: per criterion where both sides
/// have it, else per field. Without enough responses the group's values are withheld (<see cref="Shown"/> false).
/// </summary>
public sealed record PerspectiveComparison(
    int Round,
    [PersonalData(false)] string ActorGroup,
    [PersonalData(false)] string Kind,
    DateTimeOffset? ClosedAt,
    int Responses,
    bool Shown,
    [PersonalData(false)] string? Note,
    int? BaselineRound,
    DateTimeOffset? BaselineClosedAt,
    IReadOnlyList<PerspectiveRow> Rows);

/// <summary>
/// A criterion (<see cref="Criterion"/> set) or a whole field: the administration's result, the group's (null when
/// withheld), the gap in levels (group minus administration) and whether they differ by a level or more.
/// </summary>
public sealed record PerspectiveRow(
    int Field,
    [PersonalData(false)] string FieldName,
    [PersonalData(false)] string? Criterion,
    [PersonalData(false)] string Text,
    PerspectiveValue Administration,
    PerspectiveValue? Group,
    int? Gap,
    bool Differs);

public sealed record PerspectiveValue(int? Level, [PersonalData(false)] string Label, decimal? Mean);

/// <summary>One actor group's rounds in order — never mixed with another group's.</summary>
public sealed record ActorGroupTrend([PersonalData(false)] string ActorGroup, IReadOnlyList<ActorGroupTrendPoint> Rounds);

public sealed record ActorGroupTrendPoint(
    int Round,
    [PersonalData(false)] string Kind,
    DateTimeOffset? ClosedAt,
    int? Responses,
    bool Shown,
    PerspectiveValue? Overall,
    IReadOnlyList<ActorGroupFieldPoint> Fields);

public sealed record ActorGroupFieldPoint(int Field, [PersonalData(false)] string Key, [PersonalData(false)] string Name, int? Level, [PersonalData(false)] string Label, decimal? Mean);

public static class Perspectives
{
    /// <summary>A group's result is shown only from this many responses (submitted respondents) on.</summary>
    public const int MinimumResponses = 5;

    public const string TooFewResponses = "zu wenige Antworten (n < 5)";

    public const string NoBaseline = "Keine ausgewertete vollständige Runde der Verwaltung vor dieser Runde.";

    /// <summary>
    /// The perspectives of the rounds given (only those closed before <paramref name="closedBefore"/>, when set): every
    /// evaluated round of another actor group against the baseline — the latest evaluated full round of the
    /// administration closed before that round was opened; and per actor group its own trend. Pure.
    /// </summary>
    public static PerspectivesView Of(IEnumerable<PerspectiveRound> rounds, Func<Evaluation, ScoringScheme> schemeOf, DateTimeOffset? closedBefore = null)
    {
        var evaluated = rounds.Where(r => r.ClosedAt is { } c && (closedBefore is null || c < closedBefore)).OrderBy(r => r.ClosedAt).ThenBy(r => r.Round).ToList();
        var comparisons = evaluated.Where(r => !IsAdministration(r)).Select(r => Compare(r, Baseline(evaluated, r), schemeOf)).ToList();
        var trends = evaluated.GroupBy(r => r.ActorGroup, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => IsAdministration(g.First()) ? 0 : 1).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ActorGroupTrend(g.First().ActorGroup, g.OrderBy(r => r.Round).Select(Point).ToList()))
            .ToList();
        return new PerspectivesView(ActorGroups.Verwaltung, MinimumResponses, comparisons, trends);
    }

    public static bool IsAdministration(PerspectiveRound r) => string.Equals(r.ActorGroup, ActorGroups.Verwaltung, StringComparison.OrdinalIgnoreCase);

    /// <summary>Enough responses to show a group's result: only other groups are held to it (the administration's view is the baseline).</summary>
    public static bool Enough(int? responses) => responses >= MinimumResponses;

    /// <summary>The latest evaluated full round of the administration closed before <paramref name="followUp"/> was opened.</summary>
    public static PerspectiveRound? Baseline(IEnumerable<PerspectiveRound> rounds, PerspectiveRound followUp) =>
        rounds.Where(r => IsAdministration(r) && r.Kind == RoundKinds.Full && r.ClosedAt is { } c && c < followUp.OpenedAt)
            .OrderBy(r => r.ClosedAt).ThenBy(r => r.Round).LastOrDefault();

    public static PerspectiveComparison Compare(PerspectiveRound group, PerspectiveRound? baseline, Func<Evaluation, ScoringScheme> schemeOf)
    {
        var responses = group.Evaluation.Responses ?? 0;
        var shown = Enough(responses);
        var note = baseline is null ? NoBaseline : shown ? null : TooFewResponses;
        if (baseline is null) return new PerspectiveComparison(group.Round, group.ActorGroup, group.Kind, group.ClosedAt, responses, shown, note, null, null, []);

        var adminScheme = schemeOf(baseline.Evaluation);
        var groupScheme = schemeOf(group.Evaluation);
        var adminCriteria = baseline.Evaluation.Fields.SelectMany(f => f.Criteria.Select(c => (Field: f, Result: c))).ToDictionary(x => x.Result.Criterion, StringComparer.Ordinal);
        var rows = new List<PerspectiveRow>();
        foreach (var field in group.Evaluation.Fields.OrderBy(f => f.Field))
        {
            var adminField = baseline.Evaluation.Fields.FirstOrDefault(f => f.Field == field.Field);
            if (adminField is null) continue;

            // What each of the group's items measures: a question its criterion (or only the field), a criterion itself.
            var measured = field.Criteria.Select(c => (Result: c, Criterion: MeasuredCriterion(group.Evaluation, c.Criterion))).ToList();
            var byCriterion = measured.Where(m => m.Criterion is not null && adminCriteria.ContainsKey(m.Criterion))
                .GroupBy(m => m.Criterion!, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var g in byCriterion)
            {
                var admin = adminCriteria[g.Key];
                var adminValue = Value(Score(admin.Result), adminScheme);
                var groupValue = Value(Rational.Mean(g.Select(m => Score(m.Result)).OfType<Rational>().ToList()), groupScheme);
                rows.Add(Row(field.Field, adminField.Name, g.Key, admin.Result.Text, adminValue, groupValue, shown));
            }

            // A field some question measures only as a whole (or by a criterion the baseline lacks): compared by field.
            if (measured.Any(m => m.Criterion is null || !adminCriteria.ContainsKey(m.Criterion)))
            {
                rows.Add(Row(field.Field, adminField.Name, null, $"Handlungsfeld {field.Field}: {adminField.Name}",
                    new PerspectiveValue(adminField.Level, adminField.Label, adminField.Mean), new PerspectiveValue(field.Level, field.Label, field.Mean), shown));
            }
        }

        return new PerspectiveComparison(group.Round, group.ActorGroup, group.Kind, group.ClosedAt, responses, shown, note, baseline.Round, baseline.ClosedAt, rows);
    }

    private static PerspectiveRow Row(int field, string fieldName, string? criterion, string text, PerspectiveValue admin, PerspectiveValue group, bool shown)
    {
        if (!shown) return new PerspectiveRow(field, fieldName, criterion, text, admin, null, null, false);
        int? gap = group.Level is { } g && admin.Level is { } a ? g - a : null;
        return new PerspectiveRow(field, fieldName, criterion, text, admin, group, gap, gap is { } d && Math.Abs(d) >= 1);
    }

    /// <summary>The catalogue criterion an evaluated item measures: a question's (null: only its field), else the item itself.</summary>
    public static string? MeasuredCriterion(Evaluation e, string item) =>
        e.Questions is { } questions ? questions.FirstOrDefault(q => q.Question == item)?.Criterion : item;

    private static Rational? Score(CriterionResult c) => c.ScoreExact is { } s ? Rational.Parse(s) : null;

    private static PerspectiveValue Value(Rational? score, ScoringScheme scheme)
    {
        var level = score is { } s ? scheme.LevelOf(s) : null;
        return new PerspectiveValue(level?.Level, level?.Label ?? Evaluator.NotRateable, score?.Round());
    }

    private static ActorGroupTrendPoint Point(PerspectiveRound r)
    {
        var shown = IsAdministration(r) || Enough(r.Evaluation.Responses);
        var e = r.Evaluation;
        return new ActorGroupTrendPoint(r.Round, r.Kind, r.ClosedAt, e.Responses, shown,
            shown ? new PerspectiveValue(e.Overall.Level, e.Overall.Label, e.Overall.Mean) : null,
            shown ? e.Fields.Select(f => new ActorGroupFieldPoint(f.Field, f.Key, f.Name, f.Level, f.Label, f.Mean)).ToList() : []);
    }
}
