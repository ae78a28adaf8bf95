using System.Net;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Selbstcheck.Host.Demo;
using Selbstcheck.Projections.KommuneOverview;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// #14 point 5 in Chromium: Dessau-Roßlau's position among the demo's Kommunen (the synthetic ones of the fictional
/// cohort among them) with suppressed groups, and the programme team's overview; the synthetic marker where they appear.
/// </summary>
public class BenchmarkPageTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task the_integrationsbuero_sees_its_position_beside_the_distribution_with_small_groups_suppressed()
    {
        var (context, page, errors) = await browser.OpenAsync();
        await using var _ = context;
        await Browser.SignInAsync(page, "Integrationsbüro Dessau-Roßlau");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Seiten der Kommune" }).GetByRole(AriaRole.Link, new() { Name = "Vergleich" }).ClickAsync();

        Assert.Equal("/kommunen/dessau-rosslau/vergleich", new Uri(page.Url).AbsolutePath);
        var main = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Vergleich mit anderen Kommunen: Dessau-Roßlau", main);
        Assert.Contains("Der Vergleich enthält für die Demo erfundene Kommunen.", main);
        // Its own levels (HF 5 level 1, HF 3 level 3) beside the distribution of all Kommunen, its own level's count marked in words.
        var all = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "Ihre Stufe und die Verteilung: Alle Kommunen" }) });
        Assert.Contains("Stufe 1", await all.Locator("tbody tr", new() { HasText = "5: " }).Locator("td").First.InnerTextAsync());
        Assert.Contains("Stufe 3", await all.Locator("tbody tr", new() { HasText = "3: " }).Locator("td").First.InnerTextAsync());
        Assert.True(await all.GetByText("(mit Ihrer Kommune)").CountAsync() >= 1);
        // Dessau-Roßlau alone in its cohort: suppressed; Brandenburg (four synthetic Kommunen) too.
        Assert.Contains("Jahrgang 2020-1", main);
        Assert.Contains("Nicht ausgewiesen: weniger als 5 Kommunen.", main);
        var land = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "Verteilung der Stufen: Nach Bundesland" }) });
        Assert.Contains("nicht ausgewiesen (weniger als 5 Kommunen)", await land.Locator("tbody tr", new() { HasText = "Brandenburg" }).InnerTextAsync());
        Assert.DoesNotContain("Fiktive Kommune", main);

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("vergleich"), "dessau.png"), FullPage = true });
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("vergleich"), "dessau-320px.png")) <= 0, "the Vergleich page scrolls sideways at 320 px");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task the_programme_team_sees_the_overview_per_phase_and_cohort_and_the_synthetic_marker_in_the_list()
    {
        var (context, page, errors) = await browser.OpenAsync();
        await using var _ = context;
        await Browser.SignInAsync(page, "Programmteam");

        var synthetic = page.Locator("main table tbody tr", new() { HasText = "Fiktive Kommune 01" });
        Assert.Contains("(synthetisch)", await synthetic.InnerTextAsync());
        Assert.DoesNotContain("(synthetisch)", await page.Locator("main table tbody tr", new() { HasText = "Dessau-Roßlau" }).InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Programmübersicht: Phasen und Fortschritt je Jahrgang" }).ClickAsync();

        Assert.Equal("/programm", new Uri(page.Url).AbsolutePath);
        var cohort = page.Locator("table", new() { Has = page.Locator("caption", new() { HasText = "Fortschritt je Jahrgang" }) })
            .Locator("tbody tr", new() { Has = page.Locator("th", new() { HasText = SyntheticKommunen.Cohort }) });
        var cells = await cohort.Locator("td").AllInnerTextsAsync();
        Assert.Equal("16", cells[0]);
        Assert.Equal("16", cells[1]);
        Assert.Equal("16 von 16 (100 %)", cells[2]);
        Assert.Equal("8 von 16 (50 %)", cells[3]);
        Assert.Contains("Kommunen je Phase und Jahrgang", await page.Locator("main").InnerTextAsync());

        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("vergleich"), "programm.png"), FullPage = true });
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("vergleich"), "programm-320px.png")) <= 0, "the programme overview scrolls sideways at 320 px");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task as_of_an_earlier_moment_the_page_says_the_comparison_is_todays_only()
    {
        var office = await WebHost.ApiAsync("kommune", "dessau-rosslau");

        var response = await office.GetAsync("/kommunen/dessau-rosslau/vergleich?stand=2020-06-30");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Stand: 30.06.2020", html);
        Assert.Contains("nur zum heutigen Stand", html);
        Assert.DoesNotContain("Ihre Position", html);
    }

    [Fact]
    public async Task a_kommune_is_refused_the_programme_overview()
    {
        var office = await WebHost.ApiAsync("kommune", "dessau-rosslau");

        var response = await office.GetAsync("/programm");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Keine Berechtigung", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task the_synthetic_kommunen_are_created_once_and_marked()
    {
        await WebHost.Address;

        var again = await WebHost.Services.GetRequiredService<SyntheticKommunen>().EnsureAsync(CancellationToken.None);

        Assert.False(again);
        await using var session = WebHost.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var marked = await session.Query<KommuneOverview>().Where(k => k.Synthetic).Select(k => k.Id).ToListAsync();
        Assert.Equal(SyntheticKommunen.Ids.Order(), marked.Order());
        Assert.DoesNotContain("dessau-rosslau", marked);
    }
}
