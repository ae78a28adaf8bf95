using Selbstcheck.Workflow.Common;
using System.Net;
using System.Text.Json;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Kommunen;

public class HistoryTests
{
    [Fact]
    public async Task the_history_lists_every_event_in_order_with_its_metadata()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();
        var person = await client.RegisterPerson();
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/kommunen/{id}/facilitator")
        {
            Content = JsonContent(new { personId = person }),
        };
        request.Headers.Add("X-Correlation-Id", "audit-test-42");
        await (await client.SendAsync(request)).ShouldBe(HttpStatusCode.OK);
        await (await client.Put($"/api/kommunen/{id}/lead-office", new { unit = "Integrationsbüro" })).ShouldBe(HttpStatusCode.OK);

        var history = await client.GetJson($"/api/kommunen/{id}/history");

        Assert.Equal(4, history.GetProperty("total").GetInt64());
        var items = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["kommune_registered", "facilitator_assigned", "unit_added", "lead_office_named"], items.Select(i => i.GetProperty("type").GetString()));
        Assert.Equal([1L, 2L, 3L, 4L], items.Select(i => i.GetProperty("version").GetInt64()));
        Assert.True(items.Zip(items.Skip(1)).All(p => p.First.GetProperty("sequence").GetInt64() < p.Second.GetProperty("sequence").GetInt64()));
        Assert.All(items, i => Assert.Equal(TimeSpan.Zero, i.GetProperty("timestamp").GetDateTimeOffset().Offset));
        var programmteam = await TestHost.UserIdOf(TestHost.UserLabel(Roles.Programmteam));
        Assert.All(items, i => Assert.Equal(programmteam, i.GetProperty("userId").GetString()));
        Assert.Equal("audit-test-42", items[1].GetProperty("correlationId").GetString());
        Assert.Equal(person, items[1].GetProperty("payload").GetProperty("personId").GetGuid());
        Assert.Equal("programmteam", items[1].GetProperty("headers").GetProperty("actorRole").GetString());

        var second = await client.GetJson($"/api/kommunen/{id}/history?page=2&pageSize=3");
        Assert.Equal("lead_office_named", Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task the_history_holds_no_personal_data_of_people()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();
        var person = await client.RegisterPerson("Erika Mustermann");
        await (await client.Put($"/api/kommunen/{id}/facilitator", new { personId = person })).ShouldBe(HttpStatusCode.OK);

        var raw = await (await client.GetAsync($"/api/kommunen/{id}/history")).Content.ReadAsStringAsync();

        Assert.DoesNotContain("Mustermann", raw);
        Assert.Contains(person.ToString(), raw);
    }

    private static HttpContent JsonContent(object body) =>
        new StringContent(JsonSerializer.Serialize(body, TestHost.Json), System.Text.Encoding.UTF8, "application/json");
}
