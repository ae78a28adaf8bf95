using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// The world the matrix runs in: an own and a foreign Kommune, a facilitator assigned to each,
/// tokens for every role and links for three respondents — and a valid request per endpoint.
/// </summary>
public sealed class MatrixWorld
{
    public required string Own { get; init; }
    public required string Foreign { get; init; }
    public required Guid OwnFacilitator { get; init; }
    public required string ProgrammteamToken { get; init; }
    public required Dictionary<string, string> Tokens { get; init; }
    public required Dictionary<string, string> LinkKeys { get; init; }
    public required HttpClient Http { get; init; }
    public required LinkTokens Links { get; init; }

    public static async Task<MatrixWorld> CreateAsync()
    {
        var admin = await TestHost.Client();
        var own = await admin.RegisterKommune(TestHost.NewKommuneId("eigen"));
        var foreign = await admin.RegisterKommune(TestHost.NewKommuneId("fremd"));
        var ownFacilitator = await admin.RegisterPerson("Prozessbegleitung eigen");
        var foreignFacilitator = await admin.RegisterPerson("Prozessbegleitung fremd");
        await (await admin.Put($"/api/kommunen/{own}/facilitator", new { personId = ownFacilitator })).ShouldBe(System.Net.HttpStatusCode.OK);
        await (await admin.Put($"/api/kommunen/{foreign}/facilitator", new { personId = foreignFacilitator })).ShouldBe(System.Net.HttpStatusCode.OK);

        var host = await TestHost.Instance;
        var links = host.Services.GetRequiredService<LinkTokens>();
        async Task<string> Respondent(string kommune, string respondent) =>
            (await links.IssueAsync(LinkPurposes.Befragung, kommune, respondent, TimeSpan.FromDays(1), "matrix", CancellationToken.None)).Token;

        return new MatrixWorld
        {
            Own = own,
            Foreign = foreign,
            OwnFacilitator = ownFacilitator,
            ProgrammteamToken = await TestHost.TokenFor(Roles.Programmteam),
            Tokens = new Dictionary<string, string>
            {
                ["programmteam"] = await TestHost.TokenFor(Roles.Programmteam),
                ["audit"] = await TestHost.TokenFor(Roles.Audit),
                ["audit+pd"] = await TestHost.TokenFor(Roles.Audit, personalData: true),
                ["pb-zugeordnet"] = await TestHost.TokenFor(Roles.Prozessbegleitung, ownFacilitator.ToString()),
                ["pb-fremd"] = await TestHost.TokenFor(Roles.Prozessbegleitung, foreignFacilitator.ToString()),
                ["kommune-eigen"] = await TestHost.TokenFor(Roles.Kommune, own),
                ["kommune-fremd"] = await TestHost.TokenFor(Roles.Kommune, foreign),
                ["tn-eigen"] = await TestHost.TokenFor(Roles.Teilnehmende, own),
                ["tn-fremd"] = await TestHost.TokenFor(Roles.Teilnehmende, foreign),
            },
            LinkKeys = new Dictionary<string, string>
            {
                ["befragte-eigen"] = await Respondent(own, "befragte-a"),
                ["befragte-andere"] = await Respondent(own, "befragte-b"),
                ["befragte-fremd"] = await Respondent(foreign, "befragte-c"),
            },
            Http = await TestHost.AnonymousClient(),
            Links = links,
        };
    }

    /// <summary>Sends the endpoint's valid request with the cell's credentials.</summary>
    public async Task<HttpResponseMessage> Send(string endpoint, string cell)
    {
        var request = await Build(endpoint);
        if (Tokens.TryGetValue(cell, out var token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (LinkKeys.TryGetValue(cell, out var key))
        {
            var uri = request.RequestUri!.OriginalString;
            request.RequestUri = new Uri(uri + (uri.Contains('?') ? "&" : "?") + "key=" + Uri.EscapeDataString(key), UriKind.Relative);
        }

        return await Http.SendAsync(request);
    }

    private async Task<HttpRequestMessage> Build(string endpoint) => endpoint switch
    {
        "GET /health/live" => Get("/health/live"),
        "GET /health/ready" => Get("/health/ready"),
        "GET /openapi/{documentName}.json" => Get("/openapi/v1.json"),
        "GET /anmelden" => Get("/anmelden"),
        "POST /api/session" => Json(HttpMethod.Post, "/api/session", new { token = ProgrammteamToken }),
        "DELETE /api/session" => new HttpRequestMessage(HttpMethod.Delete, "/api/session"),
        "GET /api/me" => Get("/api/me"),
        "POST /api/kommunen" => Json(HttpMethod.Post, "/api/kommunen",
            new { id = TestHost.NewKommuneId("matrix"), name = "Matrixstadt", kind = "Stadt", bundesland = "Bremen" }),
        "GET /api/kommunen" => Get("/api/kommunen"),
        "GET /api/kommunen/{id}" => Get($"/api/kommunen/{Own}"),
        "PUT /api/kommunen/{id}/facilitator" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/facilitator", new { personId = OwnFacilitator }),
        "PUT /api/kommunen/{id}/lead-office" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/lead-office", new { unit = "Integrationsbüro" }),
        "PUT /api/kommunen/{id}/units" => Json(HttpMethod.Put, $"/api/kommunen/{Own}/units", new { name = $"Einheit {Guid.NewGuid():N}" }),
        "GET /api/kommunen/{id}/units" => Get($"/api/kommunen/{Own}/units"),
        "GET /api/kommunen/{id}/history" => Get($"/api/kommunen/{Own}/history"),
        "GET /api/cohorts" => Get("/api/cohorts"),
        "POST /api/people" => Json(HttpMethod.Post, "/api/people", new { name = "Matrix Person" }),
        "GET /api/people/{id}" => Get($"/api/people/{OwnFacilitator}"),
        "POST /api/kommunen/{id}/links" => Json(HttpMethod.Post, $"/api/kommunen/{Own}/links", new { purpose = "kalender", validDays = 30 }),
        "GET /api/kommunen/{id}/links" => Get($"/api/kommunen/{Own}/links"),
        "DELETE /api/kommunen/{id}/links/{linkId}" => new HttpRequestMessage(HttpMethod.Delete, $"/api/kommunen/{Own}/links/{await FreshLink()}"),
        "GET /api/link" => Get("/api/link"),
        "GET /hangfire/{**path}" => Get("/hangfire"),
        "POST /hangfire/{**path}" => await DashboardPost(),
        _ => throw new InvalidOperationException($"No valid request known for {endpoint}: add one here and a row to the matrix."),
    };

    /// <summary>
    /// The dashboard's own antiforgery check wants the token its page carries (for programmteam,
    /// whose identity it is bound to); every other cell is refused before it gets there.
    /// </summary>
    private async Task<HttpRequestMessage> DashboardPost()
    {
        var page = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        page.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens["programmteam"]);
        var response = await Http.SendAsync(page);
        var html = await response.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"csrf-token\" content=\"([^\"]+)\"").Groups[1].Value;
        var cookie = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("selbstcheck-csrf=", StringComparison.Ordinal)).Split(';')[0];
        var post = new HttpRequestMessage(HttpMethod.Post, "/hangfire/stats")
        {
            Content = new FormUrlEncodedContent([new("metrics[]", "enqueued:count")]),
        };
        post.Headers.Add("X-CSRF-TOKEN", token);
        post.Headers.Add("Cookie", cookie);
        return post;
    }

    private async Task<Guid> FreshLink() =>
        (await Links.IssueAsync(LinkPurposes.Kalender, Own, $"kommune:{Own}", TimeSpan.FromDays(1), "matrix", CancellationToken.None)).Record.Id;

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static HttpRequestMessage Json(HttpMethod method, string url, object body) =>
        new(method, url) { Content = JsonContent.Create(body, options: TestHost.Json) };
}
