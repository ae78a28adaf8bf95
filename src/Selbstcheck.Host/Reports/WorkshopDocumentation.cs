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
    /// <summary>The sections, in the order of the seed's documentation (Dessau-Roßlau, 1 July 2020), the annex last.</summary>
    public static readonly IReadOnlyList<string> Sections =
    [
        "1. Begrüßung",
        "2. Ziele und Ablauf des Workshops",
        "3. Vorstellung des Projektes Weltoffene Kommune",
        "4. Leitmotiv der Weltoffenen Kommune und das Verständnis von Weltoffenheit",
        "5. Präsentation der Ergebnisse der Befragung",
        "6. Standortbestimmung der Handlungsfelder",
        "7. Nächste Schritte",
        "8. Feedback der Teilnehmerinnen und Teilnehmer",
        "Anhang: Ergebnispräsentation Selbstcheck-Fragebogen",
    ];

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static string Render(
        string kommuneName,
        WorkshopView w,
        RoundMaturity? round,
        IReadOnlyList<LevelBound>? levels,
        IReadOnlyDictionary<int, string> fieldNames,
        Personal.PersonalValues personal,
        IReadOnlyList<Projections.Milestones.MilestoneView>? milestones = null,
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
        h.Append(Body(kommuneName, w, round, levels, fieldNames, personal, milestones, perspectives));
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
        IReadOnlyList<Projections.Milestones.MilestoneView>? milestones = null,
        IReadOnlyList<PerspectiveComparison>? perspectives = null)
    {
        var title = Title(kommuneName, w);
        var frame = w.Frame;
        string Name(int f) => frame?.FieldTitles?.GetValueOrDefault(f) ?? fieldNames.GetValueOrDefault(f) ?? "";
        string Field(int f) => Name(f) is { Length: > 0 } n ? $"Handlungsfeld {f}: {n}" : $"Handlungsfeld {f}";

        var h = new StringBuilder();
        h.Append($$"""
            <p class="untertitel">{{E(title)}}{{(w.Place is null ? "" : $", {E(w.Place)}")}}{{(w.Online ? " (online)" : "")}}{{(w.Moderation is null ? "" : $". Moderation: {E(personal.Show(w.Moderation))}")}}</p>

            """);

        // 1 Welcome (by role), the programme and its partners, the participants.
        h.Append($"<section><h2>{Sections[0]}</h2>\n");
        if (frame?.Welcome is { } welcome)
        {
            h.Append($"<p>{E(welcome.By)} begrüßt die Teilnehmerinnen und Teilnehmer des Selbstcheck-Workshops.</p>\n");
            foreach (var point in welcome.Points) h.Append($"<p>{E(point)}</p>\n");
        }
        else
        {
            h.Append($"<p>Die Kommune {E(kommuneName)} begrüßt die Teilnehmerinnen und Teilnehmer aus Verwaltung, Politik, Zivilgesellschaft und Wirtschaft zum Selbstcheck-Workshop.</p>\n");
        }

        h.Append("<p>Der Workshop ist Teil des Programms „Weltoffene Kommune – Vom Dialog zum Zusammenhalt“: Die Kommune bestimmt ihren Standort in der Integrations- und Diversitätsarbeit und verständigt sich über die nächsten Schritte.</p>\n");
        if (frame?.Partners is { Count: > 0 } partners)
        {
            h.Append("<h3>Partner des Projektes</h3>\n<ul>\n");
            foreach (var p in partners) h.Append($"<li>{E(p.Organisation)}: {E(p.Role)}{(p.Note is null ? "" : $" ({E(p.Note)})")}</li>\n");
            h.Append("</ul>\n");
        }

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

        // 2 Aims and agenda.
        h.Append($"<section><h2>{Sections[1]}</h2>\n");
        if (frame?.AimsBy is { } aimsBy) h.Append($"<p>{E(aimsBy)} begrüßt die Teilnehmerinnen und Teilnehmer und stellt die Ziele und den Ablaufplan vor.</p>\n");
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

        // 3 The project.
        h.Append($"<section><h2>{Sections[2]}</h2>\n");
        if (frame?.Project is { } project)
        {
            h.Append($"<p>{E(project.By)} stellt die Ziele und den Aufbau des Projektes Weltoffene Kommune vor. Auf dem Weg zu einer „weltoffenen Kommune“ können Kommunen den Selbstcheck nutzen, um …</p>\n<ul>\n");
            foreach (var point in project.Points) h.Append($"<li>{E(point)}</li>\n");
            h.Append("</ul>\n");
        }

        h.Append("<p>Mit dem Selbstcheck „Weltoffene Kommune“ bestimmt eine Kommune, wo sie in sieben Handlungsfeldern der Integrations- und Diversitätsarbeit steht. Er besteht aus zwei Teilen: einem Fragebogen, den die Verwaltung ressortübergreifend beantwortet, und einem Workshop, in dem Verwaltung, Politik, Zivilgesellschaft und Wirtschaft die Ergebnisse besprechen, Handlungsfelder priorisieren und Handlungsbedarfe ableiten. Die Auswertung ordnet jedes Handlungsfeld einer von drei Stufen zu: auf dem Weg zur Weltoffenheit, auf dem Weg fortgeschritten, weltoffen aufgestellt. Der Selbstcheck soll Anlass für breitere Dialoge vor Ort sein und ein sichtbares Zeichen für Weltoffenheit und Vielfalt setzen.</p>\n");
        h.Append("</section>\n");

        // 4 The Leitmotiv and the participants' understanding of Weltoffenheit.
        h.Append($"<section><h2>{Sections[3]}</h2>\n");
        if (frame?.Leitmotiv is { } leitmotiv)
        {
            h.Append($"<p>{E(frame.LeitmotivBy ?? "Die Prozessbegleitung")} stellt das Leitmotiv des Projektes vor, das den Rahmen für die Diskussion im Workshop bildet:</p>\n<blockquote><p>{E(leitmotiv)}</p></blockquote>\n");
        }
        else
        {
            h.Append("<p>Leitend für die Diskussion ist das Leitmotiv des Programms: Weltoffene Kommunen treten aktiv für ein Zusammenleben in Vielfalt ein, in dem alle Einwohnerinnen und Einwohner dazugehören.</p>\n");
        }

        h.Append($"<h3>Das Verständnis von Weltoffenheit in {E(kommuneName)}</h3>\n<p>Die Teilnehmenden haben festgehalten, was Weltoffenheit für sie vor Ort bedeutet:</p>\n");
        List(h, w.Statements);
        h.Append("</section>\n");

        // 5 The presentation of the results: presenter, the units that took part, the Standortbestimmung per field.
        h.Append($"<section><h2>{Sections[4]}</h2>\n");
        if (frame?.ResultsBy is { } resultsBy) h.Append($"<p>{E(resultsBy)} stellt die Ergebnisse der Befragung zur Weltoffenheit in {E(kommuneName)} vor.</p>\n");
        if (round?.Evaluation is { } e && levels is not null)
        {
            foreach (var (respondent, units) in round.Contributors)
            {
                h.Append($"<p>Die Bearbeitung des Fragebogens erfolgte durch: {E(respondent)} sowie die folgenden beteiligten Stellen:</p>\n");
                h.Append("<table><thead><tr><th scope=\"col\">Dezernat</th><th scope=\"col\">Stelle</th></tr></thead><tbody>\n");
                foreach (var u in units) h.Append($"<tr><td>{E(u.Dezernat is null ? "" : $"Dezernat {u.Dezernat}")}</td><td>{E(u.Unit)}</td></tr>\n");
                h.Append("</tbody></table>\n");
            }

            h.Append($"<p>Ergebnis des Selbstcheck-Fragebogens (Runde {round.Round}, {E(round.ActorGroup)}): {E(e.Overall.Label)}.</p>\n");
            h.Append("<h3>Standortbestimmung je Handlungsfeld</h3>\n<ul>\n");
            foreach (var f in e.Fields) h.Append($"<li>Handlungsfeld {f.Field} – {E(f.Name)}: {E(f.Label)}</li>\n");
            h.Append("</ul>\n");
            if (round.Reconstructed.Count > 0)
            {
                h.Append($"<p>Hinweis: Die Antworten zu den Kriterien {E(string.Join(", ", round.Reconstructed))} sind {Provenance.Reconstructed}: Die Dokumentation nennt für sie nur das Ergebnis des Handlungsfeldes; sie sind in den Tabellen als „{Provenance.Reconstructed}“ gekennzeichnet.</p>\n");
            }

            h.Append("<div class=\"chart\">").Append(StandortChart.Render(kommuneName, round.Round, e, levels)).Append("</div>\n");
            h.Append(CriterionTables.Fragment(round));
        }
        else
        {
            h.Append("<p>Für diesen Workshop liegt keine ausgewertete Befragungsrunde vor.</p>\n");
        }

        h.Append("</section>\n");

        // 6 Priorities and the working groups.
        h.Append($"<section><h2>{Sections[5]}</h2>\n<h3>Priorisierung der Handlungsfelder</h3>\n");
        if (w.Priorities.Count > 0)
        {
            h.Append("<p>Die Teilnehmerinnen und Teilnehmer haben sich darauf verständigt, die folgenden Handlungsfelder in parallelen Arbeitsgruppen zu vertiefen:</p>\n<ul>\n");
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

        var n = 0;
        foreach (var g in w.WorkingGroups.OrderBy(g => w.Priorities.IndexOf(g.Field)))
        {
            n++;
            h.Append($"<h3>6.{n} Diskussionsergebnisse Handlungsfeld {g.Field} „{E(Name(g.Field))}“</h3>\n<h4>Was läuft gut?</h4>\n");
            List(h, g.WhatWorks);
            h.Append("<h4>Was läuft noch nicht so gut?</h4>\n");
            List(h, g.WhatDoesNotWorkYet);
            h.Append("<h4>Welche Handlungsbedarfe gibt es?</h4>\n");
            List(h, g.NeedsForAction);
        }

        h.Append("</section>\n");

        // 7 Agreements, with their owners and their current status.
        h.Append($"<section><h2>{Sections[6]}</h2>\n");
        if (w.Agreements.Count > 0)
        {
            h.Append("<p>Für die weitere Prozessgestaltung wurden diese Vereinbarungen festgehalten (Stand: wie heute erfasst):</p>\n<table><thead><tr><th scope=\"col\">Vereinbarung</th><th scope=\"col\">Art</th><th scope=\"col\">Verantwortlich</th><th scope=\"col\">Termin</th><th scope=\"col\">Stand</th></tr></thead><tbody>\n");
            foreach (var a in w.Agreements)
            {
                var milestone = milestones?.Where(m => m.AgreementId == a.AgreementId).LastOrDefault();
                var details = a.Details is { Count: > 0 } d ? "<ul>" + string.Concat(d.Select(x => $"<li>{E(x)}</li>")) + "</ul>" : "";
                var plannedDate = milestone?.DueDate ?? a.PlannedDate;
                var planned = plannedDate is { } p && DateOnly.TryParseExact(p, "yyyy-MM-dd", out var pd) ? pd.ToString("d. MMMM yyyy", German) : "";
                var owner = milestone?.Owner ?? a.Owner;
                h.Append($"<tr><td>{E(a.Title)}{details}</td><td>{E(a.Kind)}</td><td>{E(owner)}</td><td>{E(planned)}</td><td>{E(CurrentStatus(a, milestone))}</td></tr>\n");
            }

            h.Append("</tbody></table>\n");
        }

        h.Append("</section>\n");

        // 8 Feedback.
        h.Append($"<section><h2>{Sections[7]}</h2>\n<p>Die Teilnehmerinnen und Teilnehmer haben die folgende Rückmeldung zu dem Workshop gegeben:</p>\n<ul>\n");
        foreach (var f in w.Feedback) h.Append($"<li>{E(f)}</li>\n");
        h.Append("</ul>\n</section>\n");

        h.Append(PerspectivesSection(perspectives));

        // Annex: the result presentation.
        h.Append($"<section><h2>{Sections[8]}</h2>\n");
        if (frame?.Annex is { } annex) h.Append($"<p>{E(annex)}</p>\n");
        if (round?.Evaluation is { } ev)
        {
            h.Append($"<p>Standortbestimmung {E(kommuneName)}, Runde {round.Round} ({E(round.ActorGroup)}); Katalog {E(ev.CatalogueId)} {E(ev.CatalogueVersion)}, Bewertungsschema {E(ev.SchemeId)} {E(ev.SchemeVersion)}.</p>\n");
            h.Append("<table><thead><tr><th scope=\"col\">Handlungsfeld</th><th scope=\"col\">Stufe</th><th scope=\"col\">Ø</th><th scope=\"col\">Beantwortete Kriterien</th><th scope=\"col\">Hinweis</th></tr></thead><tbody>\n");
            foreach (var f in ev.Fields)
            {
                var reconstructed = f.Criteria.Any(c => round.IsReconstructed(c.Criterion)) ? Provenance.Reconstructed : "";
                h.Append($"<tr><td>HF {f.Field} – {E(f.Name)}</td><td>{E(f.Label)}</td><td>{(f.Mean is { } m ? m.ToString("0.00", German) : "–")}</td><td>{f.Answered} von {f.Total}</td><td>{reconstructed}</td></tr>\n");
            }

            h.Append($"<tr><td>Gesamt</td><td>{E(ev.Overall.Label)}</td><td>{(ev.Overall.Mean is { } om ? om.ToString("0.00", German) : "–")}</td><td></td><td></td></tr>\n");
            h.Append("</tbody></table>\n");
        }

        h.Append("</section>\n");
        return h.ToString();
    }

    /// <summary>
    /// An agreement's status as of now: where it became a milestone, the milestone's status (done, cancelled,
    /// or the agreement's word while it is open) — never the agreed word once its milestone was completed.
    /// </summary>
    public static string CurrentStatus(Agreement a, Projections.Milestones.MilestoneView? milestone) => milestone?.Status switch
    {
        MilestoneStatus.Erledigt => MilestoneStatus.Erledigt,
        MilestoneStatus.Abgesagt => MilestoneStatus.Abgesagt,
        MilestoneStatus.Offen => $"{a.Status} (Meilenstein offen)",
        _ => a.Status,
    };

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
