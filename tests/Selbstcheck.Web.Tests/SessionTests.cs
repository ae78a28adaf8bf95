using Microsoft.Playwright;

namespace Selbstcheck.Web.Tests;

/// <summary>Signing in and out through the demo sign-in, the start pages' real data, refusals, the skip link — in Chromium.</summary>
public class SessionTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task without_a_session_the_start_leads_to_the_demo_sign_in_which_offers_every_demo_role()
    {
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;

        await page.GotoAsync("/");

        Assert.Equal("/demo-anmeldung", new Uri(page.Url).AbsolutePath);
        var buttons = await page.GetByRole(AriaRole.Button).AllInnerTextsAsync();
        Assert.Equal(
            ["Anmelden als Programmteam", "Anmelden als Prozessbegleitung", "Anmelden als Integrationsbüro Dessau-Roßlau",
             "Anmelden als Amt für Stadtentwicklung Dessau-Roßlau", "Anmelden als Sozialamt Beispielstadt", "Anmelden als Audit", "Anmelden als Audit mit Personendaten",
             "Anmelden als Teilnehmende Dessau-Roßlau"],
            buttons.Select(b => b.Trim()).ToArray());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page) <= 0, "the sign-in page scrolls sideways at 320 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("ohne-anmeldung"), "demo-anmeldung.png"), FullPage = true });
    }

    [Fact]
    public async Task each_start_page_shows_the_demos_real_data()
    {
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;

        await Browser.SignInAsync(page, "Prozessbegleitung");
        var board = await page.Locator("main table").InnerTextAsync();
        Assert.Contains("Dessau-Roßlau", board);
        Assert.Contains("Beispielstadt", board);
        Assert.Contains("Umsetzung", board);
        Assert.Contains("Angemeldet als Prozessbegleitung", await page.Locator("header").InnerTextAsync());

        await page.GotoAsync("/kommunen/dessau-rosslau");
        var home = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Phase", home);
        Assert.Contains("Umsetzung", home);
        Assert.Contains("Offene Handlungsbedarfe", home);
        Assert.Contains("Handlungsfeld 4: Interkulturelle Öffnung und Antirassismus", home);
    }

    [Fact]
    public async Task a_kommune_user_is_refused_another_kommunes_page_with_a_german_page()
    {
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Integrationsbüro Dessau-Roßlau");

        var foreign = await page.GotoAsync("/kommunen/beispielstadt");
        var own = await page.GotoAsync("/kommunen/dessau-rosslau/verlauf");

        Assert.Equal(403, foreign!.Status);
        Assert.Equal(200, own!.Status);
        await page.GotoAsync("/kommunen/beispielstadt");
        Assert.Equal("Keine Berechtigung", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal("de", await page.GetAttributeAsync("html", "lang"));
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("fehlerseiten"), "403-fremde-kommune.png"), FullPage = true });
    }

    [Fact]
    public async Task signing_out_ends_the_session()
    {
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Programmteam");
        Assert.Contains(await context.CookiesAsync(), c => c.Name == "__Host-selbstcheck");

        await page.GetByRole(AriaRole.Button, new() { Name = "Abmelden" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Equal("/demo-anmeldung", new Uri(page.Url).AbsolutePath);
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == "__Host-selbstcheck");
        await page.GotoAsync("/kommunen");
        Assert.Equal("/demo-anmeldung", new Uri(page.Url).AbsolutePath);
    }

    [Fact]
    public async Task the_skip_link_is_the_first_tab_stop_visible_when_focused_and_leads_to_the_content()
    {
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Audit");

        await page.Keyboard.PressAsync("Tab");

        var focused = page.Locator(":focus");
        Assert.Equal("Zum Inhalt springen", (await focused.InnerTextAsync()).Trim());
        var box = await focused.BoundingBoxAsync();
        Assert.True(box is { X: >= 0, Y: >= 0, Width: > 0 }, "the focused skip link is on screen");
        Assert.NotEqual("none", await focused.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle"));
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("inhalt", await page.EvaluateAsync<string>("() => document.activeElement.id"));
    }
}
