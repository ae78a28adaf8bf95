using Selbstcheck.Workflow.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Security.Tests;

public class TokenTests
{
    [Fact]
    public async Task a_valid_token_is_accepted()
    {
        var response = await Send(await Mint());

        await response.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task a_missing_token_is_401_with_a_bearer_challenge()
    {
        var client = await TestHost.AnonymousClient();

        var response = await client.GetAsync("/api/kommunen");

        await response.ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task an_expired_token_is_401() =>
        await (await Send(await Mint(expires: DateTime.UtcNow.AddMinutes(-5), notBefore: DateTime.UtcNow.AddHours(-1))))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");

    [Fact]
    public async Task a_token_signed_with_another_key_is_401()
    {
        using var rsa = RSA.Create(2048);
        var foreignKey = new RsaSecurityKey(rsa) { KeyId = SigningKeys.KeyIdOf(1) };

        await (await Send(await Mint(key: foreignKey))).ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
    }

    [Fact]
    public async Task a_token_for_another_audience_is_401() =>
        await (await Send(await Mint(audience: "ein-anderer-dienst"))).ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");

    [Fact]
    public async Task a_token_from_another_issuer_is_401() =>
        await (await Send(await Mint(issuer: "https://idp.example.org/realms/fremd"))).ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");

    [Fact]
    public async Task an_unsigned_token_is_401()
    {
        var unsigned = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "selbstcheck-local",
            Audience = "selbstcheck",
            Claims = new Dictionary<string, object> { ["role"] = "programmteam", ["sub"] = "x" },
            Expires = DateTime.UtcNow.AddHours(1),
        });

        await (await Send(unsigned)).ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
    }

    [Fact]
    public async Task a_token_without_a_role_is_401() =>
        await (await Send(await Mint(role: null))).ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");

    [Fact]
    public async Task a_kommune_token_reads_its_own_kommune_and_nothing_else()
    {
        var admin = await TestHost.Client();
        var own = await admin.RegisterKommune();
        var other = await admin.RegisterKommune();
        var client = await TestHost.ClientAs(Roles.Kommune, own);

        await (await client.GetAsync($"/api/kommunen/{own}")).ShouldBe(HttpStatusCode.OK);
        await (await client.GetAsync($"/api/kommunen/{other}")).ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
        await (await client.GetAsync($"/api/kommunen/{other}/history")).ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
        var list = await client.GetJson("/api/kommunen?pageSize=500");
        Assert.Equal(own, Assert.Single(list.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task a_kommune_id_in_the_body_must_name_the_kommune_of_the_path()
    {
        var admin = await TestHost.Client();
        var own = await admin.RegisterKommune();
        var other = await admin.RegisterKommune();
        var client = await TestHost.ClientAs(Roles.Kommune, own);

        var swapped = await client.Put($"/api/kommunen/{own}/units", new { name = "Bürgerbüro", kommuneId = other });
        var foreignPath = await client.Put($"/api/kommunen/{other}/units", new { name = "Bürgerbüro", kommuneId = own });
        var agreeing = await client.Put($"/api/kommunen/{own}/units", new { name = "Bürgerbüro", kommuneId = own });

        await swapped.ShouldBeProblem(HttpStatusCode.BadRequest, "kommune-widerspruch");
        await foreignPath.ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
        await agreeing.ShouldBe(HttpStatusCode.Created);
        Assert.Equal(1, await admin.HistoryCount(other));
    }

    [Fact]
    public async Task reassigning_the_facilitator_takes_effect_at_once()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var first = await admin.RegisterPerson();
        var second = await admin.RegisterPerson();
        await (await admin.Put($"/api/kommunen/{kommune}/facilitator", new { personId = first })).ShouldBe(HttpStatusCode.OK);
        var firstClient = await TestHost.ClientAs(Roles.Prozessbegleitung, first.ToString());
        var secondClient = await TestHost.ClientAs(Roles.Prozessbegleitung, second.ToString());
        await (await firstClient.GetAsync($"/api/kommunen/{kommune}")).ShouldBe(HttpStatusCode.OK);
        await (await secondClient.GetAsync($"/api/kommunen/{kommune}")).ShouldBe(HttpStatusCode.Forbidden);

        await (await admin.Put($"/api/kommunen/{kommune}/facilitator", new { personId = second })).ShouldBe(HttpStatusCode.OK);

        await (await firstClient.GetAsync($"/api/kommunen/{kommune}")).ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
        await (await secondClient.GetAsync($"/api/kommunen/{kommune}")).ShouldBe(HttpStatusCode.OK);
        var list = await secondClient.GetJson("/api/kommunen?pageSize=500");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), k => k.GetProperty("id").GetString() == kommune);
        var firstList = await firstClient.GetJson("/api/kommunen?pageSize=500");
        Assert.DoesNotContain(firstList.GetProperty("items").EnumerateArray(), k => k.GetProperty("id").GetString() == kommune);
    }

    [Fact]
    public async Task every_event_records_the_acting_user_and_role()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var client = await TestHost.ClientAs(Roles.Kommune, kommune);

        await (await client.Put($"/api/kommunen/{kommune}/lead-office", new { unit = "Integrationsbüro" })).ShouldBe(HttpStatusCode.OK);

        var items = (await admin.GetJson($"/api/kommunen/{kommune}/history")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal((await TestHost.UserIdOf(TestHost.UserLabel(Roles.Programmteam)), "programmteam"),
            (items[0].GetProperty("userId").GetString(), items[0].GetProperty("headers").GetProperty("actorRole").GetString()));
        var office = await TestHost.UserIdOf(TestHost.UserLabel(Roles.Kommune, kommune));
        Assert.All(items.Skip(1), i => Assert.Equal(office, i.GetProperty("userId").GetString()));
        Assert.All(items.Skip(1), i => Assert.Equal("kommune", i.GetProperty("headers").GetProperty("actorRole").GetString()));
    }

    [Fact]
    public async Task personal_data_is_shown_to_audit_only_with_the_claim()
    {
        var admin = await TestHost.Client();
        var person = await admin.RegisterPerson("Erika Beispiel");

        await (await (await TestHost.ClientAs(Roles.Audit)).GetAsync($"/api/people/{person}")).ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
        var granted = await (await TestHost.ClientAs(Roles.Audit, personalData: true)).GetJson($"/api/people/{person}");
        Assert.Equal("Erika Beispiel", granted.GetProperty("name").GetString());
    }

    [Fact]
    public async Task audit_changes_nothing()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var audit = await TestHost.ClientAs(Roles.Audit, personalData: true);

        await (await audit.Put($"/api/kommunen/{kommune}/units", new { name = "Prüfstelle" })).ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
        await (await audit.GetAsync($"/api/kommunen/{kommune}/history")).ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, await admin.HistoryCount(kommune));
    }

    private static async Task<HttpResponseMessage> Send(string token)
    {
        var client = await TestHost.AnonymousClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/cohorts");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }

    private static async Task<string> Mint(
        string issuer = "selbstcheck-local",
        string audience = "selbstcheck",
        DateTime? expires = null,
        DateTime? notBefore = null,
        SecurityKey? key = null,
        string? role = Roles.Programmteam)
    {
        var host = await TestHost.Instance;
        key ??= await host.Services.GetRequiredService<SigningKeys>().CurrentAsync();
        var claims = new Dictionary<string, object>();
        if (role is not null) claims["role"] = role;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Subject = new ClaimsIdentity([new Claim("sub", "token-test")]),
            Claims = claims,
            NotBefore = notBefore ?? DateTime.UtcNow.AddMinutes(-1),
            IssuedAt = notBefore ?? DateTime.UtcNow.AddMinutes(-1),
            Expires = expires ?? DateTime.UtcNow.AddHours(1),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }
}
