using System.Globalization;
using System.Text;
using Selbstcheck.Projections.MaturityOverview;
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
                if (f.PullsDown.Contains(c.Criterion)) notes.Add("zieht das Handlungsfeld nach unten");
                html.Append($"      <tr><th scope=\"row\">{H(c.Criterion)} {H(c.Text)}</th><td>{H(Fulfilled(c))}</td>");
                foreach (var a in Answers.All) html.Append(CultureInfo.InvariantCulture, $"<td>{c.Counts.GetValueOrDefault(a)}</td>");
                html.Append($"<td>{H(string.Join("; ", notes))}</td></tr>\n");
            }

            html.Append("    </tbody>\n  </table>\n");
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
    public static string Page(string kommuneName, RoundMaturity round, string? note = null) => $$"""
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
        {{(note is null ? "" : $"<p class=\"offene-befragung\">{H(note)}</p>\n")}}{{Fragment(round)}}
        </body>
        </html>
        """;

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

    private static string Paragraphs(string text) =>
        string.Join("", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"<p>{H(p)}</p>"));

    private static string H(string s) => Markup.Escape(s);
}
