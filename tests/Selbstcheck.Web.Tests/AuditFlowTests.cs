using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Selbstcheck.Host.Reports;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// Issue #13, points 3 and 5 in Chromium: the auditor's timeline (filters, the state as of a date, the chain's
/// verification, the export, personal data only with the claim), the Standortbestimmung and the workshop
/// documentation as a page and as PDF. Everything here only reads the demo's Dessau-Roßlau.
/// </summary>
public class AuditFlowTests(Browser browser) : IClassFixture<Browser>
{
    private const string Dessau = "/kommunen/dessau-rosslau";

    [Fact]
    public async Task an_auditor_sees_dessau_as_of_2020_06_30_with_the_evaluated_questionnaire_and_no_held_workshop()
    {
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Audit");
        await page.GotoAsync($"{Dessau}/verlauf");

        await page.GetByLabel("Stand zum Datum").FillAsync("2020-06-30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stand ansehen", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Equal($"{Dessau}?stand=2020-06-30", new Uri(page.Url).PathAndQuery);
        await AssertAsOfAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Standortbestimmung", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal($"{Dessau}/standortbestimmung?stand=2020-06-30", new Uri(page.Url).PathAndQuery);
        await AssertAsOfAsync(page);
        // The evaluated questionnaire: round 1's levels per field, the chart drawn from the state then.
        Assert.True(await page.Locator("#stufen tbody tr").CountAsync() >= 8, "a row per field and the overall row");
        Assert.Contains("Runde 1", await page.Locator("main").InnerTextAsync());
        Assert.Equal(1, await page.Locator("figure.sc-chart svg[role=img]").CountAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Workshop", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await AssertAsOfAsync(page);
        var workshops = await page.Locator("#workshops tbody").InnerTextAsync();
        Assert.Contains("geplant", workshops);
        Assert.DoesNotContain("stattgefunden", workshops);

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Dokumentation ansehen") }).First.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await AssertAsOfAsync(page);
        Assert.Contains("Status: geplant", await page.Locator("main").InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "PDF herunterladen" }).CountAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task every_page_of_a_kommune_renders_as_of_a_date_read_only_with_the_stand_banner()
    {
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Programmteam");
        await page.GotoAsync($"{Dessau}?stand=2020-06-30");

        // Every entry of the Kommune's navigation (each page this build serves), followed at that moment.
        var links = await page.Locator("nav.sc-kommune-nav a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.True(links.Length >= 4, string.Join(", ", links));
        foreach (var link in links)
        {
            Assert.EndsWith("?stand=2020-06-30", link);
            var response = await page.GotoAsync(link);
            Assert.True(response!.Status == 200, $"{link}: {response.Status}");
            Assert.True(await page.Locator("main [role=note]").CountAsync() == 1, $"{link}: no Stand banner");
            Assert.Contains("Stand: 30.06.2020, 23:59 Uhr", await page.Locator("main [role=note]").InnerTextAsync());
            // Read-only: no form that sends anything (the timeline's own GET forms excepted).
            Assert.True(await page.Locator("main form:not([method=get])").CountAsync() == 0, $"{link}: a form that changes something");
        }
    }

    private static async Task AssertAsOfAsync(IPage page)
    {
        var banner = await page.Locator("main [role=note]").InnerTextAsync();
        Assert.Contains("Stand: 30.06.2020, 23:59 Uhr", banner);
        Assert.Equal(0, await page.Locator("main form").CountAsync());
    }

    [Fact]
    public async Task an_auditor_filters_the_timeline_by_event_type_and_by_date()
    {
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Audit");
        await page.GotoAsync($"{Dessau}/verlauf");
        var all = await page.Locator("#zeitleiste tbody tr").CountAsync();

        await page.GetByLabel("Ereignistyp").SelectOptionAsync("workshop_scheduled");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtern" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        var types = await page.Locator("#zeitleiste tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.type)");
        Assert.NotEmpty(types);
        Assert.All(types, t => Assert.Equal("workshop_scheduled", t));
        Assert.True(types.Length < all);
        Assert.Equal("workshop_scheduled", await page.GetByLabel("Ereignistyp").InputValueAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Filter zurücksetzen" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        await page.GetByLabel("Von (Datum)").FillAsync("2020-07-01");
        await page.GetByLabel("Bis (Datum)").FillAsync("2020-07-01");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtern" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Contains("from=2020-07-01", page.Url);
        var moments = await page.Locator("#zeitleiste tbody tr td:nth-child(2)").AllInnerTextsAsync();
        Assert.NotEmpty(moments);
        Assert.All(moments, m => Assert.StartsWith("01.07.2020", m.Trim()));
        Assert.Contains("passende Ereignisse", await page.Locator("#anzahl").InnerTextAsync());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        var (overflow, culprits) = await OverflowAt320Async(page);
        Assert.True(overflow <= 0, $"the timeline scrolls sideways at 320 px: {culprits}");
    }

    [Fact]
    public async Task a_bad_filter_is_shown_next_to_its_field_not_as_an_error_page()
    {
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Audit");

        var response = await page.GotoAsync($"{Dessau}/verlauf?from=2020-07-02&to=2020-07-01");

        Assert.Equal(400, response!.Status);
        Assert.Contains("Das Ende liegt nicht nach dem Beginn.", await page.Locator("#filter-to-fehler").InnerTextAsync());
        Assert.Equal("true", await page.GetByLabel("Bis (Datum)").GetAttributeAsync("aria-invalid"));
    }

    [Fact]
    public async Task the_timeline_shows_the_verified_chain_and_the_export_downloads_with_the_cookie_session()
    {
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Audit");
        await page.GotoAsync($"{Dessau}/verlauf");

        var verification = (await page.Locator("#pruefung").InnerTextAsync()).Trim();
        var counted = Regex.Match(verification, @"^Kette geprüft: (\d+) von (\d+) Ereignissen unverändert\.$");
        Assert.True(counted.Success, verification);
        Assert.Equal(counted.Groups[1].Value, counted.Groups[2].Value);

        var href = await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Audit-Export herunterladen") }).GetAttributeAsync("href");
        var (status, type, length) = await FetchAsync(page, href!);
        Assert.Equal(200, status);
        Assert.StartsWith("application/jsonl", type);
        Assert.True(length > 1000);

        // A later version, one click from its entry: the home as it stood right after that event.
        await page.GetByRole(AriaRole.Link, new() { Name = "Stand nach diesem Ereignis (Version 3)" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Equal($"{Dessau}?version=3", new Uri(page.Url).PathAndQuery);
        Assert.Contains("(Version 3 von", await page.Locator("main [role=note]").InnerTextAsync());
    }

    [Fact]
    public async Task audit_without_the_claim_sees_no_personal_names_where_audit_with_personal_data_sees_them()
    {
        var withheld = await PersonalCellsAsync("Audit");
        var shown = await PersonalCellsAsync("Audit mit Personendaten");

        Assert.Contains("Externe Prozessbegleitung", shown.Timeline);
        Assert.DoesNotContain("[personenbezogen]", shown.Timeline);
        Assert.Contains("Moderation: Externe Prozessbegleitung", shown.Documentation);
        Assert.Contains("[personenbezogen]", withheld.Timeline);
        Assert.DoesNotContain("Externe Prozessbegleitung", withheld.Timeline);
        Assert.Contains("Moderation: [personenbezogen]", withheld.Documentation);
        Assert.DoesNotContain("Moderation: Externe Prozessbegleitung", withheld.Documentation);
    }

    private async Task<(string Timeline, string Documentation)> PersonalCellsAsync(string label)
    {
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, label);
        await page.GotoAsync($"{Dessau}/verlauf?type=workshop_scheduled");
        var timeline = string.Join("\n", await page.Locator("#zeitleiste td.sc-personal").AllInnerTextsAsync());
        await page.GotoAsync($"{Dessau}/workshops");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Dokumentation ansehen") }).First.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        return (timeline, await page.Locator("main").InnerTextAsync());
    }

    [Fact]
    public async Task the_integrationsbuero_opens_the_standortbestimmung_and_sees_the_chart_and_each_fields_table_with_its_level()
    {
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Integrationsbüro Dessau-Roßlau");

        await page.GetByRole(AriaRole.Link, new() { Name = "Standortbestimmung", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Equal($"{Dessau}/standortbestimmung", new Uri(page.Url).AbsolutePath);
        var chart = page.Locator("figure.sc-chart img");
        Assert.True(await chart.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), "the chart image loaded");
        Assert.StartsWith("Standortbestimmung Dessau-Roßlau, Runde", await chart.GetAttributeAsync("alt"));
        var (status, type, _) = await FetchAsync(page, (await chart.GetAttributeAsync("src"))!);
        Assert.Equal(200, status);
        Assert.StartsWith("image/svg+xml", type);

        // The levels the API documents for the current evaluation, field by field, in the table beside the chart.
        var api = await WebHost.ApiAsync("kommune", "dessau-rosslau");
        var maturity = await api.GetFromJsonAsync<JsonElement>("/api/kommunen/dessau-rosslau/maturity");
        var fields = maturity.GetProperty("fields").EnumerateArray().ToList();
        Assert.NotEmpty(fields);
        foreach (var f in fields)
        {
            var number = f.GetProperty("field").GetInt32();
            var row = page.Locator("#stufen tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = $"{number}: {f.GetProperty("name").GetString()}" }) });
            Assert.Equal(f.GetProperty("label").GetString(), (await row.Locator("td").First.InnerTextAsync()).Trim());
            var section = page.Locator($"section.sc-field[data-field=\"{number}\"]");
            Assert.Contains(f.GetProperty("label").GetString()!, await section.Locator("p").First.InnerTextAsync());
            Assert.Equal(f.GetProperty("criteria").GetArrayLength(), await section.Locator("tbody tr").CountAsync());
        }

        Assert.True(await page.Locator("#trend tbody tr").CountAsync() >= fields.Count + 1, "the trend has a row per field and the overall row");
        Assert.Contains("Gesamteinschätzung", await page.Locator("main h2").AllInnerTextsAsync());
        Assert.Equal(0, await page.Locator("main form").CountAsync());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        var (overflow, culprits) = await OverflowAt320Async(page);
        Assert.True(overflow <= 0, $"the Standortbestimmung scrolls sideways at 320 px: {culprits}");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task the_workshop_documentation_is_a_page_and_its_pdf_is_one_click_away()
    {
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Integrationsbüro Dessau-Roßlau");
        await page.GotoAsync($"{Dessau}/workshops");
        Assert.Contains("stattgefunden", await page.Locator("#workshops tbody").InnerTextAsync());

        await page.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Dokumentation ansehen") }).First.ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Matches(@"^/kommunen/dessau-rosslau/workshops/[0-9a-f-]{36}$", new Uri(page.Url).AbsolutePath);
        Assert.StartsWith("Dokumentation: Selbstcheck-Workshop in Dessau-Roßlau am 1. Juli 2020", (await page.Locator("h1").InnerTextAsync()).Trim());
        var headings = await page.Locator("main h2").AllInnerTextsAsync();
        Assert.Equal(WorkshopDocumentation.Sections, headings.Select(h => h.Trim()).ToList());
        Assert.Contains("Leipziger Tor", await page.Locator("main").InnerTextAsync());
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        var (overflow, culprits) = await OverflowAt320Async(page);
        Assert.True(overflow <= 0, $"the documentation scrolls sideways at 320 px: {culprits}");

        var pdf = page.GetByRole(AriaRole.Link, new() { Name = "PDF herunterladen" });
        var (status, type, length) = await FetchAsync(page, (await pdf.GetAttributeAsync("href"))!);
        Assert.Equal(200, status);
        Assert.Equal("application/pdf", type);
        Assert.True(length > 10_000);
        Assert.Empty(errors);
    }

    /// <summary>Fetches an address with the page's cookie session (the browser context's request client): status, content type, length.</summary>
    private static async Task<(int Status, string Type, int Length)> FetchAsync(IPage page, string href)
    {
        var response = await page.APIRequest.GetAsync(href);
        var body = await response.BodyAsync();
        return (response.Status, response.Headers.GetValueOrDefault("content-type", ""), body.Length);
    }

    /// <summary>At 320 px: the overflow, and which elements stick out (for the failure message).</summary>
    private static async Task<(int Overflow, string Culprits)> OverflowAt320Async(IPage page)
    {
        var overflow = await Browser.SidewaysOverflowAt320Async(page);
        if (overflow <= 0) return (overflow, "");
        await page.SetViewportSizeAsync(320, 800);
        var culprits = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.kern-table-responsive'))
              .slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right)).join(', ')
            """);
        await page.SetViewportSizeAsync(1280, 900);
        return (overflow, culprits);
    }
}
