using Microsoft.Playwright;

namespace Selbstcheck.Web.Tests;

/// <summary>"Meine Kommunen" (#13 point 2): filtered and sorted by any column, in the address; the demo's real lines.</summary>
public class FacilitatorBoardPageTests(Browser browser) : IClassFixture<Browser>
{
    /// <summary>The demo's Kommunen in the order shown (other test classes assign the demo facilitator to Kommunen of their own).</summary>
    private static async Task<string[]> KommunenAsync(IPage page) =>
        (await page.Locator("main tbody th[scope=row]").AllInnerTextsAsync()).Select(t => t.Trim())
            .Where(name => name is "Beispielstadt" or "Dessau-Roßlau").ToArray();

    [Fact]
    public async Task the_board_sorts_by_a_column_header_both_ways_and_filters_by_phase_and_name()
    {
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Prozessbegleitung");
        Assert.Equal(["Beispielstadt", "Dessau-Roßlau"], await KommunenAsync(page));

        // The demo: Dessau-Roßlau has open Handlungsbedarfe, Beispielstadt (still in Teilnahme) none.
        await page.Locator("th a[href*=\"sortierung=handlungsbedarfe\"]").ClickAsync();
        Assert.Equal(["Beispielstadt", "Dessau-Roßlau"], await KommunenAsync(page));
        Assert.Equal("ascending", await page.Locator("th[aria-sort]").GetAttributeAsync("aria-sort"));
        await page.Locator("th a[href*=\"sortierung=handlungsbedarfe\"]").ClickAsync();
        Assert.Equal(["Dessau-Roßlau", "Beispielstadt"], await KommunenAsync(page));
        Assert.Equal("descending", await page.Locator("th[aria-sort]").GetAttributeAsync("aria-sort"));
        Assert.Contains("sortierung=handlungsbedarfe", page.Url);

        await page.GotoAsync("/meine-kommunen");
        await page.GetByLabel("Phase").SelectOptionAsync("Teilnahme");
        await page.GetByRole(AriaRole.Button, new() { Name = "Anzeigen" }).ClickAsync();
        Assert.Equal(["Beispielstadt"], await KommunenAsync(page));
        Assert.Contains("davon entsprechen dem Filter", await page.Locator("main").InnerTextAsync());

        await page.GotoAsync("/meine-kommunen?suche=dessau");
        Assert.Equal(["Dessau-Roßlau"], await KommunenAsync(page));
        Assert.Equal(1, await page.Locator("main tbody th[scope=row]").CountAsync());
        await page.GotoAsync("/meine-kommunen?suche=gibt-es-nicht");
        Assert.Equal(0, await page.Locator("main tbody th[scope=row]").CountAsync());
        Assert.Contains("Keine Kommune entspricht dem Filter.", await page.Locator("main").InnerTextAsync());
    }
}
