using System.Globalization;
using System.Text;
using Selbstcheck.Projections.MaturityOverview;
using Selbstcheck.Projections.Workshops;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;
using Selbstcheck.Workflow.Workshops;

namespace Selbstcheck.Host.Reports;

/// <summary>
/// The workshop documentation, generated from the Kommune's stream, with the sections of the
/// programme's documentations: welcome and participants, goals and agenda, the project, the
/// understanding of Weltoffenheit, the questionnaire results (chart, criterion tables,
/// commentary), the prioritisation, the working groups' results, the agreed next steps, the
/// feedback. Print-ready HTML; the PDF is this HTML rendered by Chromium. All recorded text is escaped.
/// </summary>
public static class WorkshopDocumentation
{
    public static readonly IReadOnlyList<string> Sections =
    [
        "1. Begrüßung und teilnehmende Institutionen",
        "2. Ziele und Ablauf des Workshops",
        "3. Vorstellung des Projektes Weltoffene Kommune",
        "4. Verständnis von Weltoffenheit",
        "5. Ergebnisse der Befragung",
        "6. Priorisierung der Handlungsfelder",
        "7. Diskussionsergebnisse je Handlungsfeld",
        "8. Nächste Schritte und Vereinbarungen",
        "9. Feedback der Teilnehmenden",
    ];

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static string Render(
        string kommuneName,
        WorkshopView w,
        RoundMaturity? round,
        IReadOnlyList<LevelBound>? levels,
        IReadOnlyDictionary<int, string> fieldNames,
        Personal.PersonalValues personal,
        IReadOnlyList<PerspectiveComparison>? perspectives = null)
    {
        var title = Title(kommuneName, w);
        var h = new StringBuilder();
        h.Append($$"""
            <!DOCTYPE html>
            <html lang="de">
            <head>
            <meta charset="utf-8">
            <title>Dokumentation – {{E(title)}}</title>
            <style>
            @page { size: A4; }
            body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.45; color: #1a1a1a; max-width: 48rem; margin: 1.5rem auto; padding: 0 1rem; }
            h1 { font-size: 20pt; margin-bottom: .2rem; }
            h2 { font-size: 14pt; margin-top: 1.6rem; border-bottom: 1px solid #999; padding-bottom: .2rem; break-after: avoid; }
            h3 { font-size: 12pt; margin-top: 1.1rem; break-after: avoid; }
            table { border-collapse: collapse; width: 100%; margin: .4rem 0 1rem; font-size: 9.5pt; }
            th, td { border: 1px solid #999; padding: .25rem .4rem; text-align: left; vertical-align: top; }
            thead th { background: #eee; }
            .untertitel { color: #444; }
            .chart svg { width: 100%; height: auto; }
            section { break-inside: auto; }
            </style>
            </head>
            <body>
            <h1>Dokumentation</h1>

            """);
        h.Append(Body(kommuneName, w, round, levels, fieldNames, personal, perspectives));
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>"Selbstcheck-Workshop in Dessau-Roßlau am 1. Juli 2020".</summary>
    public static string Title(string kommuneName, WorkshopView w)
    {
        var date = BerlinTime.TryParseLocal(w.StartsAt, out var local) ? local.ToString("d. MMMM yyyy", German) : w.StartsAt;
        return $"{w.Title} in {kommuneName} am {date}";
    }

    /// <summary>
    /// The documentation below its h1 (subtitle, then the sections as h2): the PDF's HTML and the web page
    /// (in the site's layout, under its own h1) render the same text.
    /// </summary>
    public static string Body(
        string kommuneName,
        WorkshopView w,
        RoundMaturity? round,
        IReadOnlyList<LevelBound>? levels,
        IReadOnlyDictionary<int, string> fieldNames,
        Personal.PersonalValues personal,
        IReadOnlyList<PerspectiveComparison>? perspectives = null)
    {
        var title = Title(kommuneName, w);
        string Field(int f) => fieldNames.TryGetValue(f, out var n) ? $"Handlungsfeld {f}: {n}" : $"Handlungsfeld {f}";

        var h = new StringBuilder();
        h.Append($$"""
            <p class="untertitel">{{E(title)}}{{(w.Place is null ? "" : $", {E(w.Place)}")}}{{(w.Online ? " (online)" : "")}}{{(w.Moderation is null ? "" : $". Moderation: {E(personal.Show(w.Moderation))}")}}</p>

            """);

        // 1
        h.Append($"<section><h2>{Sections[0]}</h2>\n");
        h.Append($"<p>Die Kommune {E(kommuneName)} begrüßt die Teilnehmerinnen und Teilnehmer aus Verwaltung, Politik, Zivilgesellschaft und Wirtschaft zum Selbstcheck-Workshop. Der Workshop ist Teil des Programms „Weltoffene Kommune – Vom Dialog zum Zusammenhalt“: Die Kommune bestimmt ihren Standort in der Integrations- und Diversitätsarbeit und verständigt sich über die nächsten Schritte.</p>\n");
        if (w.Institutions.Count > 0)
        {
            h.Append("<h3>Teilnehmende Institutionen</h3>\n<table><thead><tr><th scope=\"col\">Bereich</th><th scope=\"col\">Institution</th></tr></thead><tbody>\n");
            foreach (var sector in Sectors.All)
            {
                foreach (var i in w.Institutions.Where(x => x.Sector == sector)) h.Append($"<tr><td>{E(sector)}</td><td>{E(i.Name)}</td></tr>\n");
            }

            h.Append("</tbody></table>\n");
        }

        h.Append("</section>\n");

        // 2
        h.Append($"<section><h2>{Sections[1]}</h2>\n");
        if (w.Goals.Count > 0)
        {
            h.Append("<h3>Ziele des Workshops</h3>\n<ul>\n");
            foreach (var g in w.Goals) h.Append($"<li>{E(g)}</li>\n");
            h.Append("</ul>\n");
        }

        if (w.Agenda.Count > 0)
        {
            h.Append("<h3>Ablauf</h3>\n<table><thead><tr><th scope=\"col\">Zeit</th><th scope=\"col\">Programmpunkt</th><th scope=\"col\">Wer</th></tr></thead><tbody>\n");
            foreach (var a in w.Agenda) h.Append($"<tr><td>{E(a.Time)}</td><td>{E(a.Title)}</td><td>{E(personal.Show(a.By))}</td></tr>\n");
            h.Append("</tbody></table>\n");
        }

        h.Append("</section>\n");

        // 3
        h.Append($"<section><h2>{Sections[2]}</h2>\n");
        h.Append("<p>Mit dem Selbstcheck „Weltoffene Kommune“ bestimmt eine Kommune, wo sie in sieben Handlungsfeldern der Integrations- und Diversitätsarbeit steht. Er besteht aus zwei Teilen: einem Fragebogen, den die Verwaltung ressortübergreifend beantwortet, und einem Workshop, in dem Verwaltung, Politik, Zivilgesellschaft und Wirtschaft die Ergebnisse besprechen, Handlungsfelder priorisieren und Handlungsbedarfe ableiten. Die Auswertung ordnet jedes Handlungsfeld einer von drei Stufen zu: auf dem Weg zur Weltoffenheit, auf dem Weg fortgeschritten, weltoffen aufgestellt. Der Selbstcheck soll Anlass für breitere Dialoge vor Ort sein und ein sichtbares Zeichen für Weltoffenheit und Vielfalt setzen.</p>\n");
        h.Append("</section>\n");

        // 4
        h.Append($"<section><h2>{Sections[3]}</h2>\n");
        h.Append("<p>Leitend für die Diskussion ist das Leitmotiv des Programms: Weltoffene Kommunen treten aktiv für ein Zusammenleben in Vielfalt ein, in dem alle Einwohnerinnen und Einwohner dazugehören. Die Teilnehmenden haben festgehalten, was Weltoffenheit für sie vor Ort bedeutet:</p>\n");
        List(h, w.Statements);
        h.Append("</section>\n");

        // 5
        h.Append($"<section><h2>{Sections[4]}</h2>\n");
        if (round?.Evaluation is { } e && levels is not null)
        {
            h.Append($"<p>Ergebnis des Selbstcheck-Fragebogens (Runde {round.Round}, {E(round.ActorGroup)}): {E(e.Overall.Label)}.</p>\n");
            h.Append("<div class=\"chart\">").Append(StandortChart.Render(kommuneName, round.Round, e, levels)).Append("</div>\n");
            h.Append(CriterionTables.Fragment(round));
        }
        else
        {
            h.Append("<p>Für diesen Workshop liegt keine ausgewertete Befragungsrunde vor.</p>\n");
        }

        h.Append("</section>\n");

        // 6
        h.Append($"<section><h2>{Sections[5]}</h2>\n");
        if (w.Priorities.Count > 0)
        {
            h.Append("<p>Die Teilnehmenden haben sich darauf verständigt, die folgenden Handlungsfelder in Arbeitsgruppen zu vertiefen:</p>\n<ul>\n");
            foreach (var f in w.Priorities)
            {
                var votes = w.Votes?.GetValueOrDefault(f);
                h.Append($"<li>{E(Field(f))}{(votes is > 0 ? $" ({votes} Punkte)" : "")}</li>\n");
            }

            h.Append("</ul>\n<p>In jeder Arbeitsgruppe standen drei Fragen im Mittelpunkt: Was läuft gut? Was läuft noch nicht so gut? Welche Handlungsbedarfe gibt es?</p>\n");
        }
        else
        {
            h.Append("<p>Es wurden keine Handlungsfelder priorisiert.</p>\n");
        }

        h.Append("</section>\n");

        // 7
        h.Append($"<section><h2>{Sections[6]}</h2>\n");
        foreach (var g in w.WorkingGroups.OrderBy(g => w.Priorities.IndexOf(g.Field)))
        {
            h.Append($"<h3>{E(Field(g.Field))}</h3>\n<h4>Was läuft gut?</h4>\n");
            List(h, g.WhatWorks);
            h.Append("<h4>Was läuft noch nicht so gut?</h4>\n");
            List(h, g.WhatDoesNotWorkYet);
            h.Append("<h4>Welche Handlungsbedarfe gibt es?</h4>\n");
            List(h, g.NeedsForAction);
        }

        h.Append("</section>\n");

        // 8
        h.Append($"<section><h2>{Sections[7]}</h2>\n");
        if (w.Agreements.Count > 0)
        {
            h.Append("<p>Für den weiteren Prozess wurden diese Vereinbarungen festgehalten:</p>\n<table><thead><tr><th scope=\"col\">Vereinbarung</th><th scope=\"col\">Art</th><th scope=\"col\">Verantwortlich</th><th scope=\"col\">Termin</th><th scope=\"col\">Stand</th></tr></thead><tbody>\n");
            foreach (var a in w.Agreements)
            {
                var details = a.Details is { Count: > 0 } d ? "<ul>" + string.Concat(d.Select(x => $"<li>{E(x)}</li>")) + "</ul>" : "";
                var planned = a.PlannedDate is { } p && DateOnly.TryParseExact(p, "yyyy-MM-dd", out var pd) ? pd.ToString("d. MMMM yyyy", German) : "";
                h.Append($"<tr><td>{E(a.Title)}{details}</td><td>{E(a.Kind)}</td><td>{E(a.Owner)}</td><td>{E(planned)}</td><td>{E(a.Status)}</td></tr>\n");
            }

            h.Append("</tbody></table>\n");
        }

        h.Append("</section>\n");

        // 9
        h.Append($"<section><h2>{Sections[8]}</h2>\n<ul>\n");
        foreach (var f in w.Feedback) h.Append($"<li>{E(f)}</li>\n");
        h.Append("</ul>\n</section>\n");
        h.Append(PerspectivesSection(perspectives));
        return h.ToString();
    }

    /// <summary>The heading of the documentation's own section on other actor groups' perspectives (#14).</summary>
    public const string PerspectivesHeading = "Perspektiven weiterer Akteursgruppen";

    /// <summary>
    /// #14: the follow-up rounds of other actor groups closed before the workshop, each beside the administration's view —
    /// a section of its own, present only where there is such a round (the caller passes only those closed before the workshop).
    /// </summary>
    public static string PerspectivesSection(IReadOnlyList<PerspectiveComparison>? perspectives)
    {
        if (perspectives is not { Count: > 0 }) return "";
        return $"<section class=\"perspektiven\"><h2>{PerspectivesHeading}</h2>\n" +
               "<p>Die Standortbestimmung spiegelt die Sicht der Verwaltung. Nachbefragungen weiterer Akteursgruppen zeigen, wo deren Sicht abweicht: je Kriterium, das beide Seiten haben, sonst je Handlungsfeld, mit dem Abstand in Stufen. Eine Akteursgruppe erscheint erst ab " +
               $"{Perspectives.MinimumResponses} Antworten.</p>\n" +
               CriterionTables.PerspectivesFragment(perspectives) + "</section>\n";
    }

    private static void List(StringBuilder h, IReadOnlyList<ListItem> items)
    {
        h.Append("<ul>\n");
        foreach (var i in items)
        {
            h.Append($"<li>{E(i.Text)}");
            if (i.Items is { Count: > 0 } sub) h.Append("<ul>" + string.Concat(sub.Select(s => $"<li>{E(s)}</li>")) + "</ul>");
            h.Append("</li>\n");
        }

        h.Append("</ul>\n");
    }

    private static string E(string? s) => Markup.Escape(s);
}
