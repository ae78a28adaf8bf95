using System.Text.Json.Serialization;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>
/// The result of evaluating a round: per field and overall, with the reasons. Stored whole in the
/// RoundEvaluated event (exact means as fractions, display means rounded to two decimals), named
/// by catalogue and scheme version, so a replay years later shows exactly what was shown then.
/// </summary>
public sealed record Evaluation(
    [PersonalData(false)] string CatalogueId,
    [PersonalData(false)] string CatalogueVersion,
    [PersonalData(false)] string SchemeId,
    [PersonalData(false)] string SchemeVersion,
    LevelResult Overall,
    IReadOnlyList<FieldResult> Fields,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Responses = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<QuestionMeasure>? Questions = null)
{
    // Responses: the respondents whose submitted answers were evaluated (#14; absent in evaluations recorded before).
    // Questions: for a short form of questions, what each question measures (its "criteria" here are the questions).
}

public sealed record LevelResult(int? Level, [PersonalData(false)] string Label, [PersonalData(false)] string? MeanExact, decimal? Mean);

public sealed record FieldResult(
    int Field,
    [PersonalData(false)] string Key,
    [PersonalData(false)] string Name,
    int? Level,
    [PersonalData(false)] string Label,
    [PersonalData(false)] string? MeanExact,
    decimal? Mean,
    int Answered,
    int Total,
    [PersonalData(false)] IReadOnlyList<string> PullsDown,
    IReadOnlyList<CriterionResult> Criteria);

public sealed record CriterionResult(
    [PersonalData(false)] string Criterion,
    [PersonalData(false)] string Text,
    [PersonalData(false)] string? ScoreExact,
    decimal? Score,
    IReadOnlyDictionary<string, int> Counts,
    [PersonalData(false)] string? Min,
    [PersonalData(false)] string? Max,
    bool Disagreement,
    [PersonalData(false)] string? Consensus);

/// <summary>A submitted answer, as the evaluation sees it.</summary>
public sealed record SubmittedAnswer(Guid Respondent, string Criterion, string Answer);

public static class Evaluator
{
    public const string NotRateable = "nicht bewertbar";

    /// <summary>
    /// Scores: a criterion's is its consensus answer's, else the mean of its submitted answers
    /// ("keine Angabe" and unanswered left out); a field's mean is the mean of its answered
    /// criteria; the overall mean the mean of the field means that exist. All exact.
    /// </summary>
    /// <summary>
    /// The criteria that pull their field down (#14): those without which the field's level would be
    /// higher than with them. A criterion scoring below the next level's bound does not by itself lower
    /// the level; only one whose removal lifts the mean over a bound does. Criteria without a score
    /// (skipped) pull nothing down; a field of one criterion has no level without it, so nothing either.
    /// </summary>
    public static IReadOnlyList<string> PullsDown(ScoringScheme scheme, IReadOnlyList<(string Criterion, Rational Score)> scores)
    {
        if (Rational.Mean(scores.Select(s => s.Score).ToList()) is not { } mean) return [];
        var level = scheme.LevelOf(mean).Level;
        var result = new List<string>();
        foreach (var (criterion, _) in scores)
        {
            var without = Rational.Mean(scores.Where(s => s.Criterion != criterion).Select(s => s.Score).ToList());
            if (without is { } w && scheme.LevelOf(w).Level > level) result.Add(criterion);
        }

        return result;
    }

    public static Evaluation Evaluate(
        Catalogue catalogue,
        IReadOnlyCollection<string> criteriaInScope,
        ScoringScheme scheme,
        IReadOnlyCollection<SubmittedAnswer> submitted,
        IReadOnlyDictionary<string, string> consensus,
        IReadOnlyList<QuestionMeasure>? questions = null)
    {
        var scope = criteriaInScope.ToHashSet(StringComparer.Ordinal);
        var fields = new List<FieldResult>();
        var fieldMeans = new List<Rational>();
        foreach (var field in catalogue.Fields.OrderBy(f => f.Number))
        {
            var criteria = field.Criteria.Where(c => scope.Contains(c.Id)).ToList();
            if (criteria.Count == 0) continue;

            var results = new List<CriterionResult>();
            var scores = new List<(string Criterion, Rational Score)>();
            foreach (var criterion in criteria)
            {
                var answers = submitted.Where(a => a.Criterion == criterion.Id).Select(a => a.Answer).ToList();
                var counts = Answers.All.ToDictionary(a => a, a => answers.Count(x => x == a));
                var positioned = answers.Where(a => a != Answers.KeineAngabe).ToList();
                var agreed = consensus.GetValueOrDefault(criterion.Id);
                Rational? score = agreed is not null
                    ? agreed == Answers.KeineAngabe ? null : Rational.Of(scheme.Points[agreed])
                    : Rational.Mean(positioned.Select(a => Rational.Of(scheme.Points[a])).ToList());
                if (score is { } s) scores.Add((criterion.Id, s));
                var disagreement = positioned.SelectMany(a => positioned.Select(b => Answers.Distance(a, b) ?? 0)).DefaultIfEmpty(0).Max() >= 2;
                results.Add(new CriterionResult(
                    criterion.Id,
                    criterion.Text,
                    score?.ToString(),
                    score?.Round(),
                    counts,
                    positioned.Count == 0 ? null : positioned.MaxBy(Answers.IndexOf),
                    positioned.Count == 0 ? null : positioned.MinBy(Answers.IndexOf),
                    disagreement,
                    agreed));
            }

            var mean = Rational.Mean(scores.Select(s => s.Score).ToList());
            if (mean is { } m) fieldMeans.Add(m);
            var level = mean is { } lm ? scheme.LevelOf(lm) : null;
            var pullsDown = PullsDown(scheme, scores);
            fields.Add(new FieldResult(
                field.Number, field.Key, field.Name, level?.Level, level?.Label ?? NotRateable,
                mean?.ToString(), mean?.Round(), scores.Count, criteria.Count, pullsDown, results));
        }

        var overallMean = Rational.Mean(fieldMeans);
        var overallLevel = overallMean is { } om ? scheme.LevelOf(om) : null;
        return new Evaluation(
            catalogue.Id,
            catalogue.Version,
            scheme.Id,
            scheme.Version,
            new LevelResult(overallLevel?.Level, overallLevel?.Label ?? NotRateable, overallMean?.ToString(), overallMean?.Round()),
            fields,
            submitted.Select(a => a.Respondent).Distinct().Count(),
            questions);
    }
}
