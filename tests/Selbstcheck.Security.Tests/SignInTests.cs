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
    public async Task signing_out_by_the_form_needs_its_antiforgery_token_and_leads_to_the_start()
    {
        var (browser, csrf) = await SignedInBrowser(await TestHost.TokenFor(Roles.Programmteam));

        var refused = await browser.PostAsync("/abmelden", new FormUrlEncodedContent([]));
        var response = await browser.PostAsync("/abmelden", new FormUrlEncodedContent([new("__RequestVerificationToken", csrf)]));

        await refused.ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
        var cleared = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-selbstcheck=", StringComparison.Ordinal));
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void pages_may_post_to_the_identity_provider_only_when_people_sign_in_there()
    {
        var settings = new Selbstcheck.Host.Infrastructure.SelbstcheckSettings();
        Assert.Equal("'self'", Hygiene.FormTargets(settings));
        settings.Auth.Authority = "https://idp.example/realms/selbstcheck";
        Assert.Equal("'self'", Hygiene.FormTargets(settings)); // bearer tokens only: no browser sign-in there
        settings.Auth.ClientId = "selbstcheck-web";
        Assert.Equal("'self' https://idp.example", Hygiene.FormTargets(settings));
    }

    [Fact]
    public void a_client_id_without_its_identity_provider_refuses_the_start()
    {
        var auth = new Selbstcheck.Host.Infrastructure.AuthSettings { ClientId = "selbstcheck-web" };
        Assert.Contains("Selbstcheck:Auth:Authority", ProviderSignIn.Refusal(auth));
        auth.Authority = "https://idp.example/";
        Assert.Null(ProviderSignIn.Refusal(auth));
        Assert.True(auth.BrowserSignInAtProvider);
        Assert.Contains("Selbstcheck:Auth:ClientId", ProviderSignIn.Refusal(new Selbstcheck.Host.Infrastructure.AuthSettings { ClientSecret = "x" }));
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
        var form = await SignInForm("/hangfire");
        Assert.Contains("<html lang=\"de\">", form.Page);
        Assert.Contains("Zugangs-Token", form.Page);

        var ok = await form.Submit(await TestHost.TokenFor(Roles.Programmteam), "/hangfire");
        var bad = await (await SignInForm(null)).Submit("falsch", "https://evil.example/");

        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        Assert.Equal("/hangfire", ok.Headers.Location!.OriginalString);
        Assert.Contains(ok.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-selbstcheck=", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, bad.StatusCode);
        Assert.StartsWith("/anmelden?fehler=1", bad.Headers.Location!.OriginalString);
        Assert.DoesNotContain("evil", bad.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("%2F%09%2Fevil.example")]
    [InlineData("/%09/evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("//evil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("https://evil.example")]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    [InlineData("/%0D%0A/evil.example")]
    [InlineData("%5C%5Cevil.example")]
    public async Task return_urls_that_leave_the_site_land_on_a_local_page(string returnUrl)
    {
        var form = await SignInForm(returnUrl, encoded: true);
        Assert.Equal("/", form.ReturnUrl);

        // The form posted by hand with the hostile value (a page of another site could do so).
        var response = await form.Submit(await TestHost.TokenFor(Roles.Programmteam), Uri.UnescapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task a_local_return_url_is_kept()
    {
        var form = await SignInForm("/hangfire/jobs/enqueued?seite=2");
        var response = await form.Submit(await TestHost.TokenFor(Roles.Programmteam), form.ReturnUrl);

        Assert.Equal("/hangfire/jobs/enqueued?seite=2", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task the_sign_in_form_without_its_antiforgery_token_is_refused()
    {
        var browser = await TestHost.AnonymousClient();
        var token = await TestHost.TokenFor(Roles.Programmteam);

        // Login CSRF: another site posts the form with the attacker's token into the victim's browser.
        var response = await browser.PostAsync("/api/session", new FormUrlEncodedContent([new("token", token), new("returnUrl", "/hangfire")]));
        var forged = await (await SignInForm("/hangfire")).Submit(token, "/hangfire", antiforgeryToken: "gefaelscht");

        await response.ShouldBeProblem(HttpStatusCode.BadRequest, "anmeldeformular-ungueltig");
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("__Host-selbstcheck=", StringComparison.Ordinal)));
        await forged.ShouldBeProblem(HttpStatusCode.BadRequest, "anmeldeformular-ungueltig");
    }

    [Fact]
    public async Task a_sign_in_posted_as_plain_text_is_refused()
    {
        var browser = await TestHost.AnonymousClient();
        var token = await TestHost.TokenFor(Roles.Programmteam);

        var response = await browser.PostAsync("/api/session", new StringContent($"{{\"token\":\"{token}\"}}", System.Text.Encoding.UTF8, "text/plain"));

        await response.ShouldBeProblem(HttpStatusCode.UnsupportedMediaType, "falscher-inhaltstyp");
    }

    [Fact]
    public async Task forwarded_headers_count_only_from_a_configured_proxy()
    {
        // SecurityTestsSetup trusts the proxy 10.20.30.40 only; a secure request gets a Secure antiforgery cookie.
        var fromProxy = await GetSignInPage("10.20.30.40");
        var fromStranger = await GetSignInPage("10.99.99.99");

        Assert.Contains("secure", fromProxy, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", fromStranger, StringComparison.OrdinalIgnoreCase);

        static async Task<string> GetSignInPage(string remoteAddress)
        {
            var host = await TestHost.Instance;
            var context = await host.Server.SendAsync(c =>
            {
                c.Request.Method = "GET";
                c.Request.Path = "/anmelden";
                c.Connection.RemoteIpAddress = System.Net.IPAddress.Parse(remoteAddress);
                c.Request.Headers["X-Forwarded-Proto"] = "https";
                c.Request.Headers["X-Forwarded-For"] = "203.0.113.7";
            });
            Assert.Equal(200, context.Response.StatusCode);
            return context.Response.Headers.SetCookie.ToString();
        }
    }

    [Fact]
    public void forwarded_headers_without_a_named_proxy_refuse_the_start()
    {
        var settings = new Selbstcheck.Host.Infrastructure.SelbstcheckSettings { ForwardedHeaders = true };

        var refusal = Assert.Throws<InvalidOperationException>(() => Selbstcheck.Host.Infrastructure.ForwardedHeadersSetup.Options(settings));

        Assert.Contains("KnownProxies", refusal.Message);
        settings.KnownNetworks = "10.0.0.0/8";
        Assert.Single(Selbstcheck.Host.Infrastructure.ForwardedHeadersSetup.Options(settings)!.KnownIPNetworks);
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

    /// <summary>The sign-in page as a browser gets it: its antiforgery cookie and form fields, to submit by hand.</summary>
    internal sealed record SignInPage(HttpClient Browser, string Page, string Cookie, string AntiforgeryToken, string ReturnUrl)
    {
        public Task<HttpResponseMessage> Submit(string token, string returnUrl, string? antiforgeryToken = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/session")
            {
                Content = new FormUrlEncodedContent([new("token", token), new("returnUrl", returnUrl), new("__RequestVerificationToken", antiforgeryToken ?? AntiforgeryToken)]),
            };
            request.Headers.Add("Cookie", Cookie);
            return Browser.SendAsync(request);
        }
    }

    internal static async Task<SignInPage> SignInForm(string? returnUrl, bool encoded = false)
    {
        var browser = await TestHost.AnonymousClient();
        var query = returnUrl is null ? "" : "?returnUrl=" + (encoded ? returnUrl : Uri.EscapeDataString(returnUrl));
        var response = await browser.GetAsync("/anmelden" + query);
        await response.ShouldBe(HttpStatusCode.OK);
        var page = await response.Content.ReadAsStringAsync();
        var cookie = string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        return new SignInPage(browser, page, cookie, Field(page, "__RequestVerificationToken"), Field(page, "returnUrl"));

        static string Field(string page, string name) => System.Net.WebUtility.HtmlDecode(
            System.Text.RegularExpressions.Regex.Match(page, $"name=\"{name}\" value=\"([^\"]*)\"").Groups[1].Value);
    }

    internal static Task<(HttpClient Browser, string Csrf)> SignedInBrowserFor(string token) => SignedInBrowser(token);

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
