using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Pages;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;
using static Selbstcheck.Web.Tests.ApiSteps;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// #15 H1, the workshop's preparation in Chromium: a facilitator schedules a workshop, reschedules it with a reason,
/// enters agenda, participants and the documentation's frame on the preparation page and sees them in the preview
/// beside the forms; a stale save shows both versions and saving again overwrites deliberately; another workshop is
/// cancelled with a reason, another marked as held; audit sees no forms. Each test registers its own Kommune through
/// the API (the demo facilitator assigned), so the demo Kommunen stay as the other tests read them.
/// </summary>
public class WorkshopPreparationFlowTests(Browser browser) : IClassFixture<Browser>
{
    private static DateOnly Today => BerlinTime.Today(DateTimeOffset.UtcNow);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string InGerman(DateOnly day) => day.ToString("dd.MM.yyyy", CultureInfo.GetCultureInfo("de-DE"));

    /// <summary>Console errors but the browser's note on a refused post's status (400, 409: the refusal the test asks for).</summary>
    private static List<string> Unexpected(List<string> errors) =>
        errors.Where(e => !e.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal)).ToList();

    private static Task<JsonElement> WorkshopAsync(HttpClient admin, string kommune, Guid workshop) =>
        admin.GetFromJsonAsync<JsonElement>($"/api/kommunen/{kommune}/workshops/{workshop}");

    [Fact]
    public async Task a_facilitator_schedules_reschedules_with_a_reason_and_prepares_a_workshop_whose_preview_shows_agenda_participants_and_frame()
    {
        var (admin, kommune, _) = await KommuneAsync("ws", "Workshopstadt", facilitator: true);
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Prozessbegleitung");

        // A refusal of the schedule form stands next to its field (no place and not online).
        await page.GotoAsync($"/kommunen/{kommune}/workshops");
        await page.Locator("#planen form").GetByLabel("Beginn (Datum und Uhrzeit)").FillAsync($"{Iso(Today.AddDays(30))}T13:00");
        await WorkshopSteps.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Workshop planen" }));
        Assert.Contains("Ort angeben", await page.Locator("#planen-place-fehler").InnerTextAsync());
        Assert.Equal(0, (await admin.GetFromJsonAsync<JsonElement>($"/api/kommunen/{kommune}/workshops")).GetProperty("items").GetArrayLength());

        var workshop = await WorkshopSteps.ScheduleAsync(page, kommune, "Selbstcheck-Workshop", $"{Iso(Today.AddDays(30))}T13:00", "Rathaus, Ratssaal");
        Assert.Contains("Workshop geplant.", await page.Locator("main").InnerTextAsync());
        Assert.Equal($"{Iso(Today.AddDays(30))}T13:00", (await WorkshopAsync(admin, kommune, workshop)).GetProperty("startsAt").GetString());

        // Reschedule with a reason on the workshop's page.
        var moved = Today.AddDays(37);
        await page.GotoAsync($"/kommunen/{kommune}/workshops/{workshop}");
        var reschedule = page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "Verschieben", Exact = true }) });
        await reschedule.GetByLabel("Neuer Beginn").FillAsync($"{Iso(moved)}T14:00");
        await reschedule.GetByLabel("Ort", new() { Exact = true }).FillAsync("Bürgerhaus");
        await reschedule.GetByLabel("Grund der Verschiebung").FillAsync("Ratssaal belegt");
        await WorkshopSteps.SubmitAsync(page, reschedule.GetByRole(AriaRole.Button, new() { Name = "Verschieben", Exact = true }));
        var termin = await page.Locator("#termin").InnerTextAsync();
        Assert.Contains("Termin verschoben.", await page.Locator("main").InnerTextAsync());
        Assert.Contains("Ratssaal belegt", termin);
        Assert.Contains(InGerman(moved), termin);
        var after = await WorkshopAsync(admin, kommune, workshop);
        Assert.Equal(($"{Iso(moved)}T14:00", "Bürgerhaus"), (after.GetProperty("startsAt").GetString(), after.GetProperty("place").GetString()));
        Assert.Equal("Ratssaal belegt", after.GetProperty("reschedules")[0].GetProperty("reason").GetString());

        // Prepare: three agenda items (more than the two empty rows: saved and continued), participants, the frame.
        await page.GetByRole(AriaRole.Link, new() { Name = "Vorbereitung bearbeiten" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await WorkshopSteps.SetAgendaAsync(page, kommune, workshop, ["Standort bestimmen", "Nächste Schritte vereinbaren"],
        [
            new("13:00", "Begrüßung", "Oberbürgermeisterin"),
            new("13:15", "Präsentation der Ergebnisse", "Prozessbegleitung"),
            new("14:30", "Arbeitsgruppen zu den Handlungsfeldern", null),
        ]);
        await WorkshopSteps.SetParticipantsAsync(page, kommune, workshop,
        [
            new("Verwaltung", "Amt für Soziales"),
            new("Zivilgesellschaft", "Multikulturelles Zentrum"),
            new("Politik", "Integrationsbeirat"),
        ]);
        await WorkshopSteps.SetFrameAsync(page, kommune, workshop, new WorkshopSteps.Frame(
            WelcomeBy: "Die Oberbürgermeisterin", WelcomePoints: ["Dank an alle Teilnehmenden"],
            Partners: [new("Bertelsmann Stiftung", "Projektleitung")],
            Leitmotiv: "Vielfalt gestalten", Annex: "Ergebnispräsentation Selbstcheck-Fragebogen"));

        Assert.Contains("Gespeichert.", await page.Locator("main").InnerTextAsync());
        var preview = await page.Locator(".sc-bearbeitung__vorschau").InnerTextAsync();
        foreach (var text in new[]
                 {
                     "Standort bestimmen", "Begrüßung", "Präsentation der Ergebnisse", "Arbeitsgruppen zu den Handlungsfeldern", "Oberbürgermeisterin",
                     "Amt für Soziales", "Multikulturelles Zentrum", "Integrationsbeirat", "Die Oberbürgermeisterin", "Bertelsmann Stiftung", "Vielfalt gestalten",
                 })
        {
            Assert.Contains(text, preview);
        }

        Assert.Equal(1, await page.Locator(".sc-bearbeitung__vorschau a[href$='documentation.pdf']").CountAsync()); // the PDF one click away
        var stored = await WorkshopAsync(admin, kommune, workshop);
        Assert.Equal(["Begrüßung", "Präsentation der Ergebnisse", "Arbeitsgruppen zu den Handlungsfeldern"],
            stored.GetProperty("agenda").EnumerateArray().Select(a => a.GetProperty("title").GetString()));
        Assert.Equal(["Verwaltung", "Zivilgesellschaft", "Politik"], stored.GetProperty("institutions").EnumerateArray().Select(i => i.GetProperty("sector").GetString()));
        Assert.Equal(2, stored.GetProperty("versions").GetProperty("participants").GetInt64()); // three rows: two saved, then one more

        // Removing an item through its "entfernen" box.
        await page.Locator("#agenda [name='items[2].remove']").CheckAsync();
        await WorkshopSteps.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Ziele und Ablauf speichern" }));
        Assert.Equal(2, (await WorkshopAsync(admin, kommune, workshop)).GetProperty("agenda").GetArrayLength());

        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("workshop-vorbereitung"), "vorbereitung-320px.png")) <= 0, "scrolls sideways at 320 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("workshop-vorbereitung"), "vorbereitung.png"), FullPage = true });
        await page.GotoAsync($"/kommunen/{kommune}/workshops/{workshop}");
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("workshop-vorbereitung"), "termin-320px.png")) <= 0, "scrolls sideways at 320 px");
        await page.GotoAsync($"/kommunen/{kommune}/workshops");
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("workshop-vorbereitung"), "planen-320px.png")) <= 0, "scrolls sideways at 320 px");
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task a_stale_agenda_save_keeps_what_was_typed_shows_the_current_version_above_it_and_saving_again_overwrites()
    {
        var (admin, kommune, _) = await KommuneAsync("ws", "Workshopstadt", facilitator: true);
        var workshop = await ScheduleAsync(admin, kommune, $"{Iso(Today.AddDays(20))}T13:00");
        await Ok(admin.PutAsJsonAsync($"/api/kommunen/{kommune}/workshops/{workshop}/agenda",
            new { goals = new[] { "Standort bestimmen" }, items = new[] { new { time = "13:00", title = "Begrüßung" } }, expectedVersion = 0 }));

        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Prozessbegleitung");
        await page.GotoAsync(WorkshopSteps.PreparationPath(kommune, workshop));
        await page.Locator("#agenda [name='items[1].title']").FillAsync("Arbeitsgruppen");
        // Meanwhile someone else saves the agenda (version 1 → 2).
        await Ok(admin.PutAsJsonAsync($"/api/kommunen/{kommune}/workshops/{workshop}/agenda",
            new { goals = new[] { "Standort bestimmen" }, items = new[] { new { time = "13:00", title = "Begrüßung" }, new { time = "15:00", title = "Kaffeepause" } }, expectedVersion = 1 }));
        await WorkshopSteps.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Ziele und Ablauf speichern" }));

        Assert.Contains(FormErrors.StaleTitle, await page.Locator("#fehler").InnerTextAsync());
        var conflict = await page.Locator("#agenda .sc-konflikt").InnerTextAsync();
        Assert.Contains("Aktuelle Fassung (Version 2), inzwischen von anderer Stelle gespeichert", conflict);
        Assert.Contains("Kaffeepause", conflict); // the other's version
        Assert.Equal("Arbeitsgruppen", await page.Locator("#agenda [name='items[1].title']").InputValueAsync()); // what was typed
        Assert.Equal("2", await page.Locator("#agenda [name=expectedVersion]").InputValueAsync());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.Equal(["Begrüßung", "Kaffeepause"], (await WorkshopAsync(admin, kommune, workshop)).GetProperty("agenda").EnumerateArray().Select(a => a.GetProperty("title").GetString()));

        await WorkshopSteps.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Ziele und Ablauf speichern" }));
        Assert.Contains("Gespeichert.", await page.Locator("main").InnerTextAsync());
        Assert.Equal(0, await page.Locator(".sc-konflikt").CountAsync());
        var saved = await WorkshopAsync(admin, kommune, workshop);
        Assert.Equal(["Begrüßung", "Arbeitsgruppen"], saved.GetProperty("agenda").EnumerateArray().Select(a => a.GetProperty("title").GetString()));
        Assert.Equal(3, saved.GetProperty("versions").GetProperty("agenda").GetInt64());
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task a_participant_row_without_a_sector_is_refused_next_to_its_field_keeps_the_rows_typed_and_changes_nothing()
    {
        var (admin, kommune, _) = await KommuneAsync("ws", "Workshopstadt", facilitator: true);
        var workshop = await ScheduleAsync(admin, kommune, $"{Iso(Today.AddDays(20))}T13:00");

        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Programmteam");
        await page.GotoAsync(WorkshopSteps.PreparationPath(kommune, workshop));
        await page.Locator("#teilnehmende [name='institutions[0].sector']").SelectOptionAsync("Wirtschaft");
        await page.Locator("#teilnehmende [name='institutions[0].name']").FillAsync("Industrie- und Handelskammer");
        await page.Locator("#teilnehmende [name='institutions[1].name']").FillAsync("Sportverein");
        await WorkshopSteps.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Teilnehmende speichern" }));

        Assert.Contains("Erlaubt:", await page.Locator("[id='teilnehmende-institutions[1].sector-fehler']").InnerTextAsync());
        Assert.Equal("true", await page.Locator("[id='teilnehmende-institutions[1].sector']").GetAttributeAsync("aria-invalid"));
        Assert.Equal("Industrie- und Handelskammer", await page.Locator("#teilnehmende [name='institutions[0].name']").InputValueAsync());
        Assert.Equal("Sportverein", await page.Locator("#teilnehmende [name='institutions[1].name']").InputValueAsync());
        Assert.Equal(0, (await WorkshopAsync(admin, kommune, workshop)).GetProperty("institutions").GetArrayLength());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));

        await page.Locator("#teilnehmende [name='institutions[1].sector']").SelectOptionAsync("Zivilgesellschaft");
        await WorkshopSteps.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Teilnehmende speichern" }));
        Assert.Contains("Gespeichert.", await page.Locator("main").InnerTextAsync());
        Assert.Equal(["Industrie- und Handelskammer", "Sportverein"],
            (await WorkshopAsync(admin, kommune, workshop)).GetProperty("institutions").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task a_facilitator_cancels_a_workshop_with_a_reason_and_marks_another_as_held_and_audit_sees_no_forms()
    {
        var (admin, kommune, _) = await KommuneAsync("ws", "Workshopstadt", facilitator: true);
        var cancelled = await ScheduleAsync(admin, kommune, $"{Iso(Today.AddDays(10))}T13:00");
        var held = await ScheduleAsync(admin, kommune, $"{Iso(Today.AddDays(-1))}T13:00");

        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Prozessbegleitung");
        await page.GotoAsync($"/kommunen/{kommune}/workshops/{cancelled}");
        await WorkshopSteps.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Workshop absagen" }));
        Assert.Contains("Pflichtfeld", await page.Locator("#absagen-reason-fehler").InnerTextAsync());
        Assert.Equal("true", await page.Locator("#absagen-reason").GetAttributeAsync("aria-invalid"));
        Assert.Equal("geplant", (await WorkshopAsync(admin, kommune, cancelled)).GetProperty("status").GetString());

        await page.GetByLabel("Grund der Absage").FillAsync("Zu wenige Anmeldungen");
        await WorkshopSteps.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Workshop absagen" }));
        Assert.Contains("Workshop abgesagt.", await page.Locator("main").InnerTextAsync());
        Assert.Contains("Zu wenige Anmeldungen", await page.Locator("#termin").InnerTextAsync());
        var after = await WorkshopAsync(admin, kommune, cancelled);
        Assert.Equal(("abgesagt", "Zu wenige Anmeldungen"), (after.GetProperty("status").GetString(), after.GetProperty("cancellationReason").GetString()));
        Assert.Equal(0, await page.Locator("main form").CountAsync()); // nothing more to change
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Vorbereitung bearbeiten" }).CountAsync());

        await page.GotoAsync($"/kommunen/{kommune}/workshops/{held}");
        await WorkshopSteps.SubmitAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Als stattgefunden eintragen" }));
        Assert.Contains("Als stattgefunden eingetragen.", await page.Locator("main").InnerTextAsync());
        Assert.True((await WorkshopAsync(admin, kommune, held)).GetProperty("held").GetBoolean());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Verschieben", Exact = true }).CountAsync());
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Vorbereitung bearbeiten" }).CountAsync()); // the documentation goes on after the workshop
        Assert.Empty(Unexpected(errors));

        // Audit reads the workshops but sees no form, and the preparation page is not theirs.
        var (auditContext, audit, _) = await browser.OpenAsync();
        await using var _a = auditContext;
        await Browser.SignInAsync(audit, "Audit");
        await audit.GotoAsync($"/kommunen/{kommune}/workshops");
        Assert.Contains("Workshops von", await audit.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await audit.Locator("main form").CountAsync());
        Assert.Equal(0, await audit.GetByRole(AriaRole.Link, new() { Name = "Vorbereitung" }).CountAsync());
        await audit.GotoAsync($"/kommunen/{kommune}/workshops/{held}");
        Assert.Equal(0, await audit.Locator("main form").CountAsync());
        var refused = await audit.GotoAsync(WorkshopSteps.PreparationPath(kommune, held));
        Assert.Equal((int)HttpStatusCode.Forbidden, refused!.Status);
    }
}
