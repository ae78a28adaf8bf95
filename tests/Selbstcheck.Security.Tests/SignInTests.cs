using Selbstcheck.Workflow.Common;
using System.Net;
using System.Net.Http.Json;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Security.Tests;

public class SignInTests
{
    [Fact]
    public async Task signing_in_sets_a_secure_http_only_strict_cookie_and_returns_the_csrf_token()
    {
        var kommune = await (await TestHost.Client()).RegisterKommune();
        var browser = await TestHost.AnonymousClient();

        var response = await browser.Post("/api/session", new { token = await TestHost.TokenFor(Roles.Kommune, kommune) });

        await response.ShouldBe(HttpStatusCode.OK);
        var session = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-selbstcheck=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", session, StringComparison.OrdinalIgnoreCase);
        var body = await response.ReadJson();
        Assert.Equal("kommune", body.GetProperty("role").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("csrfToken").GetString()));
    }

    [Fact]
    public async Task with_the_cookie_reads_work_and_changes_need_the_csrf_token()
    {
        var kommune = await (await TestHost.Client()).RegisterKommune();
        var (browser, csrf) = await SignedInBrowser(await TestHost.TokenFor(Roles.Kommune, kommune));

        await (await browser.GetAsync($"/api/kommunen/{kommune}")).ShouldBe(HttpStatusCode.OK);
        await (await browser.Put($"/api/kommunen/{kommune}/units", new { name = "Ohne CSRF" })).ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
        browser.DefaultRequestHeaders.Add("X-CSRF-TOKEN", csrf);
        await (await browser.Put($"/api/kommunen/{kommune}/units", new { name = "Mit CSRF" })).ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task signing_out_ends_the_cookie_session()
    {
        var (browser, csrf) = await SignedInBrowser(await TestHost.TokenFor(Roles.Programmteam));
        await (await browser.GetAsync("/api/me")).ShouldBe(HttpStatusCode.OK);
        browser.DefaultRequestHeaders.Add("X-CSRF-TOKEN", csrf);

        var response = await browser.DeleteAsync("/api/session");

        await response.ShouldBe(HttpStatusCode.NoContent);
        var cleared = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-selbstcheck=", StringComparison.Ordinal));
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task an_invalid_token_does_not_sign_in()
    {
        var browser = await TestHost.AnonymousClient();

        var response = await browser.Post("/api/session", new { token = "kein.gueltiges.token" });

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task the_sign_in_page_is_german_and_its_form_redirects_back()
    {
        var browser = await TestHost.AnonymousClient();
        var page = await browser.GetStringAsync("/anmelden?returnUrl=/hangfire");
        Assert.Contains("<html lang=\"de\">", page);
        Assert.Contains("Zugangs-Token", page);

        var ok = await browser.PostAsync("/api/session", new FormUrlEncodedContent(
            [new("token", await TestHost.TokenFor(Roles.Programmteam)), new("returnUrl", "/hangfire")]));
        var bad = await browser.PostAsync("/api/session", new FormUrlEncodedContent([new("token", "falsch"), new("returnUrl", "https://evil.example/")]));

        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal("/hangfire", ok.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, bad.StatusCode);
        Assert.StartsWith("/anmelden?fehler=1", bad.Headers.Location!.OriginalString);
        Assert.DoesNotContain("evil", bad.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task the_dashboard_sends_browsers_to_the_sign_in_and_is_read_only_for_audit()
    {
        var anonymous = await TestHost.AnonymousClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Add("Accept", "text/html");
        var redirect = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.StartsWith("/anmelden", redirect.Headers.Location!.OriginalString);

        var (auditBrowser, _) = await SignedInBrowser(await TestHost.TokenFor(Roles.Audit));
        await (await auditBrowser.GetAsync("/hangfire/recurring")).ShouldBe(HttpStatusCode.OK);
        await (await auditBrowser.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "x")])))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");

        var kommune = await TestHost.ClientAs(Roles.Kommune, "irgendwo");
        await (await kommune.GetAsync("/hangfire")).ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
    }

    /// <summary>A client that carries the session cookie by hand (the test server keeps no cookie jar).</summary>
    private static async Task<(HttpClient Browser, string Csrf)> SignedInBrowser(string token)
    {
        var browser = await TestHost.AnonymousClient();
        var response = await browser.PostAsJsonAsync("/api/session", new { token }, TestHost.Json);
        await response.ShouldBe(HttpStatusCode.OK);
        var cookies = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);
        browser.DefaultRequestHeaders.Add("Cookie", string.Join("; ", cookies));
        return (browser, (await response.ReadJson()).GetProperty("csrfToken").GetString()!);
    }
}
