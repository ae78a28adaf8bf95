using Selbstcheck.Workflow.Common;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Security.Tests;

public class LinkTests
{
    [Fact]
    public async Task a_link_is_issued_once_stored_only_as_a_hash_and_opens_its_own_description()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var office = await TestHost.ClientAs(Roles.Kommune, kommune);

        var issued = await office.Post($"/api/kommunen/{kommune}/links", new { purpose = "kalender", validDays = 30 });

        await issued.ShouldBe(HttpStatusCode.Created);
        var body = await issued.ReadJson();
        var key = body.GetProperty("key").GetString()!;
        var anonymous = await TestHost.AnonymousClient();
        var described = await anonymous.GetJson($"/api/link?key={Uri.EscapeDataString(key)}");
        Assert.Equal("kalender", described.GetProperty("purpose").GetString());
        Assert.Equal(kommune, described.GetProperty("kommuneId").GetString());

        await using var connection = new NpgsqlConnection(TestHost.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from selbstcheck.mt_doc_linkrecord where data::text like @key", connection);
        cmd.Parameters.AddWithValue("key", $"%{key}%");
        Assert.Equal(0L, await cmd.ExecuteScalarAsync());
        var listed = await office.GetJson($"/api/kommunen/{kommune}/links");
        Assert.DoesNotContain(key, listed.ToString());
    }

    [Fact]
    public async Task a_revoked_link_is_401()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var issued = await (await admin.Post($"/api/kommunen/{kommune}/links", new { purpose = "kalender" })).ReadJson();
        var key = issued.GetProperty("key").GetString()!;
        var anonymous = await TestHost.AnonymousClient();
        await (await anonymous.GetAsync($"/api/link?key={key}")).ShouldBe(HttpStatusCode.OK);

        await (await admin.DeleteAsync($"/api/kommunen/{kommune}/links/{issued.GetProperty("id").GetGuid()}")).ShouldBe(HttpStatusCode.OK);

        var problem = await (await anonymous.GetAsync($"/api/link?key={key}")).ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
        Assert.Contains("widerrufen", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task an_expired_link_is_401()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var issued = await LinkTokens.IssueAsync(await TestHost.Bus(), new Actor("test", Roles.Programmteam), LinkPurposes.Befragung, kommune, "befragte-x", TimeSpan.FromMilliseconds(1), CancellationToken.None);
        await Task.Delay(20);

        var problem = await (await (await TestHost.AnonymousClient()).GetAsync($"/api/link?key={issued.Token}"))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
        Assert.Contains("abgelaufen", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("scl_unbekannt")]
    [InlineData("kein-link")]
    public async Task an_unknown_link_is_401(string key) =>
        await (await (await TestHost.AnonymousClient()).GetAsync($"/api/link?key={key}")).ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");

    [Fact]
    public async Task a_link_is_no_bearer_token()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var issued = await LinkTokens.IssueAsync(await TestHost.Bus(), new Actor("test", Roles.Programmteam), LinkPurposes.Befragung, kommune, "befragte-y", TimeSpan.FromDays(1), CancellationToken.None);

        await (await (await TestHost.AnonymousClient()).GetAsync($"/api/kommunen/{kommune}?key={issued.Token}"))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
    }

    [Fact]
    public async Task questionnaire_links_are_not_issued_by_hand()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();

        var problem = await (await admin.Post($"/api/kommunen/{kommune}/links", new { purpose = "befragung" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "befragungslink-nur-mit-befragten");
        Assert.Equal("kalender", problem.GetProperty("alternatives")[0].GetString());
    }

    [Fact]
    public async Task a_link_of_another_kommune_cannot_be_revoked_through_this_one()
    {
        var admin = await TestHost.Client();
        var own = await admin.RegisterKommune();
        var other = await admin.RegisterKommune();
        var issued = await (await admin.Post($"/api/kommunen/{other}/links", new { purpose = "kalender" })).ReadJson();
        var office = await TestHost.ClientAs(Roles.Kommune, own);

        await (await office.DeleteAsync($"/api/kommunen/{own}/links/{issued.GetProperty("id").GetGuid()}"))
            .ShouldBeProblem(HttpStatusCode.NotFound, "link-unbekannt");
        await (await (await TestHost.AnonymousClient()).GetAsync($"/api/link?key={issued.GetProperty("key").GetString()}")).ShouldBe(HttpStatusCode.OK);
    }
}
