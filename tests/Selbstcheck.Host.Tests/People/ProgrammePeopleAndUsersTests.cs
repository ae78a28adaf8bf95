using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Host.Tests.People;

/// <summary>
/// #15 H4 through HTTP: changing a person record (PUT /api/people/{id}), the user directory's endpoints, and the
/// catalogue import page's two steps (the upload stores nothing; only the sealed, previewed file is imported).
/// </summary>
public class ProgrammePeopleAndUsersTests
{
    [Fact]
    public async Task changing_a_person_stores_the_new_values_in_the_personal_store_and_the_programme_stream_gets_only_the_id()
    {
        var admin = await TestHost.Client();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var person = await admin.RegisterPerson($"Berta Vorher{tag}");

        var changed = await (await admin.Put($"/api/people/{person}", new { name = $"Berta Nachher{tag}", email = $"berta.{tag}@example.org", expectedVersion = 1 })).ReadJson();

        Assert.Equal($"Berta Nachher{tag}", changed.GetProperty("name").GetString());
        Assert.Equal(2, changed.GetProperty("version").GetInt64());
        Assert.Equal($"Berta Nachher{tag}", (await admin.GetJson($"/api/people/{person}")).GetProperty("name").GetString());
        var history = await admin.GetStringAsync($"/api/programm/history?type=person_changed&pageSize=500");
        Assert.Contains(person.ToString(), history);
        Assert.DoesNotContain(tag, history);

        // A stale version is a conflict and changes nothing; an erased person cannot be changed.
        await (await admin.Put($"/api/people/{person}", new { name = "Berta Anders", expectedVersion = 1 })).ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");
        Assert.Equal($"Berta Nachher{tag}", (await admin.GetJson($"/api/people/{person}")).GetProperty("name").GetString());
        await (await admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/people/{person}") { Content = System.Net.Http.Json.JsonContent.Create(new { reason = "Antrag" }) })).ShouldBe(HttpStatusCode.OK);
        await (await admin.Put($"/api/people/{person}", new { name = "Berta Wieder" })).ShouldBeProblem(HttpStatusCode.NotFound, "person-unbekannt");
    }

    [Fact]
    public async Task the_user_directory_adds_renames_and_erases_entries_and_its_events_name_nobody()
    {
        var admin = await TestHost.Client();
        var tag = Guid.NewGuid().ToString("N")[..8];

        var added = await admin.Post("/api/users", new { subject = $"carla-{tag}", displayName = $"Carla Eintrag{tag}" });
        await added.ShouldBe(HttpStatusCode.Created);
        var userId = (await added.ReadJson()).GetProperty("userId").GetString()!;
        await (await admin.Post("/api/users", new { subject = $"CARLA-{tag}", displayName = "Doppelt" })).ShouldBeProblem(HttpStatusCode.Conflict, "nutzer-existiert");
        // The person signs in with that label later: the same id.
        Assert.Equal(userId, await TestHost.UserIdOf($"carla-{tag}"));

        var renamed = await (await admin.Put($"/api/users/{userId}", new { displayName = $"Carla Umbenannt{tag}", expectedVersion = 1 })).ReadJson();
        Assert.Equal(2, renamed.GetProperty("version").GetInt64());
        await (await admin.Put($"/api/users/{userId}", new { displayName = "Carla Alt", expectedVersion = 1 })).ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");
        Assert.Contains($"Carla Umbenannt{tag}", await admin.GetStringAsync("/api/users?pageSize=500"));

        await (await admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/users/{userId}") { Content = System.Net.Http.Json.JsonContent.Create(new { reason = " " }) }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        await (await admin.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/users/{userId}") { Content = System.Net.Http.Json.JsonContent.Create(new { reason = "Antrag nach Art. 17 DSGVO" }) }))
            .ShouldBe(HttpStatusCode.OK);

        Assert.DoesNotContain(tag, await admin.GetStringAsync("/api/users?pageSize=500"));
        await (await admin.Put($"/api/users/{userId}", new { displayName = "Carla" })).ShouldBeProblem(HttpStatusCode.NotFound, "nutzer-unbekannt");
        var history = await admin.GetStringAsync("/api/programm/history?type=user_added&type=user_renamed&type=user_erased&pageSize=500");
        Assert.True(Regex.Matches(history, Regex.Escape(userId)).Count >= 3, history);
        Assert.DoesNotContain(tag, history);
        // Signing in again after the erasure gives a new id: the old one names nobody.
        Assert.NotEqual(userId, await TestHost.UserIdOf($"carla-{tag}"));
    }

    [Fact]
    public async Task the_import_page_previews_an_upload_without_storing_it_and_imports_only_the_sealed_previewed_file()
    {
        var admin = await TestHost.Client();
        var id = $"h4-test-{Guid.NewGuid().ToString("N")[..8]}";
        var json = $$"""{"id":"{{id}}","version":"1","title":"Testkatalog H4","fields":[{"number":1,"key":"eins","name":"Eins","criteria":[{"id":"1.1","text":"Erstes"}]}],"shortForms":[]}""";

        var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(json));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        upload.Add(file, "datei", "katalog.json");
        var preview = await admin.PostAsync("/programm/kataloge/import", upload);
        await preview.ShouldBe(HttpStatusCode.OK);
        var html = await preview.Content.ReadAsStringAsync();
        Assert.Contains("Testkatalog H4", html);
        Assert.Contains("neue Version", html);
        Assert.Null(await Stored(id));

        // An altered or missing preview is refused and imports nothing.
        var sealedFile = WebUtility.HtmlDecode(Regex.Match(html, "name=\"vorschau\" value=\"([^\"]+)\"").Groups[1].Value);
        foreach (var bad in new[] { "", sealedFile[..^4] + "AAAA", "kein-siegel" })
        {
            var refused = await admin.PostAsync("/programm/kataloge/import?handler=Importieren", new FormUrlEncodedContent([new("vorschau", bad)]));
            await refused.ShouldBe(HttpStatusCode.BadRequest);
            Assert.Contains("erneut hochladen", await refused.Content.ReadAsStringAsync());
        }

        Assert.Null(await Stored(id));

        var confirmed = await admin.PostAsync("/programm/kataloge/import?handler=Importieren", new FormUrlEncodedContent([new("vorschau", sealedFile)]));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal($"/programm/kataloge/katalog/{id}/1", confirmed.Headers.Location!.OriginalString);
        Assert.Equal("Testkatalog H4", (await Stored(id))!.Catalogue.Title);
    }

    [Fact]
    public async Task an_upload_that_is_no_json_or_an_invalid_catalogue_is_refused_at_the_form_naming_each_problem()
    {
        var admin = await TestHost.Client();
        foreach (var (content, expected) in new[]
                 {
                     ("{ kein json", "kein gültiges JSON"),
                     ("""{"id":"Gross Schreibung","version":"1","title":"","fields":[]}""", "id: Pflichtfeld"),
                     ("""{"id":"x","version":"1","title":"T","fields":[],"unbekannt":1}""", "Unbekanntes Feld"),
                 })
        {
            var upload = new MultipartFormDataContent { { new StringContent(content), "datei", "katalog.json" } };
            var refused = await admin.PostAsync("/programm/kataloge/import", upload);
            await refused.ShouldBe(HttpStatusCode.BadRequest);
            var html = await refused.Content.ReadAsStringAsync();
            Assert.Contains(expected, WebUtility.HtmlDecode(html));
            Assert.DoesNotContain("name=\"vorschau\"", html);
        }
    }

    private static async Task<CatalogueVersionRecord?> Stored(string id)
    {
        await using var session = (await TestHost.Instance).Services.GetRequiredService<IDocumentStore>().QuerySession();
        return await session.LoadAsync<CatalogueVersionRecord>(CatalogueVersionRecord.Key(id, "1"));
    }
}
