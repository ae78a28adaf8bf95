using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Selbstcheck.Tests.Shared;

/// <summary>Given-steps through the public API, so tests read like the journey.</summary>
public static class Api
{
    public static async Task<HttpResponseMessage> Post(this HttpClient client, string url, object body) =>
        await client.PostAsJsonAsync(url, body, TestHost.Json);

    public static async Task<HttpResponseMessage> Put(this HttpClient client, string url, object body) =>
        await client.PutAsJsonAsync(url, body, TestHost.Json);

    public static async Task<HttpResponseMessage> PostRaw(this HttpClient client, string url, string body) =>
        await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));

    public static async Task<string> RegisterKommune(this HttpClient client, string? id = null, string? cohort = null, string bundesland = "Sachsen-Anhalt")
    {
        id ??= TestHost.NewKommuneId();
        var response = await client.Post("/api/kommunen", new { id, name = $"Testkommune {id}", kind = "Stadt", bundesland, cohort });
        await response.ShouldBe(HttpStatusCode.Created);
        return id;
    }

    public static async Task<Guid> RegisterPerson(this HttpClient client, string name = "Prozessbegleitung (Test)")
    {
        var response = await client.Post("/api/people", new { name, organisation = "Test" });
        await response.ShouldBe(HttpStatusCode.Created);
        return (await response.ReadJson()).GetProperty("id").GetGuid();
    }

    /// <summary>
    /// Imports a new version of the scoring scheme "streng" (levels 1 from 0, 2 from 5/2, 3 from 3: stricter than the
    /// programme's); returns the version.
    /// </summary>
    public static async Task<string> ImportStrictScheme(this HttpClient admin)
    {
        var version = $"s{Guid.NewGuid():N}"[..10];
        await (await admin.Post("/api/scoring-schemes", new
        {
            id = "streng",
            version,
            title = "Strenger",
            points = new Dictionary<string, int> { ["ja"] = 3, ["eher ja"] = 2, ["eher nein"] = 1, ["nein"] = 0 },
            levels = new[] { new { level = 1, from = "0", label = "Stufe 1" }, new { level = 2, from = "5/2", label = "Stufe 2" }, new { level = 3, from = "3", label = "Stufe 3" } },
        })).ShouldBe(HttpStatusCode.Created);
        return version;
    }

    /// <summary>Opens a full round on the shipped catalogue; returns its number.</summary>
    public static async Task<int> OpenRound(this HttpClient client, string kommune, string actorGroup = "Verwaltung", string kind = "full", string? shortForm = null)
    {
        var response = await client.Post($"/api/kommunen/{kommune}/rounds", new { kind, catalogue = "weltoffene-kommune-2020", actorGroup, shortForm });
        await response.ShouldBe(HttpStatusCode.Created);
        return (await response.ReadJson()).GetProperty("round").GetInt32();
    }

    /// <summary>Adds a respondent; returns its id and its link key.</summary>
    public static async Task<(Guid Id, string Key, string Link)> AddRespondent(this HttpClient client, string kommune, int round, string unit, string? dezernat = null)
    {
        var response = await client.Post($"/api/kommunen/{kommune}/rounds/{round}/respondents", new { unit, dezernat });
        await response.ShouldBe(HttpStatusCode.Created);
        var body = await response.ReadJson();
        return (body.GetProperty("respondentId").GetGuid(), body.GetProperty("key").GetString()!, body.GetProperty("link").GetString()!);
    }

    public static async Task<JsonElement> GetJson(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        await response.ShouldBe(HttpStatusCode.OK);
        return await response.ReadJson();
    }

    public static async Task<long> HistoryCount(this HttpClient client, string kommune) =>
        (await client.GetJson($"/api/kommunen/{kommune}/history")).GetProperty("total").GetInt64();

    /// <summary>Asserts the status, showing the body when it differs.</summary>
    public static async Task ShouldBe(this HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        }
    }

    /// <summary>Asserts a ProblemDetails of the given status and type, with a German title and the correlation id.</summary>
    public static async Task<JsonElement> ShouldBeProblem(this HttpResponseMessage response, HttpStatusCode status, string type)
    {
        await response.ShouldBe(status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJson();
        Assert.Equal($"urn:selbstcheck:problem:{type}", problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.Equal(response.Headers.GetValues("X-Correlation-Id").Single(), problem.GetProperty("correlationId").GetString());
        return problem;
    }
}
