using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// A respondent answers through their link (#13, point 4) and the Integrationsbüro answers on a unit's behalf
/// (point 3) — in Chromium, on a Kommune of the test's own, arranged through the API.
/// </summary>
public class RespondentFlowTests(Browser browser) : IClassFixture<Browser>
{
    private sealed record Arranged(string Kommune, int Round, Guid Respondent, string Key, string Link, HttpClient Admin)
    {
        /// <summary>The link as the browser opens it (the test host's address instead of the configured public one).</summary>
        public string PathAndQuery => new Uri(Link).PathAndQuery;
    }

    private static async Task<Arranged> ArrangeAsync(string unit)
    {
        var admin = await WebHost.ApiAsync(Roles.Programmteam);
        var kommune = await admin.RegisterKommune(TestHost.NewKommuneId("befragung"));
        var round = await admin.OpenRound(kommune);
        var (respondent, _, _) = await admin.AddRespondent(kommune, round, unit);
        // The link as the Integrationsbüro issues it (the one shown once on the rounds page).
        var office = await WebHost.ApiAsync(Roles.Kommune, kommune);
        var issued = await office.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/respondents/{respondent}/link", null);
        await issued.ShouldBe(HttpStatusCode.Created);
        var body = await issued.ReadJson();
        return new Arranged(kommune, round, respondent, body.GetProperty("key").GetString()!, body.GetProperty("link").GetString()!, admin);
    }

    private static ILocator Answer(IPage page, string criterion, string answer) =>
        page.Locator($"input[type=radio][name='antwort-{criterion}'][value='{answer}']");

    [Fact]
    public async Task a_respondent_answers_part_leaves_resumes_by_the_link_and_submits_after_a_confirmation_listing_the_unanswered()
    {
        var a = await ArrangeAsync("Ordnungsamt");
        var (context, page, errors) = await browser.OpenAsync();

        await page.GotoAsync(a.PathAndQuery);
        Assert.Equal("/befragung", new Uri(page.Url).PathAndQuery);
        Assert.DoesNotContain(a.Key, page.Url);
        Assert.Contains("Selbstcheck-Fragebogen: Ordnungsamt", await page.Locator("h1").InnerTextAsync());

        await LoadsAsync(page, () => page.GetByRole(AriaRole.Link, new() { Name = "Handlungsfeld 1:", Exact = false }).ClickAsync());
        Assert.Equal("/befragung/feld/1", new Uri(page.Url).AbsolutePath);
        Assert.Contains("0 von 4 beantwortet", await page.Locator("#fortschritt").InnerTextAsync());
        await Answer(page, "1.1", "ja").CheckAsync();
        await Answer(page, "1.2", "eher ja").CheckAsync();
        await page.Locator("textarea[name='kommentar-1.1']").FillAsync("Leitbild seit 2019 beschlossen.");
        await LoadsAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Speichern", Exact = true }).ClickAsync());
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Contains("Gespeichert.", await page.Locator("main").InnerTextAsync());
        Assert.Contains("2 von 4 beantwortet", await page.Locator("#fortschritt").InnerTextAsync());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page) <= 0, "the questionnaire scrolls sideways at 320 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("befragte"), "feld-1.png"), FullPage = true });
        await context.CloseAsync();

        // Later, in a new browser: the same link, the saved answers.
        var (again, page2, errors2) = await browser.OpenAsync();
        await using var _ = again;
        await page2.GotoAsync(a.PathAndQuery);
        Assert.Equal("/befragung", new Uri(page2.Url).PathAndQuery);
        Assert.Contains("Insgesamt 2 von 28 Kriterien beantwortet", await page2.Locator("main").InnerTextAsync());
        await page2.GotoAsync("/befragung/feld/1");
        Assert.True(await Answer(page2, "1.1", "ja").IsCheckedAsync());
        Assert.True(await Answer(page2, "1.2", "eher ja").IsCheckedAsync());
        Assert.Equal("Leitbild seit 2019 beschlossen.", await page2.Locator("textarea[name='kommentar-1.1']").InputValueAsync());

        // The rest but one, field by field ("Speichern und weiter" leads on, after the last field to the confirmation).
        while (new Uri(page2.Url).AbsolutePath.StartsWith("/befragung/feld/", StringComparison.Ordinal))
        {
            // The criteria of this field without an answer yet (one look), then a click each.
            var open = await page2.EvaluateAsync<string[]>("""
                () => [...new Set([...document.querySelectorAll('input[type=radio]')].map(r => r.name))]
                        .filter(n => !document.querySelector(`input[name='${n}']:checked`))
                """);
            foreach (var name in open.Where(n => n != "antwort-7.4"))
            {
                await page2.Locator($"input[type=radio][name='{name}'][value='eher nein']").CheckAsync();
            }

            await LoadsAsync(page2, () => page2.GetByRole(AriaRole.Button, new() { Name = "Speichern und weiter" }).ClickAsync());
            await page2.WaitForLoadStateAsync(LoadState.Load);
        }

        Assert.Equal("/befragung/absenden", new Uri(page2.Url).AbsolutePath);
        var unanswered = await page2.Locator(".sc-unbeantwortet li").AllInnerTextsAsync();
        Assert.Single(unanswered);
        Assert.StartsWith("7.4", unanswered[0].Trim());
        Assert.Contains("27 von 28", await page2.Locator("main").InnerTextAsync());
        Assert.Empty(await Browser.SeriousViolationsAsync(page2));
        await page2.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("befragte"), "absenden.png"), FullPage = true });
        await LoadsAsync(page2, () => page2.GetByRole(AriaRole.Button, new() { Name = "Jetzt verbindlich abschicken" }).ClickAsync());
        await page2.WaitForLoadStateAsync(LoadState.Load);

        Assert.Equal("/befragung", new Uri(page2.Url).AbsolutePath);
        Assert.Contains("Ihre Antworten sind abgeschickt", await page2.Locator("main").InnerTextAsync());
        await page2.GotoAsync("/befragung/feld/1");
        Assert.Equal(0, await page2.Locator("form.sc-fragebogen, input[type=radio]").CountAsync());
        Assert.Contains("Ja", await page2.Locator(".sc-antworten").InnerTextAsync());
        var state = await (await a.Admin.GetAsync($"/api/kommunen/{a.Kommune}/rounds/{a.Round}/respondents/{a.Respondent}/answers")).ReadJson();
        Assert.True(state.GetProperty("submitted").GetBoolean());
        Assert.Equal(27, state.GetProperty("answers").GetArrayLength());
        Assert.False(state.GetProperty("answers")[0].GetProperty("onBehalf").GetBoolean());
        Assert.Empty(errors);
        Assert.Empty(errors2);
    }

    /// <summary>Runs what loads a new document (a click, Enter on a link or button) and waits until that document has loaded.</summary>
    private static async Task LoadsAsync(IPage page, Func<Task> action)
    {
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLoad(object? sender, IPage p) => loaded.TrySetResult();
        page.Load += OnLoad;
        try
        {
            await action();
            await loaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            page.Load -= OnLoad;
        }
    }

    /// <summary>Presses Tab until the focused element matches the selector; fails after 80 presses.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) === true", selector)) return;
        }

        Assert.Fail($"Tab never reached {selector}");
    }

    private static Task<bool> FocusVisibleAsync(IPage page) =>
        page.EvaluateAsync<bool>("""
            () => {
              const e = document.activeElement;
              if (!e || !e.matches(':focus-visible')) return false;
              const s = getComputedStyle(e);
              return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
            }
            """);

    [Fact]
    public async Task with_the_keyboard_alone_a_respondent_answers_a_criterion_saves_and_reaches_submit_with_visible_focus()
    {
        var a = await ArrangeAsync("Stadtbibliothek");
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await page.GotoAsync(a.PathAndQuery);

        await TabToAsync(page, "a[href='/befragung/feld/1']");
        Assert.True(await FocusVisibleAsync(page), "the field link shows no focus");
        await LoadsAsync(page, () => page.Keyboard.PressAsync("Enter"));
        Assert.Equal("/befragung/feld/1", new Uri(page.Url).AbsolutePath);

        await TabToAsync(page, "input[name='antwort-1.1']");
        await page.Keyboard.PressAsync("Space");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.True(await Answer(page, "1.1", "eher ja").IsCheckedAsync());
        await TabToAsync(page, "form.sc-fragebogen button[type=submit]:not([name])");
        Assert.True(await FocusVisibleAsync(page), "the save button shows no focus");
        await LoadsAsync(page, () => page.Keyboard.PressAsync("Enter"));
        Assert.Contains("Gespeichert.", await page.Locator("main").InnerTextAsync());
        Assert.True(await Answer(page, "1.1", "eher ja").IsCheckedAsync());

        await TabToAsync(page, "a[href='/befragung/absenden']");
        await LoadsAsync(page, () => page.Keyboard.PressAsync("Enter"));
        Assert.Equal("/befragung/absenden", new Uri(page.Url).AbsolutePath);
        await TabToAsync(page, "form#absenden button");
        Assert.True(await FocusVisibleAsync(page), "the submit button shows no focus");
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.False(await page.EvaluateAsync<bool>("() => document.activeElement?.matches('form#absenden button') === true"));
        await TabToAsync(page, "form#absenden button");
        await LoadsAsync(page, () => page.Keyboard.PressAsync("Enter"));
        Assert.Equal("/befragung", new Uri(page.Url).AbsolutePath);
        Assert.Contains("Ihre Antworten sind abgeschickt", await page.Locator("main").InnerTextAsync());
    }

    [Fact]
    public async Task with_javascript_off_saving_works()
    {
        var a = await ArrangeAsync("Kulturamt");
        await using var context = await browser.Instance!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.Address, Locale = "de-DE", JavaScriptEnabled = false,
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync(a.PathAndQuery);
        await page.GotoAsync("/befragung/feld/3");
        await Answer(page, "3.1", "keine Angabe").CheckAsync();
        await page.Locator("input[name='beleg-3.1']").FillAsync("https://example.org/bericht.pdf");
        await LoadsAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Speichern", Exact = true }).ClickAsync());
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Contains("Gespeichert.", await page.Locator("main").InnerTextAsync());
        Assert.Contains("1 von 1 beantwortet", await page.Locator("#fortschritt").InnerTextAsync());
        Assert.True(await Answer(page, "3.1", "keine Angabe").IsCheckedAsync());
        var answers = await (await a.Admin.GetAsync($"/api/kommunen/{a.Kommune}/rounds/{a.Round}/respondents/{a.Respondent}/answers")).ReadJson();
        Assert.Equal("https://example.org/bericht.pdf", answers.GetProperty("answers")[0].GetProperty("evidence").GetString());

        // A refusal is shown at its field too, without JavaScript.
        await page.Locator("input[name='beleg-3.1']").FillAsync("kein Link");
        await LoadsAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Speichern", Exact = true }).ClickAsync());
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Contains("Ungültige Eingabe", await page.Locator("#fehler").InnerTextAsync());
        Assert.Equal("true", await page.Locator("input[name='beleg-3.1']").GetAttributeAsync("aria-invalid"));
    }

    [Fact]
    public async Task a_revoked_link_ends_the_session_with_a_german_page()
    {
        var a = await ArrangeAsync("Jugendamt");
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await page.GotoAsync(a.PathAndQuery);
        Assert.Equal(200, (await page.GotoAsync("/befragung/feld/1"))!.Status);

        var links = await (await a.Admin.GetAsync($"/api/kommunen/{a.Kommune}/links")).ReadJson();
        var link = links.GetProperty("items").EnumerateArray()
            .Single(l => l.GetProperty("subject").GetString() == LinkTokens.RespondentSubject(a.Round, a.Respondent) && l.GetProperty("revokedAt").ValueKind == JsonValueKind.Null);
        await (await a.Admin.DeleteAsync($"/api/kommunen/{a.Kommune}/links/{link.GetProperty("id").GetGuid()}")).ShouldBe(HttpStatusCode.OK);
        var after = await page.ReloadAsync();

        Assert.Equal(401, after!.Status);
        Assert.Equal("Link nicht mehr gültig", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("widerrufen", await page.Locator("main").InnerTextAsync());
        Assert.Equal("de", await page.GetAttributeAsync("html", "lang"));
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Name == RespondentSession.CookieName);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("befragte"), "link-widerrufen.png"), FullPage = true });
    }

    [Fact]
    public async Task the_integrationsbuero_answers_and_submits_on_a_units_behalf()
    {
        var a = await ArrangeAsync("Gesundheitsamt");
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        // The Integrationsbüro of this Kommune signs in with its token (the demo sign-in knows Dessau-Roßlau's only).
        var token = await WebHost.Services.GetRequiredService<TokenIssuer>()
            .IssueAsync(Roles.Kommune, a.Kommune, TimeSpan.FromHours(1), TestHost.UserLabel(Roles.Kommune, a.Kommune), false);
        var path = $"/kommunen/{a.Kommune}/runden/{a.Round}/befragte/{a.Respondent}";
        await page.GotoAsync($"/anmelden?returnUrl={Uri.EscapeDataString(path)}");
        await page.Locator("#token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await page.WaitForURLAsync($"**{path}");

        Assert.Contains("Fragebogen von Gesundheitsamt", await page.Locator("h1").InnerTextAsync());
        await Answer(page, "2.1", "nein").CheckAsync();
        await page.Locator("textarea[name='kommentar-2.1']").FillAsync("Vom Papierbogen übernommen.");
        await LoadsAsync(page, () => page.Locator("form#feld-2").GetByRole(AriaRole.Button, new() { Name = "Speichern" }).ClickAsync());
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Contains("Gespeichert.", await page.Locator("main").InnerTextAsync());
        Assert.True(await Answer(page, "2.1", "nein").IsCheckedAsync());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page) <= 0, "the on-behalf page scrolls sideways at 320 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("integrationsbuero"), "im-namen-beantworten.png"), FullPage = true });

        Assert.Contains("1.1", await page.Locator(".sc-unbeantwortet").InnerTextAsync());
        await LoadsAsync(page, () => page.GetByRole(AriaRole.Button, new() { Name = "Im Namen der Stelle verbindlich abschicken" }).ClickAsync());
        await page.WaitForLoadStateAsync(LoadState.Load);
        Assert.Contains("Im Namen der Stelle abgeschickt.", await page.Locator("main").InnerTextAsync());
        Assert.Equal(0, await page.Locator("input[type=radio]").CountAsync());

        var answers = await (await a.Admin.GetAsync($"/api/kommunen/{a.Kommune}/rounds/{a.Round}/respondents/{a.Respondent}/answers")).ReadJson();
        Assert.True(answers.GetProperty("submitted").GetBoolean());
        var recorded = Assert.Single(answers.GetProperty("answers").EnumerateArray());
        Assert.Equal(("2.1", "nein", true), (recorded.GetProperty("criterion").GetString(), recorded.GetProperty("answer").GetString(), recorded.GetProperty("onBehalf").GetBoolean()));
        Assert.Equal("Vom Papierbogen übernommen.", recorded.GetProperty("comment").GetString());
        Assert.Empty(errors);
    }
}
