using Microsoft.Playwright;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// #14 perspectives on the Standortbestimmung page: Dessau-Roßlau's administration beside the demo's illustrative
/// civil-society follow-up round, field by field, with its chart and a trend per actor group — today and as of a moment.
/// Only reads the demo's Dessau-Roßlau.
/// </summary>
public class PerspectivesPageTests(Browser browser) : IClassFixture<Browser>
{
    private const string Dessau = "/kommunen/dessau-rosslau";
    private const string Zivilgesellschaft = "Zivilgesellschaft und Migrantenorganisationen";

    [Fact]
    public async Task the_standortbestimmung_shows_the_administration_beside_the_civil_society_round_with_its_chart_and_a_trend_per_group()
    {
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Integrationsbüro Dessau-Roßlau");

        await page.GotoAsync($"{Dessau}/standortbestimmung");

        var table = page.Locator("#perspektiven-2");
        Assert.Contains(Zivilgesellschaft, await table.Locator("caption").InnerTextAsync());
        Assert.Equal(["Kriterium oder Handlungsfeld", "Verwaltung", Zivilgesellschaft, "Abstand (Stufen)", "Unterschied ab einer Stufe"],
            (await table.Locator("thead th").AllInnerTextsAsync()).Select(t => t.Trim()));
        var fields = await table.Locator("tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.field)");
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], fields.Distinct());
        // 1.2: the administration said "ja" (level 3), the illustrative organisations see level 2 — flagged in words, not only by colour.
        var row12 = table.Locator("tbody tr[data-criterion=\"1.2\"]");
        Assert.Equal(["Stufe 3 (Ø 3,00)", "Stufe 2 (Ø 1,67)", "−1", "ja"], (await row12.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Contains("6 Antworten", await page.Locator("section[data-round=\"2\"] p").First.InnerTextAsync());
        Assert.Contains("Verwaltung (Runde 1)", await page.Locator("section[data-round=\"2\"] svg desc").TextContentAsync() ?? "");
        // The trend: one table per actor group, never mixed.
        Assert.Equal("Verwaltung", await page.Locator("#trend").GetAttributeAsync("data-actor-group"));
        Assert.Equal(Zivilgesellschaft, await page.Locator("#trend-1").GetAttributeAsync("data-actor-group"));
        Assert.Equal(["Runde 1 (full)"], (await page.Locator("#trend thead th").AllInnerTextsAsync()).Skip(1).Select(t => t.Trim()));
        Assert.Equal(["Runde 2 (short)"], (await page.Locator("#trend-1 thead th").AllInnerTextsAsync()).Skip(1).Select(t => t.Trim()));

        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page) <= 0, "the perspectives scroll sideways at 320 px");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task as_of_a_moment_the_perspectives_show_only_what_was_closed_by_then()
    {
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Audit");

        await page.GotoAsync($"{Dessau}/standortbestimmung?stand=2020-07-01");
        Assert.Contains("Zu diesem Stand gibt es keine ausgewertete Nachbefragung", await page.Locator("#perspektiven-bereich").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#perspektiven-2").CountAsync());

        await page.GotoAsync($"{Dessau}/standortbestimmung?stand=2020-11-30");
        Assert.Equal(1, await page.Locator("#perspektiven-2").CountAsync());
        Assert.Equal("ja", (await page.Locator("#perspektiven-2 tbody tr[data-criterion=\"1.2\"] td").Last.InnerTextAsync()).Trim());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.Empty(errors);
    }
}
