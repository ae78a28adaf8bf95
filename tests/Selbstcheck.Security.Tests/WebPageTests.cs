using System.Net;
using System.Net.Http.Headers;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Pages;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// The pages under the API's rules, as a browser asks for them ("Accept: text/html"), on the security
/// host — where the demo sign-in is off (its default). The browser tests (Selbstcheck.Web.Tests) cover it on.
/// </summary>
public class WebPageTests
{
    private static async Task<HttpResponseMessage> Page(HttpClient client, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task with_the_demo_sign_in_off_its_page_is_404_and_the_start_leads_to_the_token_sign_in()
    {
        var browser = await TestHost.AnonymousClient();

        var demo = await Page(browser, "/demo-anmeldung");
        var start = await Page(browser, "/");

        Assert.Equal(HttpStatusCode.NotFound, demo.StatusCode);
        Assert.StartsWith("text/html", demo.Content.Headers.ContentType?.ToString());
        Assert.Contains("<html lang=\"de\">", await demo.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        Assert.Equal("/anmelden", start.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task a_browser_without_a_session_is_sent_to_the_sign_in_and_back()
    {
        var browser = await TestHost.AnonymousClient();

        var response = await Page(browser, "/kommunen/dessau-rosslau");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/anmelden?returnUrl=%2Fkommunen%2Fdessau-rosslau", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task a_kommune_user_gets_a_german_403_page_for_another_kommunes_page()
    {
        var admin = await TestHost.Client();
        var own = await admin.RegisterKommune();
        var other = await admin.RegisterKommune();
        var kommune = await TestHost.ClientAs(Roles.Kommune, own);

        var foreign = await Page(kommune, $"/kommunen/{other}");
        var home = await Page(kommune, $"/kommunen/{own}");

        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        var body = await foreign.Content.ReadAsStringAsync();
        Assert.Contains("<h1 class=\"kern-heading-large\">Keine Berechtigung</h1>", body);
        Assert.Contains("<html lang=\"de\">", body);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task signing_out_from_a_page_is_a_post_that_needs_the_antiforgery_token()
    {
        var (browser, csrf) = await SignInTests.SignedInBrowserFor(await TestHost.TokenFor(Roles.Programmteam));

        var forged = await browser.PostAsync("/abmelden", new FormUrlEncodedContent([]));
        var byLink = await browser.GetAsync("/abmelden");
        var real = await browser.PostAsync("/abmelden", new FormUrlEncodedContent([new("__RequestVerificationToken", csrf)]));

        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, byLink.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal("/", real.Headers.Location?.OriginalString);
        var cleared = real.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("__Host-selbstcheck=", StringComparison.Ordinal));
        Assert.Contains("expires=Thu, 01 Jan 1970", cleared, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task an_unknown_kommunes_page_is_a_german_404_page()
    {
        var admin = await TestHost.Client();

        var response = await Page(admin, "/kommunen/gibt-es-nicht");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"de\">", body);
        Assert.Contains("Kommune", body);
    }

    [Fact]
    public async Task pages_get_a_content_security_policy_without_inline_script_or_style()
    {
        var admin = await TestHost.Client();
        await admin.RegisterKommune();

        var response = await Page(admin, "/kommunen");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("style-src 'self'", policy);
        Assert.DoesNotContain("unsafe", policy);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("style=", html);
        Assert.DoesNotContain("<script", html);
        Assert.Contains("href=\"/kern/kern.min.css\"", html);
    }

    [Fact]
    public async Task the_vendored_kern_ux_files_are_served_by_the_host_itself()
    {
        var browser = await TestHost.AnonymousClient();

        var css = await browser.GetAsync("/kern/kern.min.css");
        var font = await browser.GetAsync("/kern/fonts/fira-sans/FiraSans-Regular.woff2");
        var licence = await browser.GetAsync("/kern/LICENSE.md");

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal(HttpStatusCode.OK, font.StatusCode);
        Assert.Contains("EUPL", await licence.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://0.0.0.0:5080", false)]
    [InlineData("http://+:5080", false)]
    [InlineData("http://*:5080", false)]
    [InlineData("http://10.1.2.3:5080", false)]
    [InlineData("http://[::]:5080", false)]
    public void the_demo_sign_in_is_refused_unless_the_service_listens_on_loopback_only(string address, bool allowed)
    {
        var on = new SelbstcheckSettings { Auth = { DemoSignIn = true } };
        var off = new SelbstcheckSettings();

        var refusal = DemoSignInGuard.Refusal(on, ["http://127.0.0.1:5081", address]);

        Assert.Equal(allowed, refusal is null);
        Assert.Null(DemoSignInGuard.Refusal(off, [address]));
        Assert.Null(DemoSignInGuard.Refusal(on, []));
    }
}
