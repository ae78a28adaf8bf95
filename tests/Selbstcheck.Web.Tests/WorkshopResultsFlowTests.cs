using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Selbstcheck.Host.Pages;
using Selbstcheck.Host.Reports;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;
using UglyToad.PdfPig;
using static Selbstcheck.Web.Tests.ApiSteps;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// #15 H2: a workshop's results page in Chromium (/kommunen/{id}/workshops/{w}/ergebnisse) — two facilitators editing the
/// same agreement list at once (the second sees the conflict with both versions), an agreement planned as a milestone in
/// one step, and a whole workshop recorded for a new Kommune whose PDF then holds everything in the seed's order. Each test
/// arranges a Kommune of its own through the API (assigned to the demo facilitator).
/// </summary>
public class WorkshopResultsFlowTests(Browser browser) : IClassFixture<Browser>
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private static DateOnly Today => BerlinTime.Today(DateTimeOffset.UtcNow);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Results(string kommune, Guid workshop) => $"/kommunen/{kommune}/workshops/{workshop}/ergebnisse";

    /// <summary>An input of the form that posts to the handler, by its name ("agreements[0].title").</summary>
    private static ILocator Field(IPage page, string handler, string name) => page.Locator($"form[action*='handler={handler}'] [name='{name}']");

    private static async Task SaveAsync(IPage page, string button, string notice)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Contains(notice, await page.Locator("main").InnerTextAsync());
    }

    [Fact]
    public async Task two_facilitators_edit_the_same_agreement_list_at_once_and_the_second_sees_the_conflict_with_both_versions()
    {
        var (admin, kommune, _) = await KommuneAsync("vb", "Workshopstadt", leadOffice: true, facilitator: true);
        var workshop = await ScheduleAsync(admin, kommune, $"{Iso(Today.AddDays(-3))}T13:00");
        await Ok(admin.PutAsJsonAsync($"/api/kommunen/{kommune}/workshops/{workshop}/agreements", new
        {
            agreements = new[] { new { title = "Interkulturelle Woche vorbereiten", kind = "Dialogveranstaltung", owner = "Integrationsbüro", status = "geplant" } },
        }));
        var (firstContext, first, _) = await browser.OpenAsync();
        await using var _1 = firstContext;
        var (secondContext, second, errors) = await browser.OpenAsync();
        await using var _2 = secondContext;
        await Browser.SignInAsync(first, "Prozessbegleitung");
        await Browser.SignInAsync(second, "Prozessbegleitung");
        await first.GotoAsync(Results(kommune, workshop));
        await second.GotoAsync(Results(kommune, workshop));

        await Field(first, "Vereinbarungen", "agreements[0].title").FillAsync("Interkulturelle Woche 2021 vorbereiten");
        await SaveAsync(first, "Vereinbarungen speichern", "Vereinbarungen gespeichert.");

        await Field(second, "Vereinbarungen", "agreements[1].title").FillAsync("Dialog mit Migrantenorganisationen");
        var response = await second.RunAndWaitForResponseAsync(
            () => second.GetByRole(AriaRole.Button, new() { Name = "Vereinbarungen speichern" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(409, response.Status);
        Assert.Contains("Inzwischen geändert — bitte neu laden", await second.Locator("#fehler").InnerTextAsync());
        // Both versions: the current one (the first facilitator's, version 2) read-only above, the second's typing kept in the form.
        var conflict = second.Locator("#vereinbarungen .sc-konflikt");
        Assert.Contains("Aktuelle Fassung (Version 2), inzwischen von anderer Stelle gespeichert", await conflict.InnerTextAsync());
        Assert.Contains("Interkulturelle Woche 2021 vorbereiten", await conflict.InnerTextAsync());
        Assert.Equal("Interkulturelle Woche vorbereiten", await Field(second, "Vereinbarungen", "agreements[0].title").InputValueAsync());
        Assert.Equal("Dialog mit Migrantenorganisationen", await Field(second, "Vereinbarungen", "agreements[1].title").InputValueAsync());
        Assert.Equal("2", await Field(second, "Vereinbarungen", "expectedVersion").InputValueAsync());
        Assert.Empty(await Browser.SeriousViolationsAsync(second));
        var unchanged = await admin.GetFromJsonAsync<JsonElement>($"/api/kommunen/{kommune}/workshops/{workshop}");
        Assert.Equal(["Interkulturelle Woche 2021 vorbereiten"], unchanged.GetProperty("agreements").EnumerateArray().Select(a => a.GetProperty("title").GetString()));

        // Saving again is a deliberate overwrite with what the second one typed.
        await SaveAsync(second, "Vereinbarungen speichern", "Vereinbarungen gespeichert.");
        var saved = await admin.GetFromJsonAsync<JsonElement>($"/api/kommunen/{kommune}/workshops/{workshop}");
        Assert.Equal(["Interkulturelle Woche vorbereiten", "Dialog mit Migrantenorganisationen"],
            saved.GetProperty("agreements").EnumerateArray().Select(a => a.GetProperty("title").GetString()));
        Assert.Equal(3, saved.GetProperty("versions").GetProperty("agreements").GetInt64());
        // The refused post's own status aside, no console error (a CSP violation would show here).
        Assert.DoesNotContain(errors, e => !e.Contains("409", StringComparison.Ordinal));
    }

    [Fact]
    public async Task an_agreement_becomes_a_milestone_in_one_step_and_the_milestones_page_shows_it()
    {
        var (admin, kommune, _) = await KommuneAsync("ms", "Workshopstadt", leadOffice: true, facilitator: true);
        var workshop = await ScheduleAsync(admin, kommune, $"{Iso(Today.AddDays(-3))}T13:00");
        var agreement = Guid.NewGuid();
        var planned = Today.AddDays(45);
        await Ok(admin.PutAsJsonAsync($"/api/kommunen/{kommune}/workshops/{workshop}/agreements", new
        {
            agreements = new[] { new { agreementId = agreement, title = "Fachtag Vielfalt in der Verwaltung", kind = "Workshop", owner = "Integrationsbüro", plannedDate = Iso(planned), status = "geplant" } },
        }));
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Prozessbegleitung");
        await page.GotoAsync(Results(kommune, workshop));

        await SaveAsync(page, "„Fachtag Vielfalt in der Verwaltung“ als Meilenstein planen", "Meilenstein aus der Vereinbarung geplant.");

        var entry = page.Locator($"#v-{agreement:N}");
        Assert.Contains("Meilenstein geplant", await entry.InnerTextAsync());
        await entry.GetByRole(AriaRole.Link, new() { Name = "Meilenstein geplant" }).ClickAsync();
        Assert.Contains("Fachtag Vielfalt in der Verwaltung", await page.Locator("main").InnerTextAsync());
        await page.GotoAsync($"/kommunen/{kommune}/meilensteine");
        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Fachtag Vielfalt in der Verwaltung", main);
        Assert.Contains(planned.ToString("dd.MM.yyyy", German), main);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task a_facilitator_records_a_whole_workshop_for_a_new_kommune_and_the_pdf_holds_all_of_it_in_the_seeds_order()
    {
        var (admin, kommune, name) = await KommuneAsync("ws", "Workshopstadt", leadOffice: true, facilitator: true);
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Prozessbegleitung");
        // Prepared through the pages as well: scheduled, goals and agenda, participants by sector.
        var workshop = await WorkshopSteps.ScheduleAsync(page, kommune, "Selbstcheck-Workshop", $"{Iso(Today.AddDays(-1))}T13:00");
        await WorkshopSteps.SetAgendaAsync(page, kommune, workshop, ["Ein gemeinsames Bild über die Ergebnisse des Selbstchecks"],
            [new("13:00", "Begrüßung durch den Bürgermeister", null), new("14:30", "Arbeitsgruppen zu den Handlungsfeldern", null)]);
        await WorkshopSteps.SetParticipantsAsync(page, kommune, workshop,
            [new("Verwaltung", "Integrationsbüro"), new("Zivilgesellschaft", "Multikulturelles Zentrum")]);
        // The way in: the workshop's documentation page links to its results.
        await page.GotoAsync($"/kommunen/{kommune}/workshops/{workshop}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Ergebnisse erfassen" }).ClickAsync();
        Assert.EndsWith("/ergebnisse", new Uri(page.Url).AbsolutePath);

        // Statements on Weltoffenheit, with sub-items.
        await Field(page, "Aussagen", "statements[0].text").FillAsync("Vielfalt als Stärke begreifen");
        await Field(page, "Aussagen", "statements[1].text").FillAsync("In der Stadtverwaltung:");
        await Field(page, "Aussagen", "statements[1].items").FillAsync("Mehrsprachige Informationen\nEinfache Sprache");
        await SaveAsync(page, "Aussagen speichern", "Aussagen gespeichert.");

        // Priorities with their votes.
        await page.Locator("#prio-4").CheckAsync();
        await page.Locator("#prio-5").CheckAsync();
        await page.Locator("#punkte-4").FillAsync("12");
        await page.Locator("#punkte-5").FillAsync("9");
        await page.Locator("#punkte-1").FillAsync("3");
        await SaveAsync(page, "Priorisierung speichern", "Priorisierung gespeichert.");

        // Two working groups.
        await Field(page, "NeueArbeitsgruppe", "field").SelectOptionAsync("4");
        await Field(page, "NeueArbeitsgruppe", "whatWorks[0].text").FillAsync("Ehrenamtskarte seit 2019");
        await Field(page, "NeueArbeitsgruppe", "whatDoesNotWorkYet[0].text").FillAsync("Beteiligung außerhalb von Projekten");
        await Field(page, "NeueArbeitsgruppe", "needsForAction[0].text").FillAsync("Netzwerkarbeit offener gestalten");
        await Field(page, "NeueArbeitsgruppe", "needsForAction[0].items").FillAsync("Netzwerkstruktur ausbauen");
        await SaveAsync(page, "Arbeitsgruppe erfassen", "Arbeitsgruppe erfasst");
        await Field(page, "NeueArbeitsgruppe", "whatWorks[0].text").FillAsync("Vielfaltsparcours für Auszubildende");
        await Field(page, "NeueArbeitsgruppe", "whatDoesNotWorkYet[0].text").FillAsync("Diversitätstrainings fehlen");
        await Field(page, "NeueArbeitsgruppe", "needsForAction[0].text").FillAsync("Haltungsarbeit intensivieren");
        await SaveAsync(page, "Arbeitsgruppe erfassen", "Arbeitsgruppe erfasst");
        // A recorded group is edited in place: a Handlungsbedarf added to group 4.
        await Field(page, "Arbeitsgruppe", "needsForAction[1].text").First.FillAsync("Kümmerer etablieren");
        await SaveAsync(page, "Arbeitsgruppe 4 speichern", "Arbeitsgruppe gespeichert.");

        // Three agreements, the second becomes a milestone.
        // One-word titles: a table cell's wrapped lines interleave with the next cells' in the PDF's text.
        string[] titles = ["Einwohnerdialog", "Vielfaltsfachtag", "Stadtratsbericht"];
        string[] kinds = ["Dialogveranstaltung", "Workshop", "Dokumentation"];
        for (var i = 0; i < 3; i++)
        {
            if (i == 2) await SaveAsync(page, "Vereinbarungen speichern", "Vereinbarungen gespeichert."); // two empty rows at a time
            await Field(page, "Vereinbarungen", $"agreements[{i}].title").FillAsync(titles[i]);
            await Field(page, "Vereinbarungen", $"agreements[{i}].kind").SelectOptionAsync(kinds[i]);
            await Field(page, "Vereinbarungen", $"agreements[{i}].owner").FillAsync("Integrationsbüro");
            await Field(page, "Vereinbarungen", $"agreements[{i}].plannedDate").FillAsync(Iso(Today.AddDays(30 * (i + 1))));
        }

        await SaveAsync(page, "Vereinbarungen speichern", "Vereinbarungen gespeichert.");
        await SaveAsync(page, $"„{titles[1]}“ als Meilenstein planen", "Meilenstein aus der Vereinbarung geplant.");

        // Feedback.
        await Field(page, "Rueckmeldungen", "items[0].text").FillAsync("Der Workshop hat zum Nachdenken angeregt");
        await Field(page, "Rueckmeldungen", "items[1].text").FillAsync("Gute Mischung der Teilnehmenden");
        await SaveAsync(page, "Rückmeldungen speichern", "Rückmeldungen gespeichert.");

        // The preview beside the forms shows it already; axe and 320 px are clean with every list filled.
        var preview = await page.Locator(".sc-bearbeitung__vorschau").InnerTextAsync();
        Assert.Contains("Haltungsarbeit intensivieren", preview);
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        var overflow = await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("workshop-ergebnisse"), "ergebnisse-320.png"));
        if (overflow > 0)
        {
            await page.SetViewportSizeAsync(320, 800);
            var wide = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 321).slice(-5).map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40)).join(' | ')");
            Assert.Fail($"The page scrolls sideways at 320 px by {overflow} px: {wide}");
        }

        Assert.Empty(errors);

        // The generated PDF holds all of it, in the order of the seed's documentation.
        var facilitator = await WebHost.ApiAsync("prozessbegleitung", DemoUsers.Facilitator);
        using var pdf = PdfDocument.Open(await facilitator.GetByteArrayAsync($"/api/kommunen/{kommune}/workshops/{workshop}/documentation.pdf"));
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        int At(string s)
        {
            var i = text.IndexOf(s, StringComparison.Ordinal);
            Assert.True(i >= 0, $"\"{s}\" is missing from the PDF");
            return i;
        }

        var sections = WorkshopDocumentation.Sections.Select(At).ToList();
        Assert.Equal(sections.Order(), sections);
        void In(int section, params string[] texts)
        {
            foreach (var t in texts)
            {
                var at = At(t);
                Assert.True(at > sections[section] && (section + 1 == sections.Count || at < sections[section + 1]), $"\"{t}\" is not in section {WorkshopDocumentation.Sections[section]}");
            }
        }

        Assert.Contains(name, text);
        In(0, "Multikulturelles Zentrum");
        In(1, "Begrüßung durch den Bürgermeister", "Arbeitsgruppen zu den Handlungsfeldern");
        In(3, "Vielfalt als Stärke begreifen", "Mehrsprachige Informationen", "Einfache Sprache");
        In(5, "(12 Punkte)", "(9 Punkte)", "Ehrenamtskarte seit 2019", "Beteiligung außerhalb von Projekten", "Netzwerkarbeit offener gestalten",
            "Netzwerkstruktur ausbauen", "Kümmerer etablieren", "Vielfaltsparcours für Auszubildende", "Diversitätstrainings fehlen", "Haltungsarbeit intensivieren");
        In(6, titles);
        In(7, "Der Workshop hat zum Nachdenken angeregt", "Gute Mischung der Teilnehmenden");
        // Within the sections, in the order recorded: statements, priorities by votes, group 4 before group 5, agreements as listed.
        Assert.True(At("Vielfalt als Stärke begreifen") < At("Mehrsprachige Informationen"));
        Assert.True(At("Kümmerer etablieren") < At("Vielfaltsparcours für Auszubildende"));
        Assert.True(At(titles[0]) < At(titles[1]) && At(titles[1]) < At(titles[2]));
        Assert.True(At("zum Nachdenken angeregt") < At("Gute Mischung"));

        // The milestone and the action items exist.
        var milestones = await admin.GetFromJsonAsync<JsonElement>($"/api/kommunen/{kommune}/milestones");
        Assert.Contains(titles[1], milestones.ToString());
        var plan = await admin.GetFromJsonAsync<JsonElement>($"/api/kommunen/{kommune}/action-plan");
        Assert.Equal(3, plan.GetProperty("open").GetInt32());
    }
}
