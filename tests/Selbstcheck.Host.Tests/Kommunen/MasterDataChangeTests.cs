using System.Net;
using System.Text.Json;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Tests.Kommunen;

/// <summary>#15 H3: the programme team changes a Kommune's master data (PUT /api/kommunen/{id}/master-data).</summary>
public class MasterDataChangeTests
{
    [Fact]
    public async Task changed_master_data_shows_on_the_kommune_its_history_and_the_facilitators_board_and_moves_the_ags()
    {
        var admin = await TestHost.Client();
        var id = TestHost.NewKommuneId();
        var oldAgs = TestHost.NewAgs();
        var newAgs = TestHost.NewAgs();
        await (await admin.Post("/api/kommunen", new { id, name = "Oehringen", kind = "Stadt", bundesland = "Bayern", ags = oldAgs })).ShouldBe(HttpStatusCode.Created);
        var person = await admin.RegisterPerson();
        await (await admin.Put($"/api/kommunen/{id}/facilitator", new { personId = person, expectedVersion = 1 })).ShouldBe(HttpStatusCode.OK);

        var response = await admin.Put($"/api/kommunen/{id}/master-data", new
        {
            name = "Öhringen", kind = "Stadt", bundesland = "Baden-Württemberg", cohort = "2026-1", startDate = "2026-03-01", ags = newAgs, expectedVersion = 2,
        });

        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(3, (await response.ReadJson()).GetProperty("version").GetInt64());
        var kommune = await admin.GetJson($"/api/kommunen/{id}");
        Assert.Equal(("Öhringen", "Baden-Württemberg", "2026-1", "2026-03-01", newAgs, 3L),
            (kommune.GetProperty("name").GetString(), kommune.GetProperty("bundesland").GetString(), kommune.GetProperty("cohort").GetString(),
             kommune.GetProperty("startDate").GetString(), kommune.GetProperty("ags").GetString(), kommune.GetProperty("version").GetInt64()));
        var history = await admin.GetJson($"/api/kommunen/{id}/history");
        Assert.Contains(history.GetProperty("items").EnumerateArray(), e => e.GetProperty("description").GetString()!.StartsWith("Stammdaten geändert: Öhringen (Stadt, Baden-Württemberg), Jahrgang 2026-1", StringComparison.Ordinal));
        Assert.Contains((await admin.GetJson("/api/kommunen?cohort=2026-1&pageSize=500")).GetProperty("items").EnumerateArray(), k => k.GetProperty("id").GetString() == id);

        // The facilitator's board (an asynchronous projection) shows the new name.
        var pb = await TestHost.ClientAs(Roles.Prozessbegleitung, person.ToString());
        await Eventually(async () => (await pb.GetJson($"/api/facilitators/{person}/board")).GetProperty("kommunen").EnumerateArray()
            .Any(k => k.GetProperty("kommuneId").GetString() == id && k.GetProperty("name").GetString() == "Öhringen"));

        // The old key is free again, the new one is taken.
        await (await admin.Post("/api/kommunen", new { id = TestHost.NewKommuneId(), name = "Alt", kind = "Stadt", bundesland = "Bayern", ags = oldAgs })).ShouldBe(HttpStatusCode.Created);
        await (await admin.Post("/api/kommunen", new { id = TestHost.NewKommuneId(), name = "Neu", kind = "Stadt", bundesland = "Bayern", ags = newAgs }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "ags-vergeben");
    }

    [Fact]
    public async Task the_ags_of_another_kommune_is_409_and_changes_nothing()
    {
        var admin = await TestHost.Client();
        var taken = TestHost.NewAgs();
        var other = TestHost.NewKommuneId();
        await (await admin.Post("/api/kommunen", new { id = other, name = "Andere", kind = "Stadt", bundesland = "Bayern", ags = taken })).ShouldBe(HttpStatusCode.Created);
        var id = await admin.RegisterKommune();

        var problem = await (await admin.Put($"/api/kommunen/{id}/master-data", new { name = "Umbenannt", kind = "Stadt", bundesland = "Bayern", ags = taken }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "ags-vergeben");

        Assert.Contains(other, problem.GetProperty("detail").GetString());
        Assert.Equal($"Testkommune {id}", (await admin.GetJson($"/api/kommunen/{id}")).GetProperty("name").GetString());
        Assert.Equal(1, await admin.HistoryCount(id));
    }

    [Fact]
    public async Task invalid_master_data_is_400_naming_each_field_and_a_stale_version_409_and_neither_changes_anything()
    {
        var admin = await TestHost.Client();
        var id = await admin.RegisterKommune();

        var invalid = await (await admin.Put($"/api/kommunen/{id}/master-data", new { name = "", kind = "Dorf", bundesland = "Böhmen", cohort = "x", ags = "12" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        var stale = await (await admin.Put($"/api/kommunen/{id}/master-data", new { name = "Neu", kind = "Stadt", bundesland = "Bayern", expectedVersion = 7 }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");

        Assert.Equal(["ags", "bundesland", "cohort", "kind", "name"], invalid.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(1, stale.GetProperty("currentVersion").GetInt64());
        Assert.Equal(1, await admin.HistoryCount(id));
        await (await admin.Put("/api/kommunen/gibt-es-nicht/master-data", new { name = "X", kind = "Stadt", bundesland = "Bayern" }))
            .ShouldBeProblem(HttpStatusCode.NotFound, "kommune-unbekannt");
    }

    private static async Task Eventually(Func<Task<bool>> probe)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await probe()) return;
            await Task.Delay(200);
        }

        Assert.Fail("the facilitator board did not catch up within 20 s");
    }
}
