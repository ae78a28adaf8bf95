using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// #14 open survey in Chromium: the Integrationsbüro creates the round's open survey link on the round's page; someone
/// opens it in a browser of their own and answers anonymously — one response per browser session.
/// </summary>
public class OpenSurveyFlowTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task the_office_creates_the_open_link_and_an_anonymous_visitor_answers_in_one_response_per_browser_session()
    {
        var admin = await WebHost.ApiAsync(Roles.Programmteam);
        var id = await admin.RegisterKommune(TestHost.NewKommuneId("offen"));
        var round = await admin.OpenRound(id, actorGroup: "Einwohnerschaft");

        // The office: the round's page, the open survey section, a link with a capacity of 2.
        var (office, page, errors) = await browser.OpenAsync();
        await using (office)
        {
            var token = await WebHost.Services.GetRequiredService<TokenIssuer>()
                .IssueAsync("kommune", id, TimeSpan.FromHours(1), TestHost.UserLabel("kommune", id));
            await page.GotoAsync($"/anmelden?returnUrl={Uri.EscapeDataString($"/kommunen/{id}/runden/{round}")}");
            await page.GetByLabel("Zugangs-Token").FillAsync(token);
            await SubmitAsync(page, "Anmelden");
            Assert.Contains("Offene Befragung", await page.Locator("main").InnerTextAsync());
            Assert.Contains("Befragte außerhalb der Verwaltung hinzufügen", await page.Locator("main").InnerTextAsync());
            await page.GetByLabel("Höchstzahl der Antworten").FillAsync("2");
            var created = await SubmitAsync(page, "Link der offenen Befragung erstellen");
            Assert.Contains("no-store", (await created.AllHeadersAsync())["cache-control"]);
            var link = await page.GetByLabel("Link der offenen Befragung").InputValueAsync();
            Assert.Matches(@"/befragung/offen\?key=.+$", link);
            Assert.Contains("höchstens 2", await page.Locator("main").InnerTextAsync());
            Assert.Empty(await Browser.SeriousViolationsAsync(page));
            Assert.True(await Browser.SidewaysOverflowAt320Async(page) <= 0, "the round page with the open link scrolls sideways at 320 px");
            Assert.Empty(errors);

            // A visitor: the link leads to the anonymous questionnaire, without the key in the address.
            var (visitor, anonymous, visitorErrors) = await browser.OpenAsync();
            await using var _ = visitor;
            await anonymous.GotoAsync(new Uri(link).PathAndQuery);
            Assert.Equal("/befragung", new Uri(anonymous.Url).PathAndQuery);
            Assert.Contains("Selbstcheck-Fragebogen: offene Befragung", await anonymous.Locator("h1").InnerTextAsync());
            Assert.Contains("anonym", await anonymous.Locator(".sc-offen").InnerTextAsync());
            Assert.Empty(await Browser.SeriousViolationsAsync(anonymous));
            Assert.True(await Browser.SidewaysOverflowAt320Async(anonymous) <= 0, "the anonymous questionnaire scrolls sideways at 320 px");
            await anonymous.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("offene-befragung"), "start.png"), FullPage = true });

            await anonymous.GotoAsync("/befragung/feld/1");
            await anonymous.Locator("input[type=radio][name='antwort-1.1'][value='ja']").CheckAsync();
            await SubmitAsync(anonymous, "Speichern");
            Assert.Contains("1 von 4 beantwortet", await anonymous.Locator("#fortschritt").InnerTextAsync());

            // The same browser opens the link again: the same response goes on, no second one starts.
            await anonymous.GotoAsync(new Uri(link).PathAndQuery);
            Assert.Contains("Insgesamt 1 von 28 Kriterien beantwortet", await anonymous.Locator("main").InnerTextAsync());
            var progress = await admin.GetJson($"/api/kommunen/{id}/rounds/{round}");
            Assert.Equal(1, progress.GetProperty("openSurvey").GetProperty("started").GetInt32());
            Assert.Empty(visitorErrors);

            // The office sees it counted as "offene Befragung".
            await page.GotoAsync($"/kommunen/{id}/runden/{round}");
            Assert.Contains("offene Befragung (anonym)", await page.Locator("main").InnerTextAsync());
            Assert.Contains("1 begonnen", await page.Locator("main").InnerTextAsync());
        }
    }

    private static async Task<IResponse> SubmitAsync(IPage page, string button)
    {
#pragma warning disable CS0612
        return (await page.RunAndWaitForNavigationAsync(() => page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync()))!;
#pragma warning restore CS0612
    }
}
