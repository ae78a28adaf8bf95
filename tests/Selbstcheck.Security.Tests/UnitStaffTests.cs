using System.Net;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Security.Tests;

/// <summary>#14 unit staff (role einheit): their Kommune's action plan and milestones, changes only to their own unit's items.</summary>
public class UnitStaffTests
{
    private static async Task<(HttpClient Admin, string Kommune, Guid Own, Guid Other)> KommuneWithTwoUnitsItems()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        async Task<Guid> Add(string owner)
        {
            var response = await admin.Post($"/api/kommunen/{kommune}/action-items", new { field = 4, text = $"Aufgabe für {owner}", owner });
            await response.ShouldBe(HttpStatusCode.Created);
            return (await response.ReadJson()).GetProperty("actionItemId").GetGuid();
        }

        return (admin, kommune, await Add("Amt für Stadtentwicklung"), await Add("Sozialamt"));
    }

    [Fact]
    public async Task unit_staff_change_status_and_notes_of_their_own_units_item_and_get_403_on_another_units()
    {
        var (admin, kommune, own, other) = await KommuneWithTwoUnitsItems();
        var staff = await TestHost.ClientAs(Roles.Einheit, $"{kommune}/amt-fuer-stadtentwicklung");

        var status = await staff.Post($"/api/kommunen/{kommune}/action-items/{own}/status", new { status = "in Arbeit" });
        await status.ShouldBe(HttpStatusCode.OK);
        await (await staff.Post($"/api/kommunen/{kommune}/action-items/{own}/notes", new { text = "Gespräch mit dem Sozialamt geführt" })).ShouldBe(HttpStatusCode.OK);

        var refused = await staff.Post($"/api/kommunen/{kommune}/action-items/{other}/status", new { status = "erledigt" });
        await refused.ShouldBe(HttpStatusCode.Forbidden);
        var problem = await refused.ReadJson();
        Assert.Equal("Handlungsbedarf einer anderen Stelle", problem.GetProperty("title").GetString());
        Assert.Contains("Sozialamt", problem.GetProperty("detail").GetString());
        await (await staff.Post($"/api/kommunen/{kommune}/action-items/{other}/notes", new { text = "Nicht meins" })).ShouldBe(HttpStatusCode.Forbidden);

        // The refusal changed nothing; the own item moved on.
        var items = (await admin.GetJson($"/api/action-items?kommune={kommune}")).GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("id").GetGuid(), i => (i.GetProperty("status").GetString(), i.GetProperty("version").GetInt64()));
        Assert.Equal(("in Arbeit", 3L), items[own]);
        Assert.Equal(("offen", 1L), items[other]);
    }

    [Fact]
    public async Task unit_staff_read_their_kommunes_plan_and_milestones_but_not_another_kommune_nor_owner_and_due()
    {
        var (_, kommune, own, _) = await KommuneWithTwoUnitsItems();
        var staff = await TestHost.ClientAs(Roles.Einheit, $"{kommune}/amt-fuer-stadtentwicklung");
        var foreign = await (await TestHost.Client()).RegisterKommune();

        await (await staff.GetAsync($"/api/kommunen/{kommune}/action-plan")).ShouldBe(HttpStatusCode.OK);
        await (await staff.GetAsync($"/api/kommunen/{kommune}/milestones")).ShouldBe(HttpStatusCode.OK);
        await (await staff.GetAsync($"/api/kommunen/{foreign}/action-plan")).ShouldBe(HttpStatusCode.Forbidden);
        await (await staff.Put($"/api/kommunen/{kommune}/action-items/{own}", new { owner = "Sozialamt", due = "2031-01-31", reason = "Abgeben" })).ShouldBe(HttpStatusCode.Forbidden);
        await (await staff.GetAsync($"/api/kommunen/{kommune}/history")).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task the_units_list_shows_each_units_stable_key()
    {
        var (admin, kommune, _, _) = await KommuneWithTwoUnitsItems();
        var created = await admin.Put($"/api/kommunen/{kommune}/units", new { name = "Amt-für Stadtentwicklung" });
        await created.ShouldBe(HttpStatusCode.Created);
        Assert.Equal("amt-fuer-stadtentwicklung-2", (await created.ReadJson()).GetProperty("key").GetString());

        var units = (await admin.GetJson($"/api/kommunen/{kommune}/units")).GetProperty("items").EnumerateArray()
            .ToDictionary(u => u.GetProperty("name").GetString()!, u => u.GetProperty("key").GetString());

        Assert.Equal("amt-fuer-stadtentwicklung", units["Amt für Stadtentwicklung"]);
        Assert.Equal("sozialamt", units["Sozialamt"]);
        Assert.Equal("amt-fuer-stadtentwicklung-2", units["Amt-für Stadtentwicklung"]);
    }

    [Fact]
    public async Task a_unit_staff_token_names_the_kommune_and_a_unit_key_not_a_display_name()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => TestHost.TokenFor(Roles.Einheit, "dessau-rosslau"));
        await Assert.ThrowsAsync<ArgumentException>(() => TestHost.TokenFor(Roles.Einheit, "dessau-rosslau/Amt für Stadtentwicklung"));
        Assert.NotEmpty(await TestHost.TokenFor(Roles.Einheit, "dessau-rosslau/amt-fuer-stadtentwicklung"));
    }
}
