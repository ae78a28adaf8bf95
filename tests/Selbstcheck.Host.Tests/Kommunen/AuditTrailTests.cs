using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Selbstcheck.Host.Audit;
using Selbstcheck.Projections.FacilitatorBoard;
using Selbstcheck.Projections.KommuneOverview;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Programme;

namespace Selbstcheck.Host.Tests.Kommunen;

/// <summary>#12 point 1: who, when and why on every record — Kommune streams, links, the programme stream.</summary>
public class AuditTrailTests
{
    /// <summary>An event as stored: the metadata columns and the payload text.</summary>
    internal sealed record StoredEvent(long Version, string Type, string? User, string? Correlation, string? Causation, JsonElement Headers, string Data)
    {
        public string? Header(string name) =>
            Headers.ValueKind == JsonValueKind.Object && Headers.TryGetProperty(name, out var v) ? v.ToString() : null;
    }

    internal static async Task<List<StoredEvent>> StoredAsync(string stream)
    {
        await using var connection = new NpgsqlConnection(TestHost.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select version, type, user_name, correlation_id, causation_id, coalesce(headers, '{}'::jsonb)::text, data::text " +
            "from selbstcheck.mt_events where stream_id = @s order by version", connection);
        cmd.Parameters.AddWithValue("s", stream);
        var events = new List<StoredEvent>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            events.Add(new StoredEvent(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                JsonDocument.Parse(reader.GetString(5)).RootElement.Clone(), reader.GetString(6)));
        }

        return events;
    }

    private static HttpRequestMessage Correlated(HttpMethod method, string url, object body, string correlation)
    {
        var request = new HttpRequestMessage(method, url)
        {
            Content = new StringContent(JsonSerializer.Serialize(body, TestHost.Json), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Correlation-Id", correlation);
        return request;
    }

    [Fact]
    public async Task every_event_of_an_api_built_journey_carries_user_role_correlation_causation_and_the_reason_given()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var office = await TestHost.ClientAs(Roles.Kommune, kommune);
        await (await admin.Put($"/api/kommunen/{kommune}/facilitator", new { personId = await admin.RegisterPerson() })).ShouldBe(HttpStatusCode.OK);
        var named = await office.Put($"/api/kommunen/{kommune}/lead-office", new { unit = "Integrationsbüro" });
        await named.ShouldBe(HttpStatusCode.OK);
        var round = await admin.OpenRound(kommune);
        var respondent = await admin.AddRespondent(kommune, round, "Amt für Stadtentwicklung");
        await (await admin.Post($"/api/kommunen/{kommune}/rounds/{round}/respondents/{respondent.Id}/link", new { })).ShouldBe(HttpStatusCode.Created);
        var milestone = (await (await office.Post($"/api/kommunen/{kommune}/milestones",
            new { title = "Dialogveranstaltung", kind = "Dialogveranstaltung", owner = "Integrationsbüro", dueDate = "2031-10-08" })).ReadJson()).GetProperty("milestoneId").GetGuid();
        await (await office.SendAsync(Correlated(HttpMethod.Put, $"/api/kommunen/{kommune}/milestones/{milestone}/due",
            new { dueDate = "2031-10-15", reason = "Saal belegt" }, "audit-verschoben"))).ShouldBe(HttpStatusCode.OK);
        await (await office.Post($"/api/kommunen/{kommune}/milestones/{milestone}/cancel", new { reason = "  entfällt  " })).ShouldBe(HttpStatusCode.OK);
        var item = (await (await office.Post($"/api/kommunen/{kommune}/action-items", new { field = 5, text = "Kümmerer etablieren", owner = "Integrationsbüro" })).ReadJson())
            .GetProperty("actionItemId").GetGuid();
        await (await office.Post($"/api/kommunen/{kommune}/action-items/{item}/status", new { status = "in Arbeit" })).ShouldBe(HttpStatusCode.OK);

        var events = await StoredAsync(kommune);

        Assert.True(events.Count >= 12, string.Join(", ", events.Select(e => e.Type)));
        Assert.All(events, e =>
        {
            Assert.False(string.IsNullOrEmpty(e.User), $"{e.Version} {e.Type}: no user");
            Assert.False(string.IsNullOrEmpty(e.Header(EventHeaders.ActorRole)), $"{e.Version} {e.Type}: no role");
            Assert.False(string.IsNullOrEmpty(e.Correlation), $"{e.Version} {e.Type}: no correlation id");
            Assert.False(string.IsNullOrEmpty(e.Causation), $"{e.Version} {e.Type}: no causation id");
        });
        var officeUser = await TestHost.UserIdOf(TestHost.UserLabel(Roles.Kommune, kommune));
        var rescheduled = events.Single(e => e.Type == "milestone_rescheduled");
        Assert.Equal((officeUser, "kommune", "audit-verschoben", "Saal belegt"), (rescheduled.User, rescheduled.Header(EventHeaders.ActorRole), rescheduled.Correlation, rescheduled.Header(EventHeaders.Reason)));
        Assert.Equal("entfällt", events.Single(e => e.Type == "milestone_cancelled").Header(EventHeaders.Reason));
        // A request without X-Correlation-Id: its events carry the id the service gave it (and answered with).
        Assert.Equal(named.Headers.GetValues("X-Correlation-Id").Single(), events.Single(e => e.Type == "lead_office_named").Correlation);
        // The reason rides on every event of its command (a rescheduling re-plans the reminders too) and on no other.
        var reasoned = events.Where(e => e.Causation == rescheduled.Causation || e.Type == "milestone_cancelled").ToList();
        Assert.All(events.Except(reasoned), e => Assert.Null(e.Header(EventHeaders.Reason)));
        Assert.All(events.Where(e => e.Causation == rescheduled.Causation), e => Assert.Equal(("Saal belegt", "audit-verschoben"), (e.Header(EventHeaders.Reason), e.Correlation)));
        // The events of one command share their causation (the command); different commands differ.
        Assert.NotEqual(events[0].Causation, events[1].Causation);
    }

    [Fact]
    public async Task links_issued_and_revoked_are_events_of_their_kommunes_stream_without_the_token()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune);
        var respondent = await admin.AddRespondent(kommune, round, "Integrationsbüro");
        var reissued = await (await admin.Post($"/api/kommunen/{kommune}/rounds/{round}/respondents/{respondent.Id}/link", new { })).ReadJson();
        var calendar = await (await admin.Post($"/api/kommunen/{kommune}/links", new { purpose = "kalender", validDays = 30 })).ReadJson();
        var calendarId = calendar.GetProperty("id").GetGuid();
        await (await admin.DeleteAsync($"/api/kommunen/{kommune}/links/{calendarId}")).ShouldBe(HttpStatusCode.OK);
        await (await admin.DeleteAsync($"/api/kommunen/{kommune}/links/{calendarId}")).ShouldBe(HttpStatusCode.OK);

        var events = await StoredAsync(kommune);
        var linkEvents = events.Where(e => e.Type is "link_issued" or "link_revoked").ToList();

        Assert.Equal(["link_issued", "link_revoked", "link_issued", "link_issued", "link_revoked"], linkEvents.Select(e => e.Type));
        var subject = $"runde-{round}/{respondent.Id}";
        var first = JsonDocument.Parse(linkEvents[0].Data).RootElement;
        Assert.Equal(("befragung", subject, kommune), (first.GetProperty("purpose").GetString(), first.GetProperty("subject").GetString(), first.GetProperty("kommuneId").GetString()));
        // Re-issuing revokes the old link and issues the new one in the same command.
        Assert.Equal(linkEvents[1].Causation, linkEvents[2].Causation);
        Assert.Equal(LinkDecisionsReplaced, JsonDocument.Parse(linkEvents[1].Data).RootElement.GetProperty("reason").GetString());
        Assert.Equal(first.GetProperty("linkId").GetGuid(), JsonDocument.Parse(linkEvents[1].Data).RootElement.GetProperty("linkId").GetGuid());
        // Revoking twice: one event.
        Assert.Equal(calendarId, JsonDocument.Parse(linkEvents[4].Data).RootElement.GetProperty("linkId").GetGuid());
        // Never the token, never its hash.
        await using var connection = new NpgsqlConnection(TestHost.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("select data->>'hash' from selbstcheck.mt_doc_linkrecord where kommune_id = @k", connection);
        cmd.Parameters.AddWithValue("k", kommune);
        var hashes = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) hashes.Add(reader.GetString(0));
        }

        Assert.Equal(3, hashes.Count);
        foreach (var secret in hashes.Concat([respondent.Key, reissued.GetProperty("key").GetString()!, calendar.GetProperty("key").GetString()!]))
        {
            Assert.All(events, e => Assert.DoesNotContain(secret, e.Data + e.Headers));
        }

        // The history describes them in German.
        var history = await admin.GetJson($"/api/kommunen/{kommune}/history?type=link_issued,link_revoked");
        Assert.StartsWith("Befragungslink ausgestellt", history.GetProperty("items")[0].GetProperty("description").GetString());
    }

    private const string LinkDecisionsReplaced = "ersetzt durch einen neuen Link";

    [Fact]
    public async Task programme_level_changes_are_events_of_the_programme_stream_with_ids_only_and_an_auditable_history()
    {
        var admin = await TestHost.Client();
        var version = $"p{Guid.NewGuid():N}"[..12];
        object Catalogue(string text) => new
        {
            id = "programm-test",
            version,
            title = "Import",
            fields = new[] { new { number = 1, key = "feld", name = "Feld", criteria = new[] { new { id = "1.1", text } } } },
            shortForms = Array.Empty<object>(),
        };
        var before = (await StoredAsync(ProgrammeStream.Id)).Count;
        await (await admin.SendAsync(Correlated(HttpMethod.Post, "/api/catalogues", Catalogue("Erst"), "audit-katalog"))).ShouldBe(HttpStatusCode.Created);
        await (await admin.Post("/api/catalogues", Catalogue("Erst"))).ShouldBe(HttpStatusCode.OK);
        var person = await admin.RegisterPerson("Erika Programmstrom");
        var label = $"neu-{Guid.NewGuid():N}";
        await TestHost.TokenFor(Roles.Kommune, "dessau-rosslau", user: label);
        var newUser = await TestHost.UserIdOf(label);
        var facilitatorLink = await (await admin.Post($"/api/facilitators/{person}/links", new { validDays = 30 })).ReadJson();
        await (await admin.DeleteAsync($"/api/facilitators/{person}/links/{facilitatorLink.GetProperty("id").GetGuid()}")).ShouldBe(HttpStatusCode.OK);
        // A refused import records nothing.
        var kommune = await admin.RegisterKommune();
        await (await admin.Post($"/api/kommunen/{kommune}/rounds", new { kind = "full", catalogue = "programm-test", catalogueVersion = version, actorGroup = "Verwaltung" }))
            .ShouldBe(HttpStatusCode.Created);
        await (await admin.Post("/api/catalogues", Catalogue("Zweit"))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "katalogversion-in-gebrauch");

        var all = await StoredAsync(ProgrammeStream.Id);
        var events = all.Skip(before).ToList();
        var mine = events.Where(e => e.Data.Contains(version) || e.Data.Contains(person.ToString()) || e.Data.Contains(newUser)).ToList();

        Assert.Equal(["catalogue_imported", "person_registered", "user_added", "person_link_issued", "person_link_revoked"], mine.Select(e => e.Type));
        Assert.Equal(Enumerable.Range(1, all.Count).Select(v => (long)v), all.Select(e => e.Version));
        var imported = JsonDocument.Parse(mine[0].Data).RootElement;
        Assert.Equal(("programm-test", "created", 64), (imported.GetProperty("catalogueId").GetString(), imported.GetProperty("outcome").GetString(), imported.GetProperty("sha256").GetString()!.Length));
        Assert.Equal("audit-katalog", mine[0].Correlation);
        var programmteam = await TestHost.UserIdOf(TestHost.UserLabel(Roles.Programmteam));
        Assert.Equal((programmteam, "programmteam"), (mine[1].User, mine[1].Header(EventHeaders.ActorRole)));
        var added = JsonDocument.Parse(mine[2].Data).RootElement;
        Assert.Equal(("kommune", "dessau-rosslau"), (added.GetProperty("role").GetString(), added.GetProperty("kommuneId").GetString()));
        Assert.All(all, e =>
        {
            Assert.False(string.IsNullOrEmpty(e.User), $"{e.Version} {e.Type}: no user");
            Assert.False(string.IsNullOrEmpty(e.Header(EventHeaders.ActorRole)), $"{e.Version} {e.Type}: no role");
            Assert.False(string.IsNullOrEmpty(e.Correlation), $"{e.Version} {e.Type}: no correlation id");
            Assert.False(string.IsNullOrEmpty(e.Causation), $"{e.Version} {e.Type}: no causation id");
            // Ids only: the names stay in the personal schema.
            Assert.DoesNotContain("Programmstrom", e.Data);
            Assert.DoesNotContain(label, e.Data);
        });

        // No Kommune read model for the programme stream; it is chained and verifies.
        var host = await TestHost.Instance;
        await using (var query = host.Services.GetRequiredService<IDocumentStore>().QuerySession())
        {
            Assert.Null(await query.LoadAsync<KommuneOverview>(ProgrammeStream.Id));
            Assert.Null(await query.LoadAsync<KommuneState>(ProgrammeStream.Id));
            Assert.Null(await query.LoadAsync<FacilitatorBoardEntry>(ProgrammeStream.Id));
        }

        await (await admin.GetAsync($"/api/kommunen/{ProgrammeStream.Id}")).ShouldBeProblem(HttpStatusCode.NotFound, "kommune-unbekannt");
        var verifier = new ChainVerifier(host.Services.GetRequiredService<IDocumentStore>());
        Assert.Contains(ProgrammeStream.Id, await verifier.StreamsAsync(CancellationToken.None));
        var verified = await verifier.VerifyAsync(ProgrammeStream.Id, CancellationToken.None);
        Assert.Null(verified.FirstBreak);
        // Other test classes append to the one programme stream meanwhile: at least the events read above are checked.
        Assert.True(verified.Checked >= all.Count, $"checked {verified.Checked} of at least {all.Count}");

        // The auditor's view: paged, filtered, described in German.
        var auditor = await TestHost.ClientAs(Roles.Audit);
        var history = await auditor.GetJson($"/api/programm/history?type=person_registered,person_link_issued&user={Uri.EscapeDataString(programmteam)}&pageSize=500");
        var entries = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(entries, i => i.GetProperty("description").GetString() == $"Person angelegt: Person {person}");
        Assert.Contains(entries, i => i.GetProperty("description").GetString()!.StartsWith($"Kalenderlink für Person {person} ausgestellt", StringComparison.Ordinal));
        Assert.All(entries, i => Assert.Contains(i.GetProperty("type").GetString(), new[] { "person_registered", "person_link_issued" }));
        await (await auditor.GetAsync("/api/programm/history?role=root")).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        await (await (await TestHost.ClientAs(Roles.Kommune, kommune)).GetAsync("/api/programm/history")).ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
    }

    [Fact]
    public async Task concurrent_programme_changes_queue_instead_of_colliding()
    {
        var admin = await TestHost.Client();
        var before = (await StoredAsync(ProgrammeStream.Id)).Count;

        var people = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => admin.RegisterPerson($"Gleichzeitig {i}")));
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => TestHost.UserIdOf($"gleichzeitig-{i}-{Guid.NewGuid():N}")));

        var all = await StoredAsync(ProgrammeStream.Id);
        Assert.Equal(Enumerable.Range(1, all.Count).Select(v => (long)v), all.Select(e => e.Version));
        Assert.All(people, p => Assert.Single(all, e => e.Type == "person_registered" && e.Data.Contains(p.ToString())));
        Assert.True(all.Count >= before + 18);
    }
}
