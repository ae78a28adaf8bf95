using System.Net;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Kommunen;

public class RegistrationTests
{
    [Fact]
    public async Task registering_a_kommune_answers_201_with_location_and_the_kommune()
    {
        var client = await TestHost.Client();
        var id = TestHost.NewKommuneId("dessau");
        var ags = TestHost.NewAgs();

        var response = await client.Post("/api/kommunen",
            new { id, name = "Dessau-Roßlau", kind = "Kreisfreie Stadt", bundesland = "Sachsen-Anhalt", cohort = "2020-1", startDate = "2020-01-01", ags });

        await response.ShouldBe(HttpStatusCode.Created);
        Assert.Equal($"/api/kommunen/{id}", response.Headers.Location!.OriginalString);
        var body = await response.ReadJson();
        Assert.Equal("Dessau-Roßlau", body.GetProperty("name").GetString());
        Assert.Equal("Teilnahme", body.GetProperty("phase").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt64());

        var read = await client.GetJson($"/api/kommunen/{id}");
        Assert.Equal("Kreisfreie Stadt", read.GetProperty("kind").GetString());
        Assert.Equal("2020-1", read.GetProperty("cohort").GetString());
        Assert.Equal("2020-01-01", read.GetProperty("startDate").GetString());
        Assert.Equal(ags, read.GetProperty("ags").GetString());
    }

    [Fact]
    public async Task registering_a_taken_id_is_409_and_changes_nothing()
    {
        var client = await TestHost.Client();
        var id = await client.RegisterKommune();

        var response = await client.Post("/api/kommunen", new { id, name = "Andere", kind = "Gemeinde", bundesland = "Bayern" });

        await response.ShouldBeProblem(HttpStatusCode.Conflict, "kommune-existiert");
        var read = await client.GetJson($"/api/kommunen/{id}");
        Assert.Equal($"Testkommune {id}", read.GetProperty("name").GetString());
        Assert.Equal(1, await client.HistoryCount(id));
    }

    [Fact]
    public async Task registering_a_taken_ags_is_409_and_creates_no_stream()
    {
        var client = await TestHost.Client();
        var ags = TestHost.NewAgs();
        var first = TestHost.NewKommuneId("neustadt");
        await (await client.Post("/api/kommunen", new { id = first, name = "Neustadt", kind = "Stadt", bundesland = "Hessen", ags }))
            .ShouldBe(HttpStatusCode.Created);
        var second = TestHost.NewKommuneId("neustadt");

        var response = await client.Post("/api/kommunen", new { id = second, name = "Neustadt", kind = "Stadt", bundesland = "Sachsen", ags });

        await response.ShouldBeProblem(HttpStatusCode.Conflict, "ags-vergeben");
        await (await client.GetAsync($"/api/kommunen/{second}")).ShouldBeProblem(HttpStatusCode.NotFound, "kommune-unbekannt");
    }

    [Fact]
    public async Task every_invalid_field_is_listed_in_one_400()
    {
        var client = await TestHost.Client();

        var response = await client.Post("/api/kommunen",
            new { id = "Dessau Roßlau", name = "", kind = "Dorf", bundesland = "Preußen", cohort = "2020", ags = "123" });

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        var fields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["id", "name", "kind", "bundesland", "cohort", "ags"], fields);
    }

    [Fact]
    public async Task malformed_json_is_400_naming_line_and_position()
    {
        var client = await TestHost.Client();

        var response = await client.PostRaw("/api/kommunen", "{\n  \"id\": \"x\",\n  \"name\": }");

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltiges-json");
        Assert.Equal("Ungültiges JSON", problem.GetProperty("title").GetString());
        Assert.Equal(3, problem.GetProperty("line").GetInt64());
        Assert.True(problem.GetProperty("position").GetInt64() > 1);
    }

    [Fact]
    public async Task a_value_of_the_wrong_type_is_400_naming_the_field()
    {
        var client = await TestHost.Client();

        var response = await client.PostRaw("/api/kommunen", "{\"id\":\"x\",\"startDate\":\"2020-13-01\"}");

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltiges-json");
        Assert.Equal("$.startDate", problem.GetProperty("path").GetString());
    }

    [Fact]
    public async Task an_unknown_field_is_400_so_a_typo_cannot_drop_a_guard()
    {
        var client = await TestHost.Client();

        var response = await client.PostRaw("/api/kommunen", "{\"id\":\"x\",\"nmae\":\"Dessau\"}");

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltiges-json");
        Assert.Equal("nmae", problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task a_body_over_one_mebibyte_is_413()
    {
        var client = await TestHost.Client();
        var huge = "{\"id\":\"x\",\"name\":\"" + new string('a', 1024 * 1024) + "\"}";

        var response = await client.PostRaw("/api/kommunen", huge);

        await response.ShouldBeProblem(HttpStatusCode.RequestEntityTooLarge, "anfrage-zu-gross");
    }

    [Fact]
    public async Task an_unknown_kommune_is_404()
    {
        var client = await TestHost.Client();

        await (await client.GetAsync("/api/kommunen/gibt-es-nicht")).ShouldBeProblem(HttpStatusCode.NotFound, "kommune-unbekannt");
        await (await client.GetAsync("/api/kommunen/Ungültig!")).ShouldBeProblem(HttpStatusCode.NotFound, "kommune-unbekannt");
        await (await client.GetAsync("/api/kommunen/gibt-es-nicht/history")).ShouldBeProblem(HttpStatusCode.NotFound, "kommune-unbekannt");
    }
}
