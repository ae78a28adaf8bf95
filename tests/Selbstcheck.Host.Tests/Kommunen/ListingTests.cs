using System.Net;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Kommunen;

public class ListingTests
{
    [Fact]
    public async Task kommunen_are_paged_and_filtered_by_cohort_land_facilitator_and_phase()
    {
        var client = await TestHost.Client();
        // A cohort label of its own keeps this test apart from the others running at the same time.
        var cohort = $"20{Random.Shared.Next(30, 99)}-{Random.Shared.Next(1, 99)}";
        var a = await client.RegisterKommune(cohort: cohort, bundesland: "Bayern");
        var b = await client.RegisterKommune(cohort: cohort, bundesland: "Bayern");
        var c = await client.RegisterKommune(cohort: cohort, bundesland: "Hessen");
        var person = await client.RegisterPerson();
        await (await client.Put($"/api/kommunen/{c}/facilitator", new { personId = person })).ShouldBe(HttpStatusCode.OK);

        var page1 = await client.GetJson($"/api/kommunen?cohort={cohort}&pageSize=2");
        Assert.Equal(3, page1.GetProperty("total").GetInt64());
        Assert.Equal(2, page1.GetProperty("items").GetArrayLength());
        Assert.Equal(2, page1.GetProperty("pageSize").GetInt32());
        var page2 = await client.GetJson($"/api/kommunen?cohort={cohort}&pageSize=2&page=2");
        Assert.Single(page2.GetProperty("items").EnumerateArray());
        var all = page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray())
            .Select(k => k.GetProperty("id").GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { a, b, c }, all);

        var bavarian = await client.GetJson($"/api/kommunen?cohort={cohort}&bundesland=bayern");
        Assert.Equal(2, bavarian.GetProperty("total").GetInt64());

        var byFacilitator = await client.GetJson($"/api/kommunen?facilitator={person}");
        Assert.Equal(c, Assert.Single(byFacilitator.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());

        var inTeilnahme = await client.GetJson($"/api/kommunen?cohort={cohort}&phase=Teilnahme");
        Assert.Equal(3, inTeilnahme.GetProperty("total").GetInt64());
        var inWorkshop = await client.GetJson($"/api/kommunen?cohort={cohort}&phase=workshop");
        Assert.Equal(0, inWorkshop.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task the_first_kommune_registered_with_a_label_creates_the_cohort()
    {
        var client = await TestHost.Client();
        var cohort = $"19{Random.Shared.Next(10, 99)}-{Random.Shared.Next(1, 99)}";
        var before = await client.GetJson("/api/cohorts?pageSize=500");
        Assert.DoesNotContain(before.GetProperty("items").EnumerateArray(), c => c.GetProperty("label").GetString() == cohort);

        await client.RegisterKommune(cohort: cohort);
        await client.RegisterKommune(cohort: cohort);

        var after = await client.GetJson("/api/cohorts?pageSize=500");
        var entry = Assert.Single(after.GetProperty("items").EnumerateArray(), c => c.GetProperty("label").GetString() == cohort);
        Assert.Equal(2, entry.GetProperty("kommunen").GetInt32());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=501")]
    [InlineData("pageSize=abc")]
    [InlineData("phase=Irgendwas")]
    [InlineData("bundesland=Preußen")]
    [InlineData("facilitator=nobody")]
    public async Task invalid_list_parameters_are_400(string query)
    {
        var client = await TestHost.Client();

        await (await client.GetAsync($"/api/kommunen?{query}")).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
    }
}
