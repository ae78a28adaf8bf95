using System.Net;
using System.Net.Http.Headers;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// A respondent's link (#13, point 4) through HTTP: the key is exchanged for a session scoped to that respondent and
/// dropped from the address; every later request checks the link again.
/// </summary>
public class RespondentSessionTests
{
    private static HttpRequestMessage Page(HttpMethod method, string path, string? cookie = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        return request;
    }

    private static async Task<(string Kommune, int Round, Guid Respondent, string Key, string Link, HttpClient Admin)> Arrange(string unit)
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune);
        var (id, key, link) = await admin.AddRespondent(kommune, round, unit);
        return (kommune, round, id, key, link, admin);
    }

    private static async Task<string> ExchangeAsync(HttpClient browser, string key)
    {
        var exchanged = await browser.SendAsync(Page(HttpMethod.Get, $"/befragung?key={Uri.EscapeDataString(key)}"));
        Assert.Equal(HttpStatusCode.SeeOther, exchanged.StatusCode);
        var setCookie = exchanged.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(RespondentSession.CookieName + "=", StringComparison.Ordinal));
        return setCookie.Split(';')[0];
    }

    [Fact]
    public async Task the_link_opens_the_questionnaire_page_and_its_key_becomes_a_session_for_that_respondent_only()
    {
        var (kommune, round, respondent, key, link, _) = await Arrange("Ordnungsamt");
        var browser = await TestHost.AnonymousClient();

        Assert.EndsWith($"/befragung?key={Uri.EscapeDataString(key)}", link);
        var exchanged = await browser.SendAsync(Page(HttpMethod.Get, $"/befragung?key={Uri.EscapeDataString(key)}"));

        Assert.Equal(HttpStatusCode.SeeOther, exchanged.StatusCode);
        Assert.Equal("/befragung", exchanged.Headers.Location?.OriginalString);
        var setCookie = exchanged.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(RespondentSession.CookieName + "=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("path=/befragung", setCookie);
        Assert.Contains("samesite=lax", setCookie);
        Assert.Contains("httponly", setCookie);
        Assert.Contains("secure", setCookie);
        Assert.DoesNotContain(key.ToLowerInvariant(), setCookie);

        var cookie = setCookie.Split(';')[0];
        var page = await browser.SendAsync(Page(HttpMethod.Get, "/befragung", exchanged.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(RespondentSession.CookieName, StringComparison.Ordinal)).Split(';')[0]));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("Selbstcheck-Fragebogen: Ordnungsamt", html);
        Assert.DoesNotContain(key, html);

        // The API keeps taking the key itself.
        var api = await browser.GetAsync($"/api/kommunen/{kommune}/rounds/{round}/respondents/{respondent}/questionnaire?key={Uri.EscapeDataString(key)}");
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        // The session reaches nothing beyond the respondent's pages: the staff's pages see no session.
        Assert.NotEqual(HttpStatusCode.OK, (await browser.SendAsync(Page(HttpMethod.Get, $"/kommunen/{kommune}", cookie))).StatusCode);
    }

    [Fact]
    public async Task a_reissued_or_revoked_link_ends_the_session_with_a_german_page()
    {
        var (kommune, round, respondent, key, _, admin) = await Arrange("Bauamt");
        var browser = await TestHost.AnonymousClient();
        var cookie = await ExchangeAsync(browser, key);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(Page(HttpMethod.Get, "/befragung/feld/1", cookie))).StatusCode);

        // A new link replaces the old one (revoked in the same step).
        await (await admin.PostRaw($"/api/kommunen/{kommune}/rounds/{round}/respondents/{respondent}/link", "")).ShouldBe(HttpStatusCode.Created);
        var after = await browser.SendAsync(Page(HttpMethod.Get, "/befragung/feld/1", cookie));

        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        var html = WebUtility.HtmlDecode(await after.Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"de\">", html);
        Assert.Contains("Link nicht mehr gültig", html);
        Assert.Contains("widerrufen", html);
        // The session cookie is removed.
        Assert.Contains(after.Headers.GetValues("Set-Cookie"), c => c.StartsWith(RespondentSession.CookieName + "=;", StringComparison.Ordinal));
        // And the old key no longer opens anything.
        var again = await browser.SendAsync(Page(HttpMethod.Get, $"/befragung?key={Uri.EscapeDataString(key)}"));
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("widerrufen", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task without_a_session_the_respondents_pages_answer_with_a_german_page_and_a_post_needs_the_csrf_token()
    {
        var (_, _, _, key, _, _) = await Arrange("Sozialamt");
        var browser = await TestHost.AnonymousClient();

        var none = await browser.SendAsync(Page(HttpMethod.Get, "/befragung"));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("Link aus Ihrer Einladung", WebUtility.HtmlDecode(await none.Content.ReadAsStringAsync()));

        var cookie = await ExchangeAsync(browser, key);
        var forged = Page(HttpMethod.Post, "/befragung/feld/1", cookie);
        forged.Content = new FormUrlEncodedContent([new("feld", "1"), new("antwort-1.1", "ja")]);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(forged)).StatusCode);
    }
}
