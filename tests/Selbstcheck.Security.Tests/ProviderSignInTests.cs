using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;
using OpenIddict.Abstractions;
using Selbstcheck.Security.Tests.Provider;
using Selbstcheck.Tests.Shared;
using Xunit.Abstractions;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// The service (its own process on a loopback port, its own PostgreSQL database) configured against a real
/// OpenID Connect provider (OpenIddict, in this process, as "localhost" — another site than the service's
/// 127.0.0.1), with claim names of its own: browsers sign in there by the code flow with PKCE.
/// </summary>
public class ProviderWorld : IAsyncLifetime
{
    /// <summary>The service's client at the provider: confidential here (with a secret).</summary>
    protected virtual (string Id, string Secret) Client => (TestIdentityProvider.WebClientId, TestIdentityProvider.WebClientSecret);

    protected virtual string Database => "providersignin";

    public TestIdentityProvider Provider { get; private set; } = null!;
    public ServiceProcess Service { get; private set; } = null!;

    /// <summary>A Kommune registered by the provider's API client, for the people signing in.</summary>
    public string Kommune { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Provider = await TestIdentityProvider.StartAsync();
        Service = await ServiceProcess.StartAsync(Database, new Dictionary<string, string>
        {
            ["Selbstcheck:Auth:Authority"] = Provider.Issuer.ToString(),
            ["Selbstcheck:Auth:ClientId"] = Client.Id,
            ["Selbstcheck:Auth:ClientSecret"] = Client.Secret,
            ["Selbstcheck:Auth:RoleClaim"] = TestIdentityProvider.RoleClaim,
            ["Selbstcheck:Auth:KommuneClaim"] = TestIdentityProvider.KommuneClaim,
        });
        Provider.ServiceAddress = Service.Address.ToString().TrimEnd('/');
        var api = await ApiClient();
        Kommune = TestHost.NewKommuneId("oidc");
        var created = await api.PostAsJsonAsync("/api/kommunen", new { id = Kommune, name = "Anmeldestadt", kind = "Stadt", bundesland = "Sachsen-Anhalt" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    /// <summary>A client of the API with a bearer token the provider issued to its API client (client credentials).</summary>
    public async Task<HttpClient> ApiClient()
    {
        using var http = new HttpClient();
        var response = await http.PostAsync(new Uri(Provider.Issuer, "connect/token"), new FormUrlEncodedContent(
        [
            new("grant_type", "client_credentials"),
            new("client_id", TestIdentityProvider.ApiClientId),
            new("client_secret", TestIdentityProvider.ApiClientSecret),
        ]));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        var client = new HttpClient { BaseAddress = Service.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A new person at the provider: the Kommune's lead office.</summary>
    public ProviderUser NewUser(string role = "kommune")
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        var user = new ProviderUser($"sub-{id}", "Alice Amtsleitung", role, role == "kommune" ? Kommune : null);
        Provider.Users[$"person-{id}"] = user;
        return user;
    }

    public string LoginName(ProviderUser user) => Provider.Users.Single(u => u.Value == user).Key;

    public Uri At(string path) => new(Service.Address, path);

    /// <summary>Starts a sign-in at the service; answers the provider's login form when it asks. Returns the last response.</summary>
    public async Task<HttpResponseMessage> SignIn(LoopbackBrowser browser, ProviderUser user, string returnUrl = "/api/me")
    {
        var response = await browser.Navigate(At($"/anmelden?returnUrl={Uri.EscapeDataString(returnUrl)}"));
        if (browser.Visited[^1].Host != "localhost") return response; // the provider did not ask: signed in there already
        var form = await response.Content.ReadAsStringAsync();
        Assert.Contains("Anmelden beim Identitätsanbieter", form);
        return await browser.Submit(browser.Visited[^1], new Uri(Provider.Issuer, "login"),
            [new("benutzer", LoginName(user)), new("zurueck", LoopbackBrowser.Field(form, "zurueck"))]);
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>The same service configured as a public client (no secret).</summary>
public sealed class PublicClientWorld : ProviderWorld
{
    protected override (string Id, string Secret) Client => (TestIdentityProvider.PublicClientId, "");

    protected override string Database => "providerpublic";
}

public class PublicClientSignInTests(PublicClientWorld world) : IClassFixture<PublicClientWorld>
{
    [Fact]
    public async Task a_public_client_signs_in_with_pkce_alone()
    {
        using var browser = new LoopbackBrowser();

        var response = await world.SignIn(browser, world.NewUser());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("kommune", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("role").GetString());
        var redeemed = Assert.Single(world.Provider.TokenRequests, r => r.IsAuthorizationCodeGrantType());
        Assert.Equal(TestIdentityProvider.PublicClientId, redeemed.ClientId);
        Assert.Null(redeemed.ClientSecret);
        Assert.False(string.IsNullOrEmpty(redeemed.CodeVerifier));
    }
}

public class ProviderSignInTests(ProviderWorld world, ITestOutputHelper output) : IClassFixture<ProviderWorld>
{
    [Fact]
    public async Task signing_in_at_the_provider_uses_pkce_and_gives_a_session_with_the_providers_role_kommune_and_a_per_person_user_id()
    {
        using var browser = new LoopbackBrowser();
        var user = world.NewUser();

        var response = await world.SignIn(browser, user);

        var body = await response.Content.ReadAsStringAsync();
        output.WriteLine(string.Join("\n", browser.Visited));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(world.At("/api/me"), browser.Visited[^1]);
        var me = JsonDocument.Parse(body).RootElement;
        Assert.Equal("kommune", me.GetProperty("role").GetString());
        Assert.Equal(world.Kommune, me.GetProperty("kommuneId").GetString()); // from the userinfo endpoint, claim "gemeinde"
        var userId = me.GetProperty("userId").GetString()!;
        Assert.StartsWith("u-", userId);
        Assert.DoesNotContain(user.Subject, body);

        // The authorization request: code flow, PKCE with S256, the answer as a query (a top-level GET back).
        var authorize = world.Provider.AuthorizationRequests.Last();
        Assert.Contains("response_type=code", authorize);
        Assert.Matches("code_challenge=[A-Za-z0-9_-]{43}", authorize);
        Assert.Contains("code_challenge_method=S256", authorize);
        Assert.DoesNotContain("response_mode=form_post", authorize); // query, the code flow's default: the answer is a GET
        Assert.Contains(browser.Visited, u => u.AbsolutePath == "/signin-oidc" && u.Query.Contains("code=", StringComparison.Ordinal));

        // The session cookie lets the provider's redirect back in (Lax: the browser model sends no Strict cookie at the
        // end of a chain that passed the provider, so /api/me above would have answered 401), and scripts cannot read it.
        var session = browser.SetCookies.Last(c => c.Header.StartsWith("__Host-selbstcheck=", StringComparison.Ordinal)).Header;
        Assert.Contains("samesite=lax", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", session, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);

        // The person is in the user directory under the provider's subject, with the name from userinfo; events carry the id only.
        await using var connection = new NpgsqlConnection(world.Service.ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("select data::text from personal.mt_doc_directoryuser where id = @key", connection);
        query.Parameters.AddWithValue("key", $"oidc:{world.Provider.Issuer.ToString().TrimEnd('/')}|{user.Subject}");
        var entry = (string?)await query.ExecuteScalarAsync();
        Assert.NotNull(entry);
        Assert.Contains(userId, entry);
        Assert.Contains("Alice Amtsleitung", entry);

        // The same person signing in again (another browser, the provider asks again) is the same user.
        using var second = new LoopbackBrowser();
        var again = JsonDocument.Parse(await (await world.SignIn(second, user)).Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(userId, again.GetProperty("userId").GetString());
    }

    [Fact]
    public async Task the_sign_in_address_sends_browsers_to_the_provider_and_pages_may_post_to_it()
    {
        using var browser = new LoopbackBrowser();

        var response = await browser.Fetch(HttpMethod.Get, world.At("/anmelden?returnUrl=%2F%2Fevil.example"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(new Uri(world.Provider.Issuer, "connect/authorize").ToString(), response.Headers.Location!.ToString());
        // The sign-out form's answer redirects to the provider: the pages' form-action names it.
        var csp = string.Join(" ", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains($"form-action 'self' {world.Provider.Issuer.GetLeftPart(UriPartial.Authority)}", csp);
        // The correlation and nonce cookies come back with the provider's redirect (a top-level GET): Lax, not None.
        var flowCookies = browser.SetCookies.Where(c => c.Header.StartsWith(".AspNetCore.", StringComparison.Ordinal)).Select(c => c.Header).ToList();
        Assert.Equal(2, flowCookies.Count);
        Assert.All(flowCookies, c => Assert.Contains("samesite=lax", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(flowCookies, c => Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task a_person_without_a_role_at_the_provider_gets_no_session()
    {
        using var browser = new LoopbackBrowser();

        var response = await world.SignIn(browser, world.NewUser(role: ""));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Keine Rolle", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        Assert.Null(browser.Cookie("127.0.0.1", "__Host-selbstcheck"));
    }

    [Fact]
    public async Task signing_out_ends_the_session_here_and_at_the_provider_so_the_next_sign_in_asks_the_provider_again()
    {
        using var browser = new LoopbackBrowser();
        var user = world.NewUser();
        await world.SignIn(browser, user);
        var asked = world.Provider.LoginFormsShown;

        // Control: ending only the local session leaves the provider's — the next sign-in passes without asking.
        var csrf = await Csrf(browser);
        var local = await browser.Fetch(HttpMethod.Delete, world.At("/api/session"), null, new Dictionary<string, string> { ["X-CSRF-TOKEN"] = csrf });
        Assert.Equal(HttpStatusCode.NoContent, local.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Fetch(HttpMethod.Get, world.At("/api/me"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.SignIn(browser, user)).StatusCode);
        Assert.Equal(asked, world.Provider.LoginFormsShown);

        // Sign-out: the form (with its antiforgery token) → the provider's end-session endpoint → back to the site.
        var endSessions = world.Provider.EndSessionRequests.Count;
        var signedOut = await browser.Submit(world.At("/"), world.At("/abmelden"), [new("__RequestVerificationToken", await Csrf(browser))]);
        output.WriteLine(string.Join("\n", browser.Visited));

        var end = world.Provider.EndSessionRequests.Skip(endSessions).Single();
        Assert.False(string.IsNullOrEmpty(end.IdTokenHint));
        Assert.Equal(world.At("/signout-callback-oidc").ToString(), end.PostLogoutRedirectUri);
        // Back at the site's start, which — signed out — sends the browser to sign in: the provider asks the
        // person again, so its session is over too (the control above: with its session alive it does not ask).
        var back = browser.Visited.FindIndex(u => u.AbsolutePath == "/signout-callback-oidc");
        Assert.True(back >= 0, string.Join("\n", browser.Visited));
        Assert.Equal(world.At("/"), browser.Visited[back + 1]);
        Assert.StartsWith(new Uri(world.Provider.Issuer, "connect/authorize").ToString(), browser.Visited[^1].ToString());
        Assert.Equal(asked + 1, world.Provider.LoginFormsShown);
        Assert.NotEqual(HttpStatusCode.InternalServerError, signedOut.StatusCode);
        Assert.Null(browser.Cookie("127.0.0.1", "__Host-selbstcheck"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Fetch(HttpMethod.Get, world.At("/api/me"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await world.SignIn(browser, user)).StatusCode);
    }

    [Fact]
    public async Task sign_out_without_the_antiforgery_token_is_refused_and_keeps_the_session()
    {
        using var browser = new LoopbackBrowser();
        await world.SignIn(browser, world.NewUser());

        var refused = await browser.Submit(world.At("/"), world.At("/abmelden"), []);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.Fetch(HttpMethod.Get, world.At("/api/me"))).StatusCode);
    }

    [Theory]
    [InlineData("code=abc&state=gefaelscht")]
    [InlineData("state=")]
    [InlineData("error=access_denied&state=gefaelscht")]
    public async Task a_forged_answer_from_the_provider_is_refused_with_a_german_problem(string query)
    {
        using var browser = new LoopbackBrowser();
        // A sign-in under way in this browser (its correlation cookie set), then an answer that belongs to none.
        var started = await browser.Navigate(world.At("/anmelden"));
        Assert.Equal("localhost", browser.Visited[^1].Host);
        Assert.Equal(HttpStatusCode.OK, started.StatusCode);

        var response = await browser.Navigate(world.At($"/signin-oidc?{query}"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Anmeldung fehlgeschlagen", problem.GetProperty("title").GetString());
        Assert.Equal("urn:selbstcheck:problem:anmeldung-fehlgeschlagen", problem.GetProperty("type").GetString());
        Assert.Null(browser.Cookie("127.0.0.1", "__Host-selbstcheck"));
    }

    [Fact]
    public async Task bearer_tokens_of_the_provider_still_open_the_api()
    {
        var api = await world.ApiClient();

        var me = await api.GetFromJsonAsync<JsonElement>("/api/me");
        var created = await api.PostAsJsonAsync("/api/kommunen", new { id = TestHost.NewKommuneId("oidc"), name = "Bearerstadt", kind = "Stadt", bundesland = "Bremen" });
        var forged = new HttpClient { BaseAddress = world.Service.Address };
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", api.DefaultRequestHeaders.Authorization!.Parameter![..^4] + "AAAA");

        Assert.Equal("programmteam", me.GetProperty("role").GetString());
        Assert.StartsWith("u-", me.GetProperty("userId").GetString());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task a_change_with_the_providers_session_needs_the_antiforgery_token()
    {
        using var browser = new LoopbackBrowser();
        await world.SignIn(browser, world.NewUser());
        var unit = new Dictionary<string, string> { ["name"] = $"Einheit {Guid.NewGuid():N}" };

        var without = await browser.Fetch(HttpMethod.Put, world.At($"/api/kommunen/{world.Kommune}/units"), JsonContent.Create(unit));
        var with = await browser.Fetch(HttpMethod.Put, world.At($"/api/kommunen/{world.Kommune}/units"), JsonContent.Create(unit),
            new Dictionary<string, string> { ["X-CSRF-TOKEN"] = await Csrf(browser) });

        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
        Assert.Contains("CSRF", await without.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, with.StatusCode);
    }

    [Fact]
    public async Task a_real_chromium_signs_in_at_the_provider_and_out_again()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        output.WriteLine($"Chromium {chromium.Version}");
        var context = await chromium.NewContextAsync();
        var page = await context.NewPageAsync();
        var user = world.NewUser();
        var asked = world.Provider.LoginFormsShown;
        var endSessions = world.Provider.EndSessionRequests.Count;

        await page.GotoAsync(world.At("/anmelden?returnUrl=%2Fapi%2Fme").ToString());
        Assert.StartsWith(new Uri(world.Provider.Issuer, "connect/authorize").ToString(), page.Url);
        await page.FillAsync("input[name=benutzer]", world.LoginName(user));
        await page.ClickAsync("button");
        await page.WaitForURLAsync(world.At("/api/me").ToString());

        // Chromium's own cookie rules let the session in after the provider's redirect (Lax, Secure on loopback).
        var me = JsonDocument.Parse(await page.InnerTextAsync("body")).RootElement;
        Assert.Equal("kommune", me.GetProperty("role").GetString());
        Assert.Equal(world.Kommune, me.GetProperty("kommuneId").GetString());
        var session = (await context.CookiesAsync()).Single(c => c.Name == "__Host-selbstcheck");
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.True(session.HttpOnly);
        Assert.True(session.Secure);

        // Sign-out by a form of the site with its antiforgery token (built in a page as a layout renders it).
        await page.GotoAsync(world.At("/health/live").ToString());
        await page.EvaluateAsync("""
            token => {
              const form = document.createElement('form');
              form.method = 'post';
              form.action = '/abmelden';
              const field = document.createElement('input');
              field.type = 'hidden';
              field.name = '__RequestVerificationToken';
              field.value = token;
              form.appendChild(field);
              document.body.appendChild(form);
              form.submit();
            }
            """, me.GetProperty("csrfToken").GetString());
        // Signed out here and there: the site's start sends the browser to sign in, and the provider asks again.
        await page.WaitForURLAsync(url => url.StartsWith(new Uri(world.Provider.Issuer, "connect/authorize").ToString(), StringComparison.Ordinal));

        Assert.Single(world.Provider.EndSessionRequests.Skip(endSessions), r => !string.IsNullOrEmpty(r.IdTokenHint));
        Assert.Contains("Anmelden beim Identitätsanbieter", await page.ContentAsync());
        Assert.Equal(asked + 2, world.Provider.LoginFormsShown);
        Assert.Equal(401, (await page.GotoAsync(world.At("/api/me").ToString()))!.Status);
    }

    private async Task<string> Csrf(LoopbackBrowser browser)
    {
        var me = await browser.Fetch(HttpMethod.Get, world.At("/api/me"));
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        return (await me.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("csrfToken").GetString()!;
    }
}
