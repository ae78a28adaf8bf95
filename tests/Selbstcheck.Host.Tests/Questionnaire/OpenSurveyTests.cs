using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Questionnaire;

/// <summary>
/// #14 open survey through HTTP: the round's open survey link (capacity, one response per browser session,
/// revocable, anonymous — the actor is the link), respondents outside the administration, interview rounds.
/// </summary>
public class OpenSurveyTests
{
    /// <summary>A browser: its cookies, and the client address a proxy would report (it must never be stored).</summary>
    private sealed class Visitor(HttpClient http, string address)
    {
        public readonly Dictionary<string, string> Cookies = [];

        public string Address => address;

        public async Task<HttpResponseMessage> Send(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? form = null)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            request.Headers.Add("X-Forwarded-For", address);
            if (Cookies.Count > 0) request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
            if (form is not null) request.Content = new FormUrlEncodedContent(form);
            var response = await http.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var set))
            {
                foreach (var pair in set.Select(c => c.Split(';')[0].Split('=', 2)))
                {
                    if (pair[1].Length == 0) Cookies.Remove(pair[0]);
                    else Cookies[pair[0]] = pair[1];
                }
            }

            return response;
        }

        public Task<HttpResponseMessage> Get(string path) => Send(HttpMethod.Get, path);

        /// <summary>Loads a page, then posts its form with the antiforgery token it carries.</summary>
        public async Task<HttpResponseMessage> PostForm(string path, params (string Name, string Value)[] fields)
        {
            var page = await Get(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var token = Regex.Match(await page.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            Assert.NotEmpty(token);
            return await Send(HttpMethod.Post, path, [.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)), new("__RequestVerificationToken", token)]);
        }

        /// <summary>Opens the round's open survey link, answers one criterion with a comment and submits.</summary>
        public async Task AnswerAndSubmit(string key, string comment)
        {
            var opened = await Get($"/befragung/offen?key={Uri.EscapeDataString(key)}");
            Assert.Equal(HttpStatusCode.SeeOther, opened.StatusCode);
            Assert.Equal("/befragung", opened.Headers.Location?.OriginalString);
            Assert.True(Cookies.ContainsKey(RespondentSession.CookieName));
            var start = WebUtility.HtmlDecode(await (await Get("/befragung")).Content.ReadAsStringAsync());
            Assert.Contains("Selbstcheck-Fragebogen: offene Befragung", start);
            Assert.Equal(HttpStatusCode.Redirect, (await PostForm("/befragung/feld/1", ("antwort-1.1", "eher ja"), ("kommentar-1.1", comment))).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await PostForm("/befragung/absenden")).StatusCode);
        }
    }

    private static async Task<Visitor> NewVisitor(int n) => new(await TestHost.AnonymousClient(), $"203.0.113.{n}");

    private static async Task<(HttpClient Admin, string Kommune, int Round)> CivilSocietyRound()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune, actorGroup: "Zivilgesellschaft und Migrantenorganisationen");
        return (admin, kommune, round);
    }

    private static async Task<List<(string Type, string Data, string? Headers, string? User, string? Correlation)>> StoredEvents(string kommune)
    {
        await using var connection = new NpgsqlConnection(TestHost.AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select type, data::text, headers::text, user_name, correlation_id from selbstcheck.mt_events where stream_id = @s order by seq_id", connection);
        command.Parameters.AddWithValue("s", kommune);
        var events = new List<(string, string, string?, string?, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add((reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return events;
    }

    [Fact]
    public async Task open_survey_link_two_sessions_answer_and_submit_a_third_is_refused_at_capacity_and_revoking_refuses_any_further()
    {
        var (admin, kommune, round) = await CivilSocietyRound();
        var created = await admin.Post($"/api/kommunen/{kommune}/rounds/{round}/open-link", new { capacity = 2 });
        await created.ShouldBe(HttpStatusCode.Created);
        var link = await created.ReadJson();
        var key = link.GetProperty("key").GetString()!;
        var linkId = link.GetProperty("linkId").GetGuid();
        Assert.Equal("offene Befragung", link.GetProperty("label").GetString());
        Assert.EndsWith($"/befragung/offen?key={Uri.EscapeDataString(key)}", link.GetProperty("link").GetString());

        var a = await NewVisitor(11);
        var b = await NewVisitor(12);
        await a.AnswerAndSubmit(key, "Frau Beispiel vom Verein sagt: gut");
        // One response per browser session: opening the link again goes on with the same response.
        Assert.Equal(HttpStatusCode.SeeOther, (await a.Get($"/befragung/offen?key={Uri.EscapeDataString(key)}")).StatusCode);
        await b.AnswerAndSubmit(key, "Zweite Stimme");

        var c = await NewVisitor(13);
        var full = await c.Get($"/befragung/offen?key={Uri.EscapeDataString(key)}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, full.StatusCode);
        var fullPage = WebUtility.HtmlDecode(await full.Content.ReadAsStringAsync());
        Assert.Contains("<html lang=\"de\">", fullPage);
        Assert.Contains("Offene Befragung voll", fullPage);
        Assert.False(c.Cookies.ContainsKey(RespondentSession.CookieName));
        // The API client gets ProblemDetails.
        var api = await (await TestHost.AnonymousClient()).GetAsync($"/befragung/offen?key={Uri.EscapeDataString(key)}");
        await api.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "offene-befragung-voll");

        var progress = await admin.GetJson($"/api/kommunen/{kommune}/rounds/{round}");
        var open = progress.GetProperty("openSurvey");
        Assert.Equal(("offene Befragung", 2, 2, 2, false),
            (open.GetProperty("label").GetString(), open.GetProperty("capacity").GetInt32(), open.GetProperty("started").GetInt32(),
                open.GetProperty("submitted").GetInt32(), open.GetProperty("revoked").GetBoolean()));
        Assert.Contains("kein Nachweis einer Person", open.GetProperty("note").GetString());
        Assert.All(progress.GetProperty("respondents").EnumerateArray(), r =>
            Assert.Equal(("offene Befragung", true, true), (r.GetProperty("unit").GetString(), r.GetProperty("anonymous").GetBoolean(), r.GetProperty("submitted").GetBoolean())));
        Assert.Equal(2, progress.GetProperty("round").GetProperty("openSurveySubmitted").GetInt32());

        var sessions = new[] { a, b }.Select(v => v.Cookies[RespondentSession.CookieName]).ToList();

        // Revoked with the links' own machinery: the link opens nothing and the sessions made from it end.
        await (await admin.DeleteAsync($"/api/kommunen/{kommune}/links/{linkId}")).ShouldBe(HttpStatusCode.OK);
        var d = await NewVisitor(14);
        var revoked = await d.Get($"/befragung/offen?key={Uri.EscapeDataString(key)}");
        Assert.Equal(HttpStatusCode.Gone, revoked.StatusCode);
        Assert.Contains("widerrufen", WebUtility.HtmlDecode(await revoked.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await a.Get("/befragung")).StatusCode);
        Assert.True((await admin.GetJson($"/api/kommunen/{kommune}/rounds/{round}")).GetProperty("openSurvey").GetProperty("revoked").GetBoolean());

        // Anonymous: every event of a response names the link as its actor — no address, no session, no IP.
        var stored = await StoredEvents(kommune);
        var responses = stored.Where(e => e.Type is "open_response_started" or "answer_recorded" or "answers_submitted").ToList();
        Assert.Equal(6, responses.Count);
        Assert.All(responses, e => Assert.Equal($"link-{linkId}", e.User));
        Assert.All(stored, e =>
        {
            var text = $"{e.Data} {e.Headers} {e.User} {e.Correlation}";
            Assert.DoesNotMatch(@"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b", text);
            Assert.DoesNotContain("::1", text);
            Assert.DoesNotContain(key, text);
            Assert.All(sessions, s => Assert.DoesNotContain(s[..Math.Min(40, s.Length)], text));
            Assert.DoesNotContain("session", text, StringComparison.OrdinalIgnoreCase);
            if (e.Headers is { } h) Assert.All(JsonDocument.Parse(h).RootElement.EnumerateObject(), p => Assert.Equal("actorRole", p.Name));
        });
        // Free text went to the personal-data vault, never into the event.
        Assert.DoesNotContain(stored, e => e.Data.Contains("Frau Beispiel", StringComparison.Ordinal));

        // The anonymous responses count in the evaluation, and its tables say so.
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/close", null)).ShouldBe(HttpStatusCode.OK);
        var tables = WebUtility.HtmlDecode(await (await admin.GetAsync($"/api/kommunen/{kommune}/rounds/{round}/tables.html")).Content.ReadAsStringAsync());
        Assert.Contains("Darunter 2 abgegebene Antworten der offenen Befragung (anonym)", tables);
    }

    [Fact]
    public async Task only_the_lead_office_facilitator_or_programme_team_creates_the_open_link_and_bad_input_is_400()
    {
        var (admin, kommune, round) = await CivilSocietyRound();
        var participants = await TestHost.ClientAs(Selbstcheck.Workflow.Common.Roles.Teilnehmende, kommune);

        await (await participants.Post($"/api/kommunen/{kommune}/rounds/{round}/open-link", new { capacity = 2 })).ShouldBe(HttpStatusCode.Forbidden);
        var invalid = await (await admin.Post($"/api/kommunen/{kommune}/rounds/{round}/open-link", new { capacity = 0, expiresAt = "2000-01-01T00:00:00Z" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        Assert.Equal(["capacity", "expiresAt"], invalid.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        await (await admin.Post($"/api/kommunen/{kommune}/links", new { purpose = "offene-befragung" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "offene-befragung-nur-mit-runde");
    }

    [Fact]
    public async Task a_new_open_link_replaces_the_old_one_and_an_expired_or_unknown_link_is_refused()
    {
        var (admin, kommune, round) = await CivilSocietyRound();
        var first = (await (await admin.Post($"/api/kommunen/{kommune}/rounds/{round}/open-link", new { capacity = 5 })).ReadJson()).GetProperty("key").GetString()!;
        var second = (await (await admin.Post($"/api/kommunen/{kommune}/rounds/{round}/open-link", new { capacity = 5 })).ReadJson()).GetProperty("key").GetString()!;
        var visitor = await NewVisitor(21);

        Assert.Equal(HttpStatusCode.Gone, (await visitor.Get($"/befragung/offen?key={Uri.EscapeDataString(first)}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await visitor.Get("/befragung/offen?key=scl_falsch")).StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, (await visitor.Get($"/befragung/offen?key={Uri.EscapeDataString(second)}")).StatusCode);
    }

    [Fact]
    public async Task respondents_outside_the_administration_are_not_units_of_the_kommune()
    {
        var (admin, kommune, round) = await CivilSocietyRound();
        var person = await admin.RegisterPerson("Sprecherin des Beirats");

        await (await admin.Post($"/api/kommunen/{kommune}/rounds/{round}/respondents", new { unit = "Migrantenbeirat" })).ShouldBe(HttpStatusCode.Created);
        var single = await admin.Post($"/api/kommunen/{kommune}/rounds/{round}/respondents", new { contactPersonId = person });
        await single.ShouldBe(HttpStatusCode.Created);
        Assert.Equal("Einzelperson", (await single.ReadJson()).GetProperty("unit").GetString());

        var units = await admin.GetJson($"/api/kommunen/{kommune}/units");
        Assert.DoesNotContain(units.GetProperty("items").EnumerateArray(), u => u.GetProperty("name").GetString() == "Migrantenbeirat");
        var types = (await StoredEvents(kommune)).Select(e => e.Type).ToList();
        Assert.DoesNotContain("unit_added", types);
        Assert.Equal(2, types.Count(t => t == "external_respondent_added"));
        var progress = await admin.GetJson($"/api/kommunen/{kommune}/rounds/{round}");
        Assert.All(progress.GetProperty("respondents").EnumerateArray(), r => Assert.True(r.GetProperty("external").GetBoolean()));

        // The administration's own rounds keep adding units.
        var own = await admin.OpenRound(kommune);
        await admin.AddRespondent(kommune, own, "Ordnungsamt");
        Assert.Contains("unit_added", (await StoredEvents(kommune)).Select(e => e.Type));
    }

    [Fact]
    public async Task an_interview_round_records_summaries_per_field_and_closes_without_a_score()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune, actorGroup: "Politik", kind: "interview");
        var url = $"/api/kommunen/{kommune}/rounds/{round}";

        await (await admin.Post($"{url}/respondents", new { unit = "Fraktion" })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "interview-runde");
        var recorded = await admin.Put($"{url}/interview-summaries", new { field = 2, text = "Herr Muster (Fraktion) wünscht mehr Information.", expectedVersion = 0 });
        await recorded.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(1, (await recorded.ReadJson()).GetProperty("version").GetInt64());
        await (await admin.Put($"{url}/interview-summaries", new { field = 2, text = "Neu", expectedVersion = 0 })).ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");

        var summaries = await admin.GetJson($"{url}/interview-summaries");
        var summary = Assert.Single(summaries.GetProperty("summaries").EnumerateArray());
        Assert.Equal((2, "Herr Muster (Fraktion) wünscht mehr Information."), (summary.GetProperty("field").GetInt32(), summary.GetProperty("text").GetString()));
        Assert.DoesNotContain((await StoredEvents(kommune)), e => e.Data.Contains("Herr Muster", StringComparison.Ordinal));
        // Audit without the personal-data claim is refused (the summaries are personal text).
        var audit = await TestHost.ClientAs(Selbstcheck.Workflow.Common.Roles.Audit);
        await (await audit.GetAsync($"{url}/interview-summaries")).ShouldBe(HttpStatusCode.Forbidden);

        var closed = await admin.PostAsync($"{url}/close", null);
        await closed.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, (await closed.ReadJson()).GetProperty("evaluation").ValueKind);
        Assert.DoesNotContain("round_evaluated", (await StoredEvents(kommune)).Select(e => e.Type));
    }
}
