using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Selbstcheck.Host.Access;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Host.Pages;
using Selbstcheck.Tests.Shared;
using static Selbstcheck.Web.Tests.ApiSteps;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// #15 point 3 (H5) in Chromium: workshop participants (role teilnehmende) read what the workshop left them — its
/// documentation (page and PDF), the Standortbestimmung as it was shown at the workshop (as of the workshop's start),
/// the agreed next steps with their status today — from a start page of their own, and nothing else: no form, and the
/// action plan's edit form answers with the German 403 page. Dessau-Roßlau is only read; the flow that changes data
/// arranges a Kommune of its own through the API.
/// </summary>
public class ParticipantFlowTests(Browser browser) : IClassFixture<Browser>
{
    private const string Dessau = DemoUsers.Kommune;

    /// <summary>The demo's Selbstcheck-Workshop of 1 July 2020 (Demo/dessau-rosslau.json).</summary>
    private const string DessauWorkshop = "0191b7c4-5a2e-7c3e-9a54-000000000001";

    private const string Participant = "Teilnehmende Dessau-Roßlau";

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private static DateOnly Today => BerlinTime.Today(DateTimeOffset.UtcNow);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The page is clean for axe, does not scroll sideways at 320 px (screenshot kept), and logged no console error.</summary>
    private static async Task AssertAccessibleAsync(IPage page, List<string> errors, string screenshot)
    {
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("teilnehmende"), screenshot + "-320px.png")) <= 0,
            $"{page.Url} scrolls sideways at 320 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("teilnehmende"), screenshot + ".png"), FullPage = true });
        Assert.Empty(errors);
    }

    [Fact]
    public async Task a_participant_opens_the_workshop_documentation_and_is_refused_the_action_plans_edit_form()
    {
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;

        // The start leads to the participants' page, which leads to the documentation.
        Assert.Equal($"/kommunen/{Dessau}/fuer-teilnehmende", await Browser.SignInAsync(page, Participant));
        Assert.Contains("Angemeldet als Teilnehmende (dessau-rosslau)", await page.Locator("header").InnerTextAsync());
        Assert.Equal(0, await page.Locator("main form").CountAsync());
        await AssertAccessibleAsync(page, errors, "start");
        await page.GetByRole(AriaRole.Link, new() { Name = "Dokumentation lesen (Selbstcheck-Workshop am 01.07.2020, 13:00 Uhr)" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Equal($"/kommunen/{Dessau}/workshops/{DessauWorkshop}", new Uri(page.Url).AbsolutePath);
        Assert.Equal("Dokumentation: Selbstcheck-Workshop in Dessau-Roßlau am 1. Juli 2020", (await page.Locator("h1").InnerTextAsync()).Trim());
        var documentation = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Eine Dialogveranstaltung mit Einwohnerinnen und Einwohnern und Akteuren durchführen.", documentation);
        Assert.Contains("Was läuft noch nicht so gut?", documentation);
        Assert.Equal(0, await page.Locator("main form, main input, main textarea, main select").CountAsync());
        await AssertAccessibleAsync(page, errors, "dokumentation");
        // The PDF, one click away, is the participant's to download.
        var pdf = await context.APIRequest.GetAsync(await page.GetByRole(AriaRole.Link, new() { Name = "PDF herunterladen" }).GetAttributeAsync("href") ?? "");
        Assert.Equal(200, pdf.Status);
        Assert.StartsWith("application/pdf", pdf.Headers["content-type"]);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString((await pdf.BodyAsync())[..4]));

        // The action plan's edit form (an item's page) and the action plan itself: the German 403 page, no form.
        var plan = await (await WebHost.ApiAsync("kommune", Dessau)).GetFromJsonAsync<JsonElement>($"/api/kommunen/{Dessau}/action-plan");
        var item = plan.GetProperty("fields").EnumerateArray().SelectMany(f => f.GetProperty("items").EnumerateArray()).First().GetProperty("id").GetGuid();
        foreach (var refused in new[] { $"/kommunen/{Dessau}/aktionsplan/{item}", $"/kommunen/{Dessau}/aktionsplan" })
        {
            var response = await page.GotoAsync(refused);
            Assert.Equal(403, response!.Status);
            Assert.Equal("Keine Berechtigung", (await page.Locator("h1").InnerTextAsync()).Trim());
            Assert.Equal("de", await page.GetAttributeAsync("html", "lang"));
            Assert.Equal(0, await page.Locator("form").CountAsync());
        }

        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("teilnehmende"), "403-aktionsplan.png"), FullPage = true });
        // Nor may a participant send the form's post (no antiforgery token needed to be refused first).
        var post = await context.APIRequest.PostAsync($"/kommunen/{Dessau}/aktionsplan/{item}?handler=Status",
            new() { Form = context.APIRequest.CreateFormData().Set("status", "erledigt").Set("reason", "x").Set("expectedVersion", "1") });
        Assert.Equal(403, post.Status);
    }

    [Fact]
    public async Task a_participant_sees_the_standortbestimmung_as_it_was_shown_at_the_workshop()
    {
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, Participant);

        await page.GetByRole(AriaRole.Link, new() { Name = "Standortbestimmung beim Workshop (Selbstcheck-Workshop am 01.07.2020, 13:00 Uhr)" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Equal($"/kommunen/{Dessau}/workshops/{DessauWorkshop}/standortbestimmung", new Uri(page.Url).PathAndQuery);
        var main = await page.Locator("main").InnerTextAsync();
        // As of the workshop's start (13:00 Berlin on 1 July 2020): the administration's round, evaluated and commented in June.
        Assert.Contains("Stand: 01.07.2020, 13:00 Uhr", main);
        Assert.DoesNotContain("Version", await page.Locator("main .sc-alert", new() { HasText = "Stand: " }).InnerTextAsync()); // how many records the history holds is not theirs to read
        Assert.Contains("Runde 1", await page.Locator("#stufen caption").InnerTextAsync());
        Assert.Contains("Die Kommune ist auf dem Weg zur Weltoffenheit fortgeschritten", await page.Locator("#stufen").InnerTextAsync());
        // The civil society's follow-up round of November 2020 came later: not here, but on today's page.
        Assert.Contains("Zu diesem Stand gibt es keine ausgewertete Nachbefragung", await page.Locator("#perspektiven-bereich").InnerTextAsync());
        Assert.Equal(1, await page.Locator("#trend thead th").CountAsync() - 1);
        Assert.Equal(0, await page.Locator("main form").CountAsync());
        await AssertAccessibleAsync(page, errors, "standortbestimmung-beim-workshop");

        // "Zum heutigen Stand" leads to today's Standortbestimmung, which the participant may read: there the later round shows.
        await page.GetByRole(AriaRole.Link, new() { Name = "Zum heutigen Stand" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal($"/kommunen/{Dessau}/standortbestimmung", new Uri(page.Url).PathAndQuery);
        Assert.True(await page.Locator("#perspektiven-bereich table").CountAsync() >= 1, "today's Standortbestimmung shows the later follow-up round");
        Assert.True(await page.Locator("#trend thead th").CountAsync() - 1 >= 1);

        // The moment is the workshop's, not the participant's to choose: earlier states stay closed to the role.
        Assert.Equal(403, (await page.GotoAsync($"/kommunen/{Dessau}/standortbestimmung?stand=2020-07-01"))!.Status);
        Assert.Equal(400, (await page.GotoAsync($"/kommunen/{Dessau}/workshops/{DessauWorkshop}/standortbestimmung?stand=2020-12-31"))!.Status);
        Assert.Equal(403, (await page.GotoAsync($"/kommunen/{Dessau}/fuer-teilnehmende?stand=2020-07-01"))!.Status);
    }

    [Fact]
    public async Task a_participant_sees_the_agreed_next_steps_with_their_current_status()
    {
        // A Kommune of this test: a workshop a week ago with two agreements, one planned as a milestone.
        var (admin, kommune, _) = await KommuneAsync("tn", "Teilnahmestadt", facilitator: true);
        var workshop = await ScheduleAsync(admin, kommune, $"{Iso(Today.AddDays(-7))}T13:00");
        Guid week = Guid.NewGuid(), survey = Guid.NewGuid();
        await Ok(admin.PutAsJsonAsync($"/api/kommunen/{kommune}/workshops/{workshop}/agreements", new
        {
            agreements = new object[]
            {
                new { agreementId = week, title = "Interkulturelle Woche vorbereiten", kind = "Dialogveranstaltung", owner = "Integrationsbüro", plannedDate = Iso(Today.AddDays(30)), status = "geplant", details = new[] { "mit den Migrantenorganisationen" } },
                new { agreementId = survey, title = "Fragebogen an die Vereine weitergeben", kind = "Befragung", owner = (string?)null, plannedDate = (string?)null, status = "vereinbart", details = Array.Empty<string>() },
            },
        }));
        await Ok(admin.PostAsJsonAsync($"/api/kommunen/{kommune}/workshops/{workshop}/held", new { }));
        var milestone = (await OkJson(admin.PostAsJsonAsync($"/api/kommunen/{kommune}/workshops/{workshop}/agreements/{week}/milestone", new { dueDate = Iso(Today.AddDays(40)) })))
            .GetProperty("milestoneId").GetGuid();

        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        Assert.Equal($"/kommunen/{kommune}/fuer-teilnehmende", await SignInAsParticipantAsync(page, kommune));
        await page.GetByRole(AriaRole.Link, new() { Name = "Vereinbarungen und ihr Stand", Exact = false }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Equal($"/kommunen/{kommune}/workshops/{workshop}/vereinbarungen", new Uri(page.Url).AbsolutePath);
        var weekRow = await RowAsync(page, "Interkulturelle Woche vorbereiten");
        Assert.Equal(["Dialogveranstaltung", "Integrationsbüro", Today.AddDays(40).ToString("dd.MM.yyyy", German), "geplant", "als Meilenstein geplant"], weekRow);
        Assert.Contains("mit den Migrantenorganisationen", await page.Locator("#vereinbarungen tbody tr").First.InnerTextAsync());
        Assert.Equal(["Befragung", "–", "–", "vereinbart", "noch nicht als Meilenstein geplant"], await RowAsync(page, "Fragebogen an die Vereine weitergeben"));
        Assert.Equal(0, await page.Locator("main form").CountAsync());
        await AssertAccessibleAsync(page, errors, "vereinbarungen");

        // The milestone is completed: the participant's page shows it as it is today.
        await Ok(admin.PostAsJsonAsync($"/api/kommunen/{kommune}/milestones/{milestone}/complete", new { }));
        await page.ReloadAsync();
        Assert.Equal("erledigt", (await RowAsync(page, "Interkulturelle Woche vorbereiten"))[^1]);
        Assert.Equal("geplant", (await RowAsync(page, "Interkulturelle Woche vorbereiten"))[^2]);

        // A participant of this Kommune reads no other Kommune's agreements.
        Assert.Equal(403, (await page.GotoAsync($"/kommunen/{Dessau}/workshops/{DessauWorkshop}/vereinbarungen"))!.Status);
    }

    [Fact]
    public async Task before_a_workshop_begins_its_standortbestimmung_is_todays_and_one_recorded_before_the_kommunes_first_record_says_so()
    {
        var (admin, kommune, _) = await KommuneAsync("tn", "Vorabstadt", "Sachsen");
        var coming = await ScheduleAsync(admin, kommune, $"{Iso(Today.AddDays(10))}T10:00");
        var recordedLater = await ScheduleAsync(admin, kommune, "2019-05-02T10:00");
        var participant = await WebHost.ApiAsync("teilnehmende", kommune);

        var upcoming = await participant.GetStringAsync($"/kommunen/{kommune}/workshops/{coming}/standortbestimmung");
        Assert.Contains("Der Workshop hat noch nicht begonnen", upcoming);
        Assert.DoesNotContain("Stand: ", upcoming);
        Assert.Contains("Es gibt noch keine ausgewertete vollständige Befragungsrunde.", upcoming);

        // Registered today, the workshop entered afterwards for May 2019: no state then to replay — said so, not a 404.
        var before = await participant.GetStringAsync($"/kommunen/{kommune}/workshops/{recordedLater}/standortbestimmung");
        Assert.Contains("Als der Workshop begann, war für Vorabstadt", before);

        Assert.Contains("Für diesen Workshop sind keine Vereinbarungen erfasst.", await participant.GetStringAsync($"/kommunen/{kommune}/workshops/{coming}/vereinbarungen"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await participant.GetAsync($"/kommunen/{kommune}/workshops/{Guid.NewGuid()}/standortbestimmung")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await participant.GetAsync($"/kommunen/{kommune}/workshops/{Guid.NewGuid()}/vereinbarungen")).StatusCode);
        // Both workshops on the participants' start page, the next one with its links.
        var start = await participant.GetStringAsync($"/kommunen/{kommune}/fuer-teilnehmende");
        Assert.Contains($"/kommunen/{kommune}/workshops/{coming}/vereinbarungen", start);
        Assert.Contains($"/kommunen/{kommune}/workshops/{recordedLater}/standortbestimmung", start);
    }

    /// <summary>The cells of the agreement's row after its heading cell (Art, Verantwortlich, Termin, Beim Workshop, Stand heute).</summary>
    private static async Task<string[]> RowAsync(IPage page, string title)
    {
        var row = page.Locator("#vereinbarungen tbody tr").Filter(new() { Has = page.Locator("th[scope=row]", new() { HasTextString = title }) });
        return (await row.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim()).ToArray();
    }

    /// <summary>Signs a browser in as teilnehmende of KOMMUNE through the token form (the demo sign-in offers only Dessau-Roßlau's); returns where "/" led.</summary>
    private static async Task<string> SignInAsParticipantAsync(IPage page, string kommune)
    {
        var token = await WebHost.Services.GetRequiredService<TokenIssuer>()
            .IssueAsync("teilnehmende", kommune, TimeSpan.FromHours(1), TestHost.UserLabel("teilnehmende", kommune));
        await page.GotoAsync("/anmelden?returnUrl=/");
        await page.Locator("#token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        return new Uri(page.Url).PathAndQuery;
    }
}
