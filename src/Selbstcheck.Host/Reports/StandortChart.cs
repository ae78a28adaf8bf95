using System.Globalization;
using System.Text;
using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Host.Reports;

/// <summary>
/// The Standortbestimmung as an SVG: the fields placed in the column of their level, as in the
/// programme's figure; a field without any answered criterion in its own column "nicht bewertbar".
/// Accessible: role="img", a title and a description listing every field with its level.
/// </summary>
public static class StandortChart
{
    private const int ColumnWidth = 300;
    private const int Gap = 16;
    private const int HeaderHeight = 96;
    private const int BoxHeight = 72;
    private const int Margin = 24;

    private static readonly string[] Colors = ["#f3c9a1", "#f7e59c", "#b9dfb0"];

    public static string Render(string kommuneName, int round, Evaluation evaluation, IReadOnlyList<LevelBound> levels) =>
        Render(kommuneName, round, evaluation, levels, null);

    /// <summary>
    /// #14 perspectives: with <paramref name="mirror"/>, a follow-up round of another actor group shows in each field's box
    /// the administration's level of its baseline round beside the group's, in the picture and in its description.
    /// <paramref name="idPrefix"/> keeps the title's and description's ids unique where a page shows several charts.
    /// </summary>
    public static string Render(string kommuneName, int round, Evaluation evaluation, IReadOnlyList<LevelBound> levels, ChartMirror? mirror, string idPrefix = "chart")
    {
        var boxHeight = mirror is null ? BoxHeight : BoxHeight + 18;
        var columns = levels.OrderBy(l => l.Level).Select(l => (Level: (int?)l.Level, l.Label)).ToList();
        if (evaluation.Fields.Any(f => f.Level is null)) columns.Add((null, Evaluator.NotRateable));
        var rows = columns.Select(c => evaluation.Fields.Count(f => f.Level == c.Level)).DefaultIfEmpty(0).Max();
        var width = Margin * 2 + columns.Count * ColumnWidth + (columns.Count - 1) * Gap;
        var height = Margin * 2 + 40 + HeaderHeight + Math.Max(1, rows) * (boxHeight + Gap) + 40;

        var title = mirror is null ? $"Standortbestimmung {kommuneName}, Runde {round}" : $"Perspektive {mirror.ActorGroup}, {kommuneName}, Runde {round}";
        var desc = new StringBuilder();
        desc.Append($"Gesamt: {evaluation.Overall.Label}. ");
        foreach (var f in evaluation.Fields)
        {
            desc.Append($"HF {f.Field} {f.Name}: {f.Label}. ");
            if (mirror is not null) desc.Append($"Verwaltung (Runde {mirror.BaselineRound}): {mirror.LevelText(f.Field)}. ");
        }

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-labelledby=\"{idPrefix}-title {idPrefix}-desc\" font-family=\"Arial, Helvetica, sans-serif\">\n");
        svg.Append($"  <title id=\"{idPrefix}-title\">{X(title)}</title>\n");
        svg.Append($"  <desc id=\"{idPrefix}-desc\">{X(desc.ToString().Trim())}</desc>\n");
        svg.Append(CultureInfo.InvariantCulture, $"  <rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"#ffffff\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"{Margin}\" y=\"{Margin + 20}\" font-size=\"20\" font-weight=\"bold\" fill=\"#1a1a1a\">{X(title)}</text>\n");

        for (var i = 0; i < columns.Count; i++)
        {
            var (level, label) = columns[i];
            var x = Margin + i * (ColumnWidth + Gap);
            var y = Margin + 40;
            var fill = level is { } l && l >= 1 && l <= Colors.Length ? Colors[l - 1] : "#dddddd";
            var levelAttr = level?.ToString(CultureInfo.InvariantCulture) ?? "none";
            svg.Append(CultureInfo.InvariantCulture, $"  <g class=\"level\" data-level=\"{levelAttr}\">\n");
            svg.Append(CultureInfo.InvariantCulture, $"    <rect class=\"column\" data-level=\"{levelAttr}\" x=\"{x}\" y=\"{y}\" width=\"{ColumnWidth}\" height=\"{height - y - Margin - 36}\" rx=\"8\" fill=\"{fill}\" fill-opacity=\"0.35\" stroke=\"{fill}\"/>\n");
            var lines = Wrap(label, 30);
            for (var k = 0; k < lines.Count; k++)
            {
                svg.Append(CultureInfo.InvariantCulture, $"    <text x=\"{x + ColumnWidth / 2}\" y=\"{y + 28 + k * 20}\" font-size=\"16\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#1a1a1a\">{X(lines[k])}</text>\n");
            }

            var fields = evaluation.Fields.Where(f => f.Level == level).OrderBy(f => f.Field).ToList();
            for (var j = 0; j < fields.Count; j++)
            {
                var f = fields[j];
                var by = y + HeaderHeight + j * (boxHeight + Gap);
                svg.Append(CultureInfo.InvariantCulture, $"    <g class=\"field\" data-field=\"{f.Field}\" data-key=\"{X(f.Key)}\" data-level=\"{levelAttr}\">\n");
                svg.Append(CultureInfo.InvariantCulture, $"      <rect x=\"{x + 12}\" y=\"{by}\" width=\"{ColumnWidth - 24}\" height=\"{boxHeight}\" rx=\"6\" fill=\"#ffffff\" stroke=\"#555555\"/>\n");
                var name = Wrap($"HF {f.Field} – {f.Name}", 34);
                for (var k = 0; k < name.Count && k < 2; k++)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"      <text class=\"field-label\" x=\"{x + 24}\" y=\"{by + 22 + k * 18}\" font-size=\"14\" fill=\"#1a1a1a\">{X(name[k])}</text>\n");
                }

                var mean = f.Mean is { } m ? $"Ø {m.ToString("0.00", CultureInfo.GetCultureInfo("de-DE"))} · {f.Answered}/{f.Total} Kriterien" : $"0/{f.Total} Kriterien beantwortet";
                svg.Append(CultureInfo.InvariantCulture, $"      <text x=\"{x + 24}\" y=\"{by + BoxHeight - 9}\" font-size=\"12\" fill=\"#444444\">{X(mean)}</text>\n");
                if (mirror is not null)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"      <text class=\"mirror\" x=\"{x + 24}\" y=\"{by + boxHeight - 9}\" font-size=\"12\" font-weight=\"bold\" fill=\"#1a1a1a\">{X($"Verwaltung (Runde {mirror.BaselineRound}): {mirror.LevelText(f.Field)}")}</text>\n");
                }
                svg.Append("    </g>\n");
            }

            svg.Append("  </g>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"  <text x=\"{Margin}\" y=\"{height - Margin + 4}\" font-size=\"14\" fill=\"#1a1a1a\">{X($"Gesamt: {evaluation.Overall.Label}")}</text>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>A chart of a group's own result, withheld below the minimum of responses (#14).</summary>
    public static string Withheld(string kommuneName, int round, string actorGroup)
    {
        var title = $"Perspektive {actorGroup}, {kommuneName}, Runde {round}";
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 720 120\" width=\"720\" height=\"120\" role=\"img\" aria-labelledby=\"chart-title chart-desc\" font-family=\"Arial, Helvetica, sans-serif\">\n" +
               $"  <title id=\"chart-title\">{X(title)}</title>\n  <desc id=\"chart-desc\">{X(Perspectives.TooFewResponses)}</desc>\n" +
               "  <rect x=\"0\" y=\"0\" width=\"720\" height=\"120\" fill=\"#ffffff\"/>\n" +
               $"  <text x=\"24\" y=\"44\" font-size=\"20\" font-weight=\"bold\" fill=\"#1a1a1a\">{X(title)}</text>\n" +
               $"  <text x=\"24\" y=\"84\" font-size=\"16\" fill=\"#1a1a1a\">{X(Perspectives.TooFewResponses)}</text>\n</svg>\n";
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > width)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            if (line.Length > 0) line.Append(' ');
            line.Append(word);
        }

        if (line.Length > 0) lines.Add(line.ToString());
        return lines;
    }

    private static string X(string s) => Markup.Escape(s);
}

/// <summary>#14: the administration's levels of the baseline round, per field number, for a follow-up round's chart.</summary>
public sealed record ChartMirror(string ActorGroup, int BaselineRound, IReadOnlyDictionary<int, FieldResult> Baseline)
{
    public string LevelText(int field) => Baseline.TryGetValue(field, out var f) ? f.Level is { } l ? $"Stufe {l}" : f.Label : "nicht erhoben";
}
