using System.Net.Http.Json;
using System.Text.Json;
using Selbstcheck.Host.Pages;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// What a browser test arranges through the API before the browser takes over (as the programme team): a Kommune of
/// its own, a workshop; every request must succeed, or the test fails naming it.
/// </summary>
internal static class ApiSteps
{
    /// <summary>Sends the request; anything but a success fails the test with the method, address, status and body.</summary>
    public static async Task Ok(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>As <see cref="Ok"/>, and the response's JSON.</summary>
    public static async Task<JsonElement> OkJson(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// A Kommune of the test ("{town} {last four of its id}"), optionally with an Integrationsbüro (with an address) as
    /// lead office and the demo facilitator assigned.
    /// </summary>
    public static async Task<(HttpClient Admin, string Id, string Name)> KommuneAsync(
        string prefix, string town, string bundesland = "Sachsen-Anhalt", bool leadOffice = false, bool facilitator = false)
    {
        var admin = await WebHost.ApiAsync("programmteam");
        var id = TestHost.NewKommuneId(prefix);
        var name = $"{town} {id[^4..]}";
        await Ok(admin.PostAsJsonAsync("/api/kommunen", new { id, name, kind = "Stadt", bundesland }));
        if (leadOffice)
        {
            await Ok(admin.PutAsJsonAsync($"/api/kommunen/{id}/units", new { name = "Integrationsbüro", email = "integration@example.org" }));
            await Ok(admin.PutAsJsonAsync($"/api/kommunen/{id}/lead-office", new { unit = "Integrationsbüro" }));
        }

        if (facilitator) await Ok(admin.PutAsJsonAsync($"/api/kommunen/{id}/facilitator", new { personId = Guid.Parse(DemoUsers.Facilitator) }));
        return (admin, id, name);
    }

    /// <summary>A workshop of the Kommune ("Selbstcheck-Workshop" in the Rathaus), its id.</summary>
    public static async Task<Guid> ScheduleAsync(HttpClient admin, string kommune, string startsAt) =>
        (await OkJson(admin.PostAsJsonAsync($"/api/kommunen/{kommune}/workshops", new { title = "Selbstcheck-Workshop", startsAt, place = "Rathaus" }))).GetProperty("id").GetGuid();
}
