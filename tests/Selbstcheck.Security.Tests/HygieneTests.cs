using Selbstcheck.Workflow.Common;
using System.Net;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Security.Tests;

public class HygieneTests
{
    [Fact]
    public async Task api_responses_carry_the_security_headers()
    {
        var client = await TestHost.Client();

        var response = await client.GetAsync("/api/cohorts");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.CacheControl!.NoStore);
    }

    [Fact]
    public async Task link_keys_never_reach_the_log()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var key = (await (await admin.Post($"/api/kommunen/{kommune}/links", new { purpose = "kalender" })).ReadJson()).GetProperty("key").GetString()!;
        var anonymous = await TestHost.AnonymousClient();

        await (await anonymous.GetAsync($"/api/link?key={key}")).ShouldBe(HttpStatusCode.OK);
        await anonymous.GetAsync($"/api/link?key={key}x");

        Assert.Contains(SecurityTestsSetup.Logs.Entries, e => e.Message.Contains("/api/link"));
        Assert.DoesNotContain(SecurityTestsSetup.Logs.Entries, e => e.Message.Contains(key[4..20]));
    }

    [Fact]
    public async Task a_refused_request_is_logged_with_who_what_when_and_correlation()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var stranger = await TestHost.ClientAs(Roles.Kommune, "eine-andere-kommune");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/kommunen/{kommune}/history");
        request.Headers.Add("X-Correlation-Id", $"verweigert-{kommune}");

        await (await stranger.SendAsync(request)).ShouldBe(HttpStatusCode.Forbidden);

        var entry = Assert.Single(SecurityTestsSetup.Logs.Entries, e => e.Category.EndsWith("AccessControlMiddleware") && e.Message.Contains($"verweigert-{kommune}"));
        Assert.Contains(await TestHost.UserIdOf(TestHost.UserLabel(Roles.Kommune, "eine-andere-kommune")), entry.Message);
        Assert.Contains($"GET /api/kommunen/{kommune}/history", entry.Message);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z", entry.Message);
    }

    [Fact]
    public async Task the_openapi_document_declares_the_bearer_scheme()
    {
        var doc = await (await TestHost.AnonymousClient()).GetJson("/openapi/v1.json");

        var scheme = doc.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(doc.GetProperty("security")[0].TryGetProperty("bearer", out _));
    }
}
