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

    [Fact]
    public async Task history_filters_by_type_time_user_and_role()
    {
        var admin = await TestHost.Client();
        var id = await admin.RegisterKommune();
        await (await admin.Put($"/api/kommunen/{id}/lead-office", new { unit = "Integrationsbüro" })).ShouldBe(HttpStatusCode.OK);
        var office = await TestHost.ClientAs(Roles.Kommune, id);
        await (await office.Post($"/api/kommunen/{id}/milestones",
            new { title = "Dialogveranstaltung", kind = "Dialogveranstaltung", owner = "Integrationsbüro", dueDate = "2031-10-08" })).ShouldBe(HttpStatusCode.Created);
        await (await admin.Post($"/api/kommunen/{id}/action-items", new { field = 5, text = "Kümmerer etablieren", owner = "Integrationsbüro" })).ShouldBe(HttpStatusCode.Created);
        var all = (await admin.GetJson($"/api/kommunen/{id}/history?pageSize=500")).GetProperty("items").EnumerateArray().ToList();
        List<string?> Types(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString()).ToList();

        // Type: repeatable and comma-separated, with the total of the matches and paging over them.
        var byType = await admin.GetJson($"/api/kommunen/{id}/history?type=milestone_planned&type=unit_added,lead_office_named");
        Assert.Equal(["unit_added", "lead_office_named", "milestone_planned"], Types(byType));
        Assert.True(3 == byType.GetProperty("total").GetInt64(), byType.ToString());
        var second = await admin.GetJson($"/api/kommunen/{id}/history?type=unit_added,lead_office_named,milestone_planned&page=2&pageSize=2");
        Assert.Equal(["milestone_planned"], Types(second));
        Assert.True(3 == second.GetProperty("total").GetInt64(), second.ToString());

        // Role and user: the office's events only.
        var officeUser = await TestHost.UserIdOf(TestHost.UserLabel(Roles.Kommune, id));
        var byRole = await admin.GetJson($"/api/kommunen/{id}/history?role=kommune");
        var byUser = await admin.GetJson($"/api/kommunen/{id}/history?user={Uri.EscapeDataString(officeUser)}");
        var expected = all.Where(i => i.GetProperty("userId").GetString() == officeUser).Select(i => i.GetProperty("type").GetString()).ToList();
        Assert.Contains("milestone_planned", expected);
        Assert.DoesNotContain("action_item_added", expected);
        Assert.Equal(expected, Types(byRole));
        Assert.Equal(expected, Types(byUser));
        Assert.Empty(Types(await admin.GetJson($"/api/kommunen/{id}/history?role=audit")));

        // Time: instants (from inclusive, to inclusive) and a plain date (that Berlin day).
        var stamps = all.Select(i => i.GetProperty("timestamp").GetDateTimeOffset()).ToList();
        var third = stamps[2];
        var fromThird = await admin.GetJson($"/api/kommunen/{id}/history?from={Uri.EscapeDataString(third.ToString("O"))}");
        Assert.Equal(stamps.Count(s => s >= third), fromThird.GetProperty("total").GetInt64());
        var toThird = await admin.GetJson($"/api/kommunen/{id}/history?to={Uri.EscapeDataString(third.ToString("O"))}");
        Assert.Equal(stamps.Count(s => s <= third), toThird.GetProperty("total").GetInt64());
        var day = BerlinTime.Today(third).ToString("yyyy-MM-dd");
        var sameDay = stamps.Count(s => BerlinTime.Today(s) == BerlinTime.Today(third));
        Assert.Equal(sameDay, (await admin.GetJson($"/api/kommunen/{id}/history?from={day}&to={day}")).GetProperty("total").GetInt64());
        Assert.Equal(0, (await admin.GetJson($"/api/kommunen/{id}/history?to=2020-01-01")).GetProperty("total").GetInt64());

        // Everything together, and each entry described in German beside its payload.
        var combined = await admin.GetJson($"/api/kommunen/{id}/history?type=milestone_planned,action_item_added&role=kommune&from={day}");
        var entry = Assert.Single(combined.GetProperty("items").EnumerateArray());
        Assert.Equal("Meilenstein geplant: „Dialogveranstaltung“ am 08.10.2031, zuständig Integrationsbüro", entry.GetProperty("description").GetString());
        Assert.Equal("Dialogveranstaltung", entry.GetProperty("payload").GetProperty("title").GetString());
        Assert.All(all, i => Assert.False(string.IsNullOrWhiteSpace(i.GetProperty("description").GetString())));

        // Unknown types and roles are refused, not ignored.
        await (await admin.GetAsync($"/api/kommunen/{id}/history?type=answer_recorded,nonsense")).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        await (await admin.GetAsync($"/api/kommunen/{id}/history?role=root")).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
    }

    [Fact]
    public async Task a_date_time_without_offset_is_400()
    {
        var admin = await TestHost.Client();
        var id = await admin.RegisterKommune();

        foreach (var query in new[] { "from=2020-07-01T12:00", "to=2020-07-01T12:00:00", "from=2020-07-01T12:00:00.5" })
        {
            var problem = await (await admin.GetAsync($"/api/kommunen/{id}/history?{query}")).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
            Assert.Contains("Zeitzone", problem.GetProperty("errors").EnumerateObject().Single().Value[0].GetString());
        }

        foreach (var query in new[]
                 {
                     "from=gestern", "to=2020-02-30", "from=2020-07-01T25:00Z", "from=2026-01-02&to=2026-01-01", "from=0001-01-01T00:00:00Z",
                     "to=9999-12-31T23:59:59Z", "from=2020-07-01T12:00:00%2B25:00", "type=", "type=,,", "user=%00", "user=", "role=",
                 })
        {
            await (await admin.GetAsync($"/api/kommunen/{id}/history?{query}")).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        }

        await (await admin.GetAsync($"/api/kommunen/{id}/history?from=2020-07-01T12:00:00%2B02:00&to=2099-07-01T12:00:00Z")).ShouldBe(HttpStatusCode.OK);
    }

    private static HttpContent JsonContent(object body) =>
        new StringContent(JsonSerializer.Serialize(body, TestHost.Json), System.Text.Encoding.UTF8, "application/json");
}
