using System.Globalization;
using System.Text;
using Selbstcheck.Projections.MaturityOverview;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Host.Reports;

/// <summary>Per field a table of its criteria, like the figures of the workshop documentation, with the spread and the commentary.</summary>
public static class CriterionTables
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static string Fragment(RoundMaturity round)
    {
        var e = round.Evaluation!;
        var html = new StringBuilder();
        foreach (var f in e.Fields)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"handlungsfeld\" data-field=\"{f.Field}\">\n");
            html.Append($"  <h3>Handlungsfeld {f.Field} – {H(f.Name)}</h3>\n");
            html.Append($"  <p class=\"stufe\">{H(f.Label)}{(f.Mean is { } m ? $" (Ø {m.ToString("0.00", German)}, {f.Answered} von {f.Total} Kriterien beantwortet)" : "")}</p>\n");
            html.Append("  <table>\n    <thead><tr><th scope=\"col\">Kriterium</th><th scope=\"col\">Ist das Kriterium erfüllt?</th><th scope=\"col\">ja</th><th scope=\"col\">eher ja</th><th scope=\"col\">eher nein</th><th scope=\"col\">nein</th><th scope=\"col\">keine Angabe</th><th scope=\"col\">Hinweis</th></tr></thead>\n    <tbody>\n");
            foreach (var c in f.Criteria)
            {
                var notes = new List<string>();
                if (c.Consensus is not null) notes.Add("Konsens der Steuerungsgruppe");
                if (c.Disagreement) notes.Add("unterschiedliche Perspektiven");
                notes.AddRange(NotesOf(round, f).GetValueOrDefault(c.Criterion) ?? []);
                html.Append($"      <tr><th scope=\"row\">{H(c.Criterion)} {H(c.Text)}</th><td>{H(Fulfilled(c))}</td>");
                foreach (var a in Answers.All) html.Append(CultureInfo.InvariantCulture, $"<td>{c.Counts.GetValueOrDefault(a)}</td>");
                html.Append($"<td>{H(string.Join("; ", notes))}</td></tr>\n");
            }

            html.Append("    </tbody>\n  </table>\n");
            if (f.PullsDown.Count > 0) html.Append($"  <p class=\"erklaerung\">{H(Provenance.PullsDownExplained)}</p>\n");
            if (round.Commentary.TryGetValue(f.Field, out var commentary))
            {
                html.Append($"  <div class=\"kommentar\">{Paragraphs(commentary)}</div>\n");
            }

            html.Append("</section>\n");
        }

        if (round.Commentary.TryGetValue(0, out var overall))
        {
            html.Append($"<section class=\"gesamt\">\n  <h3>Gesamteinschätzung: {H(e.Overall.Label)}</h3>\n  <div class=\"kommentar\">{Paragraphs(overall)}</div>\n</section>\n");
        }

        return html.ToString();
    }

    /// <summary>The page; <paramref name="note"/> (#14: a round with anonymous responses of the open survey) is shown below the heading.</summary>
    public static string Page(string kommuneName, RoundMaturity round, IReadOnlyList<PerspectiveComparison>? perspectives = null, string? note = null) => $$"""
        <!DOCTYPE html>
        <html lang="de">
        <head>
          <meta charset="utf-8">
          <title>Standortbestimmung {{H(kommuneName)}} – Runde {{round.Round}}</title>
          <style>body{font-family:Arial,Helvetica,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}thead th{background:#eee}</style>
        </head>
        <body>
        <h1>Standortbestimmung {{H(kommuneName)}}</h1>
        <p>Runde {{round.Round}} ({{H(round.ActorGroup)}}), Katalog {{H(round.Evaluation!.CatalogueId)}} {{H(round.Evaluation.CatalogueVersion)}}, Bewertungsschema {{H(round.Evaluation.SchemeId)}} {{H(round.Evaluation.SchemeVersion)}}.</p>
        {{(note is null ? "" : $"<p class=\"offene-befragung\">{H(note)}</p>\n")}}{{(perspectives?.Any(c => c.Round == round.Round && !c.Shown) == true ? $"<p>{Perspectives.TooFewResponses}: die Ergebnisse dieser Akteursgruppe werden erst ab {Perspectives.MinimumResponses} Antworten gezeigt.</p>" : Fragment(round))}}{{(perspectives is { Count: > 0 } ? "<h2>Perspektiven weiterer Akteursgruppen</h2>\n" + PerspectivesFragment(perspectives) : "")}}
        </body>
        </html>
        """;

    public const string PullsDown = "zieht das Handlungsfeld nach unten";

    /// <summary>
    /// #14: per criterion of the field what the tables note besides consensus and disagreement — "rekonstruiert"
    /// where its answers were reconstructed, and whether it pulls the field down (as the evaluation recorded it).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> NotesOf(RoundMaturity round, FieldResult f) =>
        f.Criteria.Select(c => (c.Criterion, Notes: (IReadOnlyList<string>)new[]
            {
                round.IsReconstructed(c.Criterion) ? Provenance.Reconstructed : null,
                f.PullsDown.Contains(c.Criterion) ? PullsDown : null,
            }.OfType<string>().ToList()))
            .Where(x => x.Notes.Count > 0)
            .ToDictionary(x => x.Criterion, x => x.Notes);

    /// <summary>The agreed or the one given answer; where respondents differ, the mean and the range.</summary>
    private static string Fulfilled(CriterionResult c)
    {
        if (c.Consensus is not null) return c.Consensus;
        var given = Answers.Scale.Where(a => c.Counts.GetValueOrDefault(a) > 0).ToList();
        return given.Count switch
        {
            0 => "keine Angabe",
            1 => given[0],
            _ => $"Ø {c.Score!.Value.ToString("0.00", German)} ({string.Join(" bis ", c.Max, c.Min)})",
        };
    }

    // ---- #14 perspectives: the administration's view beside other actor groups' ----

    /// <summary>
    /// Per follow-up round of another actor group, a table: per criterion (or field) the administration's result, the
    /// group's, the gap in levels and whether they differ by a level or more; a group below the minimum of responses
    /// shows no values. <paramref name="heading"/> is the heading element of each round's title (h3 in the documentation).
    /// </summary>
    public static string PerspectivesFragment(IEnumerable<PerspectiveComparison> comparisons, string heading = "h3")
    {
        var html = new StringBuilder();
        foreach (var c in comparisons)
        {
            html.Append(CultureInfo.InvariantCulture, $"<section class=\"perspektive\" data-round=\"{c.Round}\" data-actor-group=\"{H(c.ActorGroup)}\">\n");
            html.Append(CultureInfo.InvariantCulture, $"  <{heading}>{H(c.ActorGroup)} – Runde {c.Round}{(c.BaselineRound is { } b ? $" im Vergleich mit Runde {b} (Verwaltung)" : "")}</{heading}>\n");
            html.Append($"  <p>{H(PerspectiveSummary(c))}</p>\n");
            if (c.Rows.Count > 0)
            {
                html.Append($"  <table>\n    <thead><tr><th scope=\"col\">Kriterium oder Handlungsfeld</th><th scope=\"col\">Verwaltung</th><th scope=\"col\">{H(c.ActorGroup)}</th><th scope=\"col\">Abstand (Stufen)</th><th scope=\"col\">Unterschied ab einer Stufe</th></tr></thead>\n    <tbody>\n");
                foreach (var r in c.Rows)
                {
                    html.Append(CultureInfo.InvariantCulture, $"      <tr data-field=\"{r.Field}\"{(r.Criterion is null ? "" : $" data-criterion=\"{H(r.Criterion)}\"")}><th scope=\"row\">{H(PerspectiveRowName(r))}</th><td>{H(PerspectiveValueText(r.Administration))}</td><td>{H(r.Group is { } g ? PerspectiveValueText(g) : Perspectives.TooFewResponses)}</td><td>{H(Gap(r.Gap))}</td><td>{(r.Differs ? "ja" : "nein")}</td></tr>\n");
                }

                html.Append("    </tbody>\n  </table>\n");
            }

            html.Append("</section>\n");
        }

        return html.ToString();
    }

    /// <summary>"6 Antworten; Vergleich mit …" in one sentence.</summary>
    public static string PerspectiveSummary(PerspectiveComparison c)
    {
        var n = $"{c.Responses.ToString(CultureInfo.InvariantCulture)} {(c.Responses == 1 ? "Antwort" : "Antworten")}";
        if (c.BaselineRound is null) return $"{n}. {Perspectives.NoBaseline}";
        return c.Shown
            ? $"{n}. Je Kriterium, das beide Seiten haben, sonst je Handlungsfeld; Abstand = Stufe der Akteursgruppe minus Stufe der Verwaltung."
            : $"{n}: {Perspectives.TooFewResponses} – die Ergebnisse dieser Akteursgruppe werden erst ab {Perspectives.MinimumResponses.ToString(CultureInfo.InvariantCulture)} Antworten gezeigt.";
    }

    public static string PerspectiveRowName(PerspectiveRow r) => r.Criterion is null ? $"{r.Text} (gesamt)" : $"{r.Criterion} {r.Text}";

    public static string PerspectiveValueText(PerspectiveValue v) =>
        v.Level is { } l ? $"Stufe {l.ToString(CultureInfo.InvariantCulture)}{(v.Mean is { } m ? $" (Ø {m.ToString("0.00", German)})" : "")}" : Evaluator.NotRateable;

    public static string Gap(int? gap) => gap switch
    {
        null => "–",
        > 0 => $"+{gap.Value.ToString(CultureInfo.InvariantCulture)}",
        < 0 => $"−{Math.Abs(gap.Value).ToString(CultureInfo.InvariantCulture)}",
        _ => "0",
    };

    private static string Paragraphs(string text) =>
        string.Join("", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"<p>{H(p)}</p>"));

    private static string H(string s) => Markup.Escape(s);
}
