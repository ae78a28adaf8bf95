using System.Net;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Kommunen;

public class FacilitatorAndLeadOfficeTests
{
    [Fact]
    public async Task assigning_a_facilitator_by_person_id_shows_on_the_kommune()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();
        var person = await client.RegisterPerson();

        var response = await client.Put($"/api/kommunen/{id}/facilitator", new { personId = person, expectedVersion = 1 });

        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(2, (await response.ReadJson()).GetProperty("version").GetInt64());
        var kommune = await client.GetJson($"/api/kommunen/{id}");
        Assert.Equal(person, kommune.GetProperty("facilitatorId").GetGuid());
    }

    [Fact]
    public async Task a_stale_expected_version_is_409_and_changes_nothing()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();
        var first = await client.RegisterPerson();
        var second = await client.RegisterPerson();
        await (await client.Put($"/api/kommunen/{id}/facilitator", new { personId = first, expectedVersion = 1 })).ShouldBe(HttpStatusCode.OK);

        var response = await client.Put($"/api/kommunen/{id}/facilitator", new { personId = second, expectedVersion = 1 });

        var problem = await response.ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");
        Assert.Equal(2, problem.GetProperty("currentVersion").GetInt64());
        Assert.Equal(first, (await client.GetJson($"/api/kommunen/{id}")).GetProperty("facilitatorId").GetGuid());
        Assert.Equal(2, await client.HistoryCount(id));
    }

    [Fact]
    public async Task an_unknown_person_is_422_with_the_alternative_and_changes_nothing()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();

        var response = await client.Put($"/api/kommunen/{id}/facilitator", new { personId = Guid.NewGuid() });

        var problem = await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "person-unbekannt");
        Assert.NotEmpty(problem.GetProperty("alternatives").EnumerateArray());
        Assert.Equal(1, await client.HistoryCount(id));
    }

    [Fact]
    public async Task a_missing_person_id_is_400()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();

        var problem = await (await client.Put($"/api/kommunen/{id}/facilitator", new { })).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        Assert.True(problem.GetProperty("errors").TryGetProperty("personId", out _));
    }

    [Fact]
    public async Task writing_to_an_unknown_kommune_is_404()
    {
        var client = await TestHost.Client();
        var person = await client.RegisterPerson();

        await (await client.Put("/api/kommunen/gibt-es-nicht/facilitator", new { personId = person }))
            .ShouldBeProblem(HttpStatusCode.NotFound, "kommune-unbekannt");
        await (await client.Put("/api/kommunen/gibt-es-nicht/units", new { name = "Amt" }))
            .ShouldBeProblem(HttpStatusCode.NotFound, "kommune-unbekannt");
    }

    [Fact]
    public async Task naming_the_lead_office_creates_the_unknown_unit_without_email()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();

        await (await client.Put($"/api/kommunen/{id}/lead-office", new { unit = "Integrationsbüro" })).ShouldBe(HttpStatusCode.OK);

        var kommune = await client.GetJson($"/api/kommunen/{id}");
        Assert.Equal("Integrationsbüro", kommune.GetProperty("leadOffice").GetString());
        var unit = Assert.Single(kommune.GetProperty("units").EnumerateArray());
        Assert.Equal("Integrationsbüro", unit.GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, unit.GetProperty("email").ValueKind);
    }
}

public class UnitTests
{
    [Fact]
    public async Task putting_a_new_unit_is_201_and_changing_its_email_is_200()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();

        var created = await client.Put($"/api/kommunen/{id}/units", new { name = "Amt für Stadtentwicklung", email = "stadt@example.org" });
        await created.ShouldBe(HttpStatusCode.Created);
        Assert.Equal(1, (await created.ReadJson()).GetProperty("version").GetInt64());

        var changed = await client.Put($"/api/kommunen/{id}/units", new { name = "amt für stadtentwicklung", email = "neu@example.org", expectedVersion = 1 });
        await changed.ShouldBe(HttpStatusCode.OK);
        var body = await changed.ReadJson();
        Assert.Equal("Amt für Stadtentwicklung", body.GetProperty("name").GetString());
        Assert.Equal("neu@example.org", body.GetProperty("email").GetString());
        Assert.Equal(2, body.GetProperty("version").GetInt64());

        var units = await client.GetJson($"/api/kommunen/{id}/units");
        Assert.Equal(1, units.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task a_stale_unit_version_is_409_and_keeps_the_email()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();
        await (await client.Put($"/api/kommunen/{id}/units", new { name = "Ausländerbehörde", email = "a@example.org" })).ShouldBe(HttpStatusCode.Created);
        await (await client.Put($"/api/kommunen/{id}/units", new { name = "Ausländerbehörde", email = "b@example.org", expectedVersion = 1 })).ShouldBe(HttpStatusCode.OK);

        var response = await client.Put($"/api/kommunen/{id}/units", new { name = "Ausländerbehörde", email = "c@example.org", expectedVersion = 1 });

        await response.ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");
        var unit = (await client.GetJson($"/api/kommunen/{id}/units")).GetProperty("items")[0];
        Assert.Equal("b@example.org", unit.GetProperty("email").GetString());
    }

    [Fact]
    public async Task an_invalid_email_is_400()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();

        await (await client.Put($"/api/kommunen/{id}/units", new { name = "Sportförderung", email = "kein-mail" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        Assert.Equal(1, await client.HistoryCount(id));
    }
}
