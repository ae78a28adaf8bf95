using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// Fragebogen-Runden (#13, point 3) in Chromium: the Integrationsbüro of a Kommune registered through the API
/// opens a round, adds a unit and a respondent, issues the link (shown once), the respondent answers through the
/// link, and the round is closed after a confirmation that shows what is unanswered — then the result is shown.
/// </summary>
public class RoundFlowTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task the_integrationsbuero_opens_a_round_issues_a_link_shown_once_and_closes_the_round_after_a_confirmation_that_lists_what_is_unanswered()
    {
        var admin = await WebHost.ApiAsync("programmteam");
        var id = await admin.RegisterKommune();
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await SignInAsKommuneAsync(page, id, $"/kommunen/{id}/runden");

        // Open a round with the defaults the form offers (full, the newest catalogue, Verwaltung).
        Assert.Contains("Noch keine Runde geöffnet.", await page.Locator("main").InnerTextAsync());
        await SubmitAsync(page, "Runde öffnen");
        Assert.Equal($"/kommunen/{id}/runden/1", new Uri(page.Url).AbsolutePath);
        Assert.Contains("Runde 1 geöffnet.", await page.Locator("main").InnerTextAsync());

        // A unit, then a respondent of it: the link is in the answer to that post, not cached.
        await page.GetByLabel("Name der Einheit").FillAsync("Ordnungsamt");
        await SubmitAsync(page, "Einheit anlegen");
        Assert.Contains("Einheit „Ordnungsamt“ angelegt.", await page.Locator("main").InnerTextAsync());
        await page.GetByLabel("Einheit", new() { Exact = true }).SelectOptionAsync("Ordnungsamt");
        await page.GetByLabel("Dezernat").FillAsync("Dezernat II");
        var issued = await SubmitAsync(page, "Hinzufügen und Link ausstellen");
        Assert.Contains("no-store", (await issued.AllHeadersAsync())["cache-control"]);
        var link = await page.GetByLabel("Link für „Ordnungsamt“").InputValueAsync();
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/befragung\?key=.+$", link);
        Assert.True(await page.GetByRole(AriaRole.Button, new() { Name = "Link kopieren" }).IsVisibleAsync(), "the copy button shows with JavaScript on");
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page) <= 0, "the round page with the issued link scrolls sideways at 320 px");

        // Shown once: the page again shows no link, and nothing of the key is kept in a cookie.
        await page.GotoAsync($"/kommunen/{id}/runden/1");
        var key = Uri.UnescapeDataString(link[(link.IndexOf("?key=", StringComparison.Ordinal) + 5)..]);
        Assert.Equal(0, await page.Locator("#ausgestellter-link").CountAsync());
        Assert.DoesNotContain(key, await page.ContentAsync());
        Assert.DoesNotContain(await context.CookiesAsync(), c => c.Value.Contains(key, StringComparison.Ordinal) || c.Value.Contains(Uri.EscapeDataString(key), StringComparison.Ordinal));
        var row = page.Locator("main table tbody tr", new() { HasText = "Dezernat II" });
        Assert.Contains("0 von ", await row.InnerTextAsync());

        // A second respondent (through the API) who will not submit.
        var kommune = await WebHost.ApiAsync("kommune", id);
        await kommune.AddRespondent(id, 1, "Sozialamt");

        // The respondent answers two criteria and submits, through the link's key.
        // The link opens the questionnaire page; the respondent's id (for the API calls) is in the round's progress.
        var progress = await (await kommune.GetAsync($"/api/kommunen/{id}/rounds/1")).ReadJson();
        var respondent = progress.GetProperty("respondents").EnumerateArray()
            .Single(r => r.GetProperty("unit").GetString() == "Ordnungsamt").GetProperty("respondentId").GetGuid();
        using var anonymous = new HttpClient { BaseAddress = new Uri(browser.Address) };
        var answers = await anonymous.PutAsJsonAsync($"/api/kommunen/{id}/rounds/1/respondents/{respondent}/answers?key={Uri.EscapeDataString(key)}",
            new { answers = new[] { new { criterion = "1.1", answer = "ja" }, new { criterion = "4.1", answer = "eher ja" } } }, TestHost.Json);
        await answers.ShouldBe(HttpStatusCode.OK);
        await (await anonymous.PostAsync($"/api/kommunen/{id}/rounds/1/respondents/{respondent}/submit?key={Uri.EscapeDataString(key)}", null)).ShouldBe(HttpStatusCode.OK);

        // The confirmation lists what is unanswered; confirming closes the round and shows its evaluation.
        await page.GotoAsync($"/kommunen/{id}/runden/1");
        await page.GetByRole(AriaRole.Link, new() { Name = "Runde abschließen …" }).ClickAsync();
        await page.WaitForURLAsync($"**/kommunen/{id}/runden/1/abschliessen");
        var confirmation = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Nicht abgegeben (1)", confirmation);
        Assert.Contains("Sozialamt", await page.Locator("#nicht-abgegeben").InnerTextAsync());
        Assert.Contains("Abgegeben, mit Lücken (1)", confirmation);
        var openCriteria = await page.Locator("#kriterien-offen li").AllInnerTextsAsync();
        Assert.Contains(openCriteria, c => c.StartsWith("2.1 ", StringComparison.Ordinal));
        Assert.DoesNotContain(openCriteria, c => c.StartsWith("1.1 ", StringComparison.Ordinal) || c.StartsWith("4.1 ", StringComparison.Ordinal));
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page) <= 0, "the close confirmation scrolls sideways at 320 px");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("runden"), "abschliessen-bestaetigung.png"), FullPage = true });

        await SubmitAsync(page, "Runde 1 jetzt abschließen");

        var result = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Runde 1 abgeschlossen und ausgewertet.", result);
        var maturity = await kommune.GetJson($"/api/kommunen/{id}/maturity?round=1");
        var overall = maturity.GetProperty("overall");
        var expected = overall.GetProperty("level").ValueKind == JsonValueKind.Number
            ? $"Stufe {overall.GetProperty("level").GetInt32()} – {overall.GetProperty("label").GetString()}"
            : overall.GetProperty("label").GetString()!;
        Assert.Contains($"Gesamtstufe: {expected}", result);
        Assert.Contains(maturity.GetProperty("fields")[0].GetProperty("name").GetString()!, result);
        var standortbestimmung = page.GetByRole(AriaRole.Link, new() { Name = "Zur Standortbestimmung mit Diagramm" });
        if (await standortbestimmung.CountAsync() > 0)
        {
            // Once the Standortbestimmung's page is served, the result leads there and it shows the chart.
            await standortbestimmung.ClickAsync();
            await page.WaitForURLAsync($"**/kommunen/{id}/standortbestimmung");
            Assert.True(await page.Locator("main svg, main img").CountAsync() > 0, "the Standortbestimmung shows the chart");
        }

        Assert.Empty(errors);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("runden"), "abschliessen-ergebnis.png"), FullPage = true });
    }

    [Fact]
    public async Task opening_the_close_confirmation_never_closes_the_round_only_the_confirm_button_does()
    {
        var admin = await WebHost.ApiAsync("programmteam");
        var id = await admin.RegisterKommune();
        var round = await admin.OpenRound(id);
        var r = await admin.AddRespondent(id, round, "Ordnungsamt");
        await (await admin.Put($"/api/kommunen/{id}/rounds/{round}/respondents/{r.Id}/answers",
            new { answers = new[] { new { criterion = "5.1", answer = "ja" } } })).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostRaw($"/api/kommunen/{id}/rounds/{round}/respondents/{r.Id}/submit", "")).ShouldBe(HttpStatusCode.OK);
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await SignInAsKommuneAsync(page, id, $"/kommunen/{id}/runden/{round}/abschliessen");

        await page.ReloadAsync();
        await page.GotoAsync($"/kommunen/{id}/runden/{round}/abschliessen");

        Assert.Equal($"Runde {round} abschließen", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.False((await admin.GetJson($"/api/kommunen/{id}/rounds/{round}")).GetProperty("round").GetProperty("closed").GetBoolean());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Neuen Link ausstellen für Ordnungsamt" }).CountAsync());

        await SubmitAsync(page, $"Runde {round} jetzt abschließen");

        Assert.True((await admin.GetJson($"/api/kommunen/{id}/rounds/{round}")).GetProperty("round").GetProperty("closed").GetBoolean());
        Assert.Equal($"Runde {round}: abgeschlossen", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = $"Runde {round} jetzt abschließen" }).CountAsync());
    }

    [Fact]
    public async Task a_new_link_replaces_the_old_one_and_is_shown_only_in_the_answer_to_its_post()
    {
        var admin = await WebHost.ApiAsync("programmteam");
        var id = await admin.RegisterKommune();
        var round = await admin.OpenRound(id);
        var first = await admin.AddRespondent(id, round, "Jugendamt");
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await SignInAsKommuneAsync(page, id, $"/kommunen/{id}/runden/{round}");

        var response = await SubmitAsync(page, "Neuen Link ausstellen für Jugendamt");

        Assert.Equal(200, response.Status);
        Assert.Contains("no-store", (await response.AllHeadersAsync())["cache-control"]);
        Assert.Contains("Neuer Link für „Jugendamt“ ausgestellt", await page.Locator("main").InnerTextAsync());
        var link = await page.GetByLabel("Link für „Jugendamt“").InputValueAsync();
        var key = Uri.UnescapeDataString(link[(link.IndexOf("?key=", StringComparison.Ordinal) + 5)..]);
        Assert.NotEqual(first.Key, key);
        using var anonymous = new HttpClient { BaseAddress = new Uri(browser.Address) };
        var questionnaire = $"/api/kommunen/{id}/rounds/{round}/respondents/{first.Id}/questionnaire?key=";
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(questionnaire + Uri.EscapeDataString(key))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(questionnaire + Uri.EscapeDataString(first.Key))).StatusCode);

        await page.GotoAsync($"/kommunen/{id}/runden/{round}");
        Assert.Equal(0, await page.Locator("#ausgestellter-link").CountAsync());
        Assert.DoesNotContain(key, await page.ContentAsync());
    }

    [Fact]
    public async Task the_rounds_as_of_an_earlier_version_show_that_state_without_forms()
    {
        var admin = await WebHost.ApiAsync("programmteam");
        var id = await admin.RegisterKommune();
        var beforeRound = await admin.HistoryCount(id);
        var round = await admin.OpenRound(id);
        var r = await admin.AddRespondent(id, round, "Ordnungsamt");
        var whileOpen = await admin.HistoryCount(id);
        await (await admin.Put($"/api/kommunen/{id}/rounds/{round}/respondents/{r.Id}/answers",
            new { answers = new[] { new { criterion = "5.1", answer = "ja" } } })).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostRaw($"/api/kommunen/{id}/rounds/{round}/respondents/{r.Id}/submit", "")).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostRaw($"/api/kommunen/{id}/rounds/{round}/close", "")).ShouldBe(HttpStatusCode.OK);
        var latest = await admin.HistoryCount(id);
        var kommune = await WebHost.ApiAsync("kommune", id);

        var before = await PageAsync(kommune, $"/kommunen/{id}/runden?version={beforeRound}");
        var list = await PageAsync(kommune, $"/kommunen/{id}/runden?version={whileOpen}");
        var open = await PageAsync(kommune, $"/kommunen/{id}/runden/{round}?version={whileOpen}");
        var closed = await PageAsync(kommune, $"/kommunen/{id}/runden/{round}/abschliessen?version={latest}");
        var missing = await PageStatusAsync(kommune, $"/kommunen/{id}/runden/{round}?version={beforeRound}");

        Assert.Contains("Noch keine Runde geöffnet.", before);
        Assert.Contains($"Version {whileOpen} von {latest}", list);
        Assert.Contains(">geöffnet<", System.Net.WebUtility.HtmlDecode(list));
        Assert.Contains("0 von 1 Befragten", list);
        Assert.DoesNotContain("Runde öffnen</span>", list);
        Assert.Contains("Ordnungsamt", open);
        Assert.DoesNotContain("Neuen Link ausstellen", open);
        Assert.DoesNotContain("Hinzufügen und Link ausstellen", open);
        Assert.DoesNotContain("Einheit anlegen", open);
        Assert.Contains($"href=\"/kommunen/{id}/runden?version={whileOpen}\"", open);
        Assert.Contains("Gesamtstufe:", closed);
        Assert.DoesNotContain("jetzt abschließen", closed);
        Assert.Equal(HttpStatusCode.NotFound, missing);
    }

    [Fact]
    public async Task a_refused_open_shows_the_problem_at_its_field_and_in_the_summary_and_opens_nothing()
    {
        var admin = await WebHost.ApiAsync("programmteam");
        var id = await admin.RegisterKommune();
        await admin.OpenRound(id);
        var kommune = await WebHost.ApiAsync("kommune", id);

        var missing = await kommune.SendAsync(FormPost($"/kommunen/{id}/runden", ("kind", "full"), ("catalogue", "weltoffene-kommune-2020"), ("actorGroup", "")));
        var twice = await kommune.SendAsync(FormPost($"/kommunen/{id}/runden", ("kind", "full"), ("catalogue", "weltoffene-kommune-2020"), ("actorGroup", "Verwaltung")));

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var missingHtml = await missing.Content.ReadAsStringAsync();
        Assert.Contains("id=\"runde-oeffnen-actorGroup-fehler\"", missingHtml);
        Assert.Contains("href=\"#runde-oeffnen-actorGroup\"", missingHtml);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Contains("Runde für diese Akteursgruppe offen", WebUtility.HtmlDecode(await twice.Content.ReadAsStringAsync()));
        Assert.Equal(1, (await kommune.GetJson($"/api/kommunen/{id}/rounds")).GetProperty("total").GetInt32());
    }

    private static HttpRequestMessage FormPost(string url, params (string Name, string Value)[] fields)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return request;
    }

    /// <summary>
    /// Signs the browser in as the Integrationsbüro of a Kommune the test registered (the demo sign-in offers only
    /// Dessau-Roßlau's): a token for that Kommune, exchanged at the token sign-in form, as a person would paste it.
    /// </summary>
    private static async Task SignInAsKommuneAsync(IPage page, string kommune, string returnTo)
    {
        var token = await WebHost.Services.GetRequiredService<TokenIssuer>()
            .IssueAsync("kommune", kommune, TimeSpan.FromHours(1), TestHost.UserLabel("kommune", kommune));
        await page.GotoAsync($"/anmelden?returnUrl={Uri.EscapeDataString(returnTo)}");
        await page.GetByLabel("Zugangs-Token").FillAsync(token);
        await SubmitAsync(page, "Anmelden");
        Assert.Equal(returnTo, new Uri(page.Url).AbsolutePath);
    }

    /// <summary>Clicks a form's button and waits for the answer to that post (the page it shows, or where it led).</summary>
    private static async Task<IResponse> SubmitAsync(IPage page, string button)
    {
        // Obsolete in favour of WaitForURL, which cannot tell a post answered with a page at the same address
        // (the link just issued) from the page before it; this waits for the answer to the click itself.
#pragma warning disable CS0612
        return (await page.RunAndWaitForNavigationAsync(() => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync()))!;
#pragma warning restore CS0612
    }

    private static async Task<string> PageAsync(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        var response = await client.SendAsync(request);
        await response.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task<HttpStatusCode> PageStatusAsync(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return (await client.SendAsync(request)).StatusCode;
    }
}
