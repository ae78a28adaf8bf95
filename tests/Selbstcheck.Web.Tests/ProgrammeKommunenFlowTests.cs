using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Selbstcheck.Host.Pages;
using Selbstcheck.Tests.Shared;
using static Selbstcheck.Web.Tests.ApiSteps;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// #15 H3, the programme team's Kommunen in Chromium: registering with the id proposed from the name ("Öhringen" →
/// "oehringen"), editing the master data and assigning a facilitator (whose board then lists the Kommune), revoking a
/// link (the list shows it revoked), and every page of the programme area axe-clean at 320 px with its navigation.
/// Flows that change data use Kommunen of their own.
/// </summary>
public class ProgrammeKommunenFlowTests(Browser browser) : IClassFixture<Browser>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static async Task AssertCleanAsync(IPage page)
    {
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        var name = System.Text.RegularExpressions.Regex.Replace(new Uri(page.Url).PathAndQuery.Trim('/'), "[^A-Za-z0-9-]+", "_");
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("programm-kommunen"), $"{name}-320px.png")) <= 0,
            $"{page.Url} scrolls sideways at 320 px");
    }

    /// <summary>Console errors besides Chromium's note on a refused form's 4xx answer (the refusals these flows provoke).</summary>
    private static IEnumerable<string> Unexpected(List<string> errors) =>
        errors.Where(e => !e.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal));

    private static Task<string> NoticeAsync(IPage page) => page.Locator("main [role=status]").First.InnerTextAsync();

    [Fact]
    public async Task the_programme_team_registers_a_Kommune_named_Öhringen_and_gets_the_proposed_id_oehringen()
    {
        var (context, page, errors) = await browser.OpenAsync();
        await using var _ = context;
        await Browser.SignInAsync(page, "Programmteam");
        await page.GotoAsync("/programm/kommunen");

        // The proposal is shown before registering (a plain form post: no script needed).
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Öhringen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Kennung vorschlagen" }).ClickAsync();
        Assert.Equal("oehringen", await page.Locator("#registrieren-id").InputValueAsync());
        Assert.Contains("Vorgeschlagene Kennung: oehringen", await page.Locator("main").InnerTextAsync());
        Assert.Equal("Öhringen", await page.GetByLabel("Name", new() { Exact = true }).InputValueAsync());
        await AssertCleanAsync(page);

        await page.GetByLabel("Bundesland", new() { Exact = true }).Last.SelectOptionAsync("Baden-Württemberg");
        await page.GetByLabel("Jahrgang (optional)").FillAsync("2026-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrieren" }).ClickAsync();

        Assert.Equal("/programm/kommunen/oehringen", new Uri(page.Url).AbsolutePath);
        Assert.Contains("Kommune „Öhringen“ registriert, Kennung „oehringen“.", await NoticeAsync(page));
        Assert.Equal("Öhringen verwalten", (await page.Locator("h1").InnerTextAsync()).Trim());
        var kommune = await (await WebHost.ApiAsync("programmteam")).GetFromJsonAsync<JsonElement>("/api/kommunen/oehringen", Web);
        Assert.Equal(("Öhringen", "Baden-Württemberg", "2026-1"),
            (kommune.GetProperty("name").GetString(), kommune.GetProperty("bundesland").GetString(), kommune.GetProperty("cohort").GetString()));
        await AssertCleanAsync(page);

        // Registering the same name again proposes the same id: refused next to the id field, nothing registered twice.
        await page.GotoAsync("/programm/kommunen");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Öhringen");
        await page.GetByLabel("Bundesland", new() { Exact = true }).Last.SelectOptionAsync("Baden-Württemberg");
        await page.GetByRole(AriaRole.Button, new() { Name = "Registrieren" }).ClickAsync();
        Assert.Equal("Kommune existiert bereits", (await page.Locator("#fehler .kern-title").InnerTextAsync()).Trim());
        Assert.Equal("oehringen", await page.Locator("#registrieren-id").InputValueAsync());
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task the_programme_team_edits_the_master_data_and_assigns_a_facilitator_whose_board_then_shows_the_kommune()
    {
        var (api, id, _) = await KommuneAsync("stammdaten", "Verwaltungsstadt", "Hessen");
        var renamed = $"Neue Stadt {id[^4..]}";
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Programmteam");
        await page.GotoAsync($"/programm/kommunen/{id}");

        await page.Locator("#stammdaten-name").FillAsync(renamed);
        await page.Locator("#stammdaten-bundesland").SelectOptionAsync("Thüringen");
        await page.Locator("#stammdaten-cohort").FillAsync("2026-2");
        await page.Locator("#stammdaten-ags").FillAsync(TestHost.NewAgs());
        await page.GetByRole(AriaRole.Button, new() { Name = "Stammdaten speichern" }).ClickAsync();
        Assert.Equal("Stammdaten gespeichert.", (await NoticeAsync(page)).Trim());
        Assert.Equal($"{renamed} verwalten", (await page.Locator("h1").InnerTextAsync()).Trim());

        // An invalid value is refused beside its field and changes nothing.
        await page.Locator("#stammdaten-cohort").FillAsync("2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stammdaten speichern" }).ClickAsync();
        Assert.Contains("Format JJJJ-N", await page.Locator("#stammdaten-cohort-fehler").InnerTextAsync());
        Assert.Equal("true", await page.Locator("#stammdaten-cohort").GetAttributeAsync("aria-invalid"));
        Assert.Equal("2026", await page.Locator("#stammdaten-cohort").InputValueAsync());

        await page.GotoAsync($"/programm/kommunen/{id}");
        await page.Locator("#prozessbegleitung-personId").SelectOptionAsync(new SelectOptionValue { Value = DemoUsers.Facilitator });
        await page.GetByRole(AriaRole.Button, new() { Name = "Zuordnen" }).ClickAsync();
        Assert.Equal("Prozessbegleitung gespeichert.", (await NoticeAsync(page)).Trim());
        Assert.Equal(DemoUsers.Facilitator, await page.Locator("#prozessbegleitung-personId").InputValueAsync());
        await AssertCleanAsync(page);

        var kommune = await api.GetFromJsonAsync<JsonElement>($"/api/kommunen/{id}", Web);
        Assert.Equal((renamed, "Thüringen", "2026-2", DemoUsers.Facilitator),
            (kommune.GetProperty("name").GetString(), kommune.GetProperty("bundesland").GetString(), kommune.GetProperty("cohort").GetString(),
             kommune.GetProperty("facilitatorId").GetString()));

        // The list of the programme team and the cohort page name the Kommune under its new name, with its facilitator.
        await page.GotoAsync($"/programm/kommunen?jahrgang=2026-2&suche={Uri.EscapeDataString(renamed)}");
        Assert.Equal([renamed], (await page.Locator("#kommunen-liste tbody th[scope=row]").AllInnerTextsAsync()).Select(t => t.Trim()));
        await page.GotoAsync("/programm/kohorten");
        Assert.Contains(renamed, await page.Locator("#jahrgang-2026-2").Locator("xpath=..").InnerTextAsync());

        // The facilitator's board (an asynchronous projection) lists it under the new name.
        var (pbContext, pbPage, _) = await browser.OpenAsync();
        await using var _p = pbContext;
        await Browser.SignInAsync(pbPage, "Prozessbegleitung");
        var found = false;
        for (var i = 0; i < 50 && !found; i++)
        {
            await pbPage.GotoAsync($"/meine-kommunen?suche={Uri.EscapeDataString(renamed)}");
            found = await pbPage.Locator("main tbody th[scope=row]", new() { HasTextString = renamed }).CountAsync() == 1;
            if (!found) await Task.Delay(300);
        }

        Assert.True(found, $"the facilitator's board does not list {renamed}");
        Assert.Empty(Unexpected(errors));
    }

    [Fact]
    public async Task a_stale_master_data_edit_shows_the_conflict_with_the_current_values()
    {
        var (api, id, _) = await KommuneAsync("veraltet", "Verwaltungsstadt", "Hessen");
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Programmteam");
        await page.GotoAsync($"/programm/kommunen/{id}");
        (await api.PutAsJsonAsync($"/api/kommunen/{id}/master-data", new { name = "Anderswo", kind = "Gemeinde", bundesland = "Hessen" })).EnsureSuccessStatusCode();

        await page.Locator("#stammdaten-name").FillAsync("Meine Änderung");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stammdaten speichern" }).ClickAsync();

        Assert.Equal("Inzwischen geändert — bitte neu laden", (await page.Locator("#fehler .kern-title").InnerTextAsync()).Trim());
        Assert.Equal("Anderswo", await page.Locator("#stammdaten-name").InputValueAsync());
        Assert.Equal("Gemeinde", await page.Locator("#stammdaten-kind").InputValueAsync());
        Assert.Equal("Anderswo", (await api.GetFromJsonAsync<JsonElement>($"/api/kommunen/{id}", Web)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task the_programme_team_revokes_a_link_and_the_list_shows_it_revoked()
    {
        var (api, id, _) = await KommuneAsync("links", "Verwaltungsstadt", "Hessen");
        var issued = await (await api.PostAsJsonAsync($"/api/kommunen/{id}/links", new { purpose = "kalender", validDays = 30 })).Content.ReadFromJsonAsync<JsonElement>(Web);
        var link = issued.GetProperty("id").GetString();
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Programmteam");
        await page.GotoAsync($"/programm/kommunen/{id}");

        var row = page.Locator($"#links-liste tr[data-link=\"{link}\"]");
        var before = await row.InnerTextAsync();
        Assert.Contains("Kalenderlink", before);
        Assert.Contains("Kalender der Kommune", before);
        Assert.Contains("(Programmteam)", before);
        Assert.Contains("gültig", before);
        await AssertCleanAsync(page);

        await row.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Widerrufen") }).ClickAsync();

        Assert.Equal("Link widerrufen.", (await NoticeAsync(page)).Trim());
        var after = await page.Locator($"#links-liste tr[data-link=\"{link}\"]").InnerTextAsync();
        Assert.Contains("widerrufen am", after);
        Assert.Equal(0, await page.Locator($"#links-liste tr[data-link=\"{link}\"] button").CountAsync());
        var links = await api.GetFromJsonAsync<JsonElement>($"/api/kommunen/{id}/links", Web);
        Assert.NotEqual(JsonValueKind.Null, links.GetProperty("items")[0].GetProperty("revokedAt").ValueKind);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task every_programme_page_shows_the_programme_navigation_and_is_axe_clean_at_320_px()
    {
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Programmteam");
        foreach (var path in new[] { "/programm", "/programm/kommunen", "/programm/kommunen/dessau-rosslau", "/programm/kohorten", "/programm/personen", "/programm/benutzer", "/programm/kataloge" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(200, response!.Status);
            var nav = page.Locator("nav[aria-label=\"Seiten des Programmteams\"]");
            var entries = (await nav.Locator("a").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
            Assert.Equal(["Übersicht", "Kommunen", "Jahrgänge", "Personen", "Benutzer", "Kataloge", "Hintergrundaufgaben"], entries);
            Assert.Equal("/hangfire", await nav.GetByRole(AriaRole.Link, new() { Name = "Hintergrundaufgaben" }).GetAttributeAsync("href"));
            Assert.Equal(1, await page.Locator("h1").CountAsync());
            Assert.Equal(1, await nav.Locator("a[aria-current]").CountAsync());
            await AssertCleanAsync(page);
        }

        Assert.Empty(errors);
        // The job dashboard is Hangfire's own page (not checked as one of ours): it answers the programme team.
        var dashboard = await page.GotoAsync("/hangfire");
        Assert.Equal(200, dashboard!.Status);
    }
}
