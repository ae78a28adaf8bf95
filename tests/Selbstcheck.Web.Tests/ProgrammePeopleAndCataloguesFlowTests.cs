using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// #15 H4 in Chromium: the programme team imports a catalogue version after seeing what it changes, sees a refused import
/// in place, erases a person after the confirmation that says what becomes unreadable — and no page shows the name any
/// more — and edits people and the user directory.
/// </summary>
public class ProgrammePeopleAndCataloguesFlowTests(Browser browser) : IClassFixture<Browser>
{
    [Fact]
    public async Task the_programme_team_imports_a_new_catalogue_version_and_sees_its_preview_before_importing()
    {
        var id = $"flow-{Guid.NewGuid().ToString("N")[..8]}";
        var api = await WebHost.ApiAsync("programmteam");
        var v1 = Catalogue(id, "1", "Flusskatalog", ("eins", 1, "Steuerung", [("1.1", "Strukturen"), ("1.2", "Führung")]), ("zwei", 2, "Bildung", [("2.1", "Zugang")]));
        (await api.PostAsJsonAsync("/api/catalogues", JsonSerializer.Deserialize<JsonElement>(v1))).EnsureSuccessStatusCode();
        var v2 = Catalogue(id, "2", "Flusskatalog", ("eins", 1, "Steuerung und Leitbild", [("1.1", "Strukturen und Zuständigkeiten"), ("1.3", "Leitbild")]), ("drei", 3, "Arbeit", [("3.1", "Ausbildung")]));
        var file = Path.Combine(Path.GetTempPath(), $"{id}-v2.json");
        await File.WriteAllTextAsync(file, v2);

        var (context, page, errors) = await browser.OpenAsync();
        await using var _ = context;
        await Browser.SignInAsync(page, "Programmteam");
        await page.GotoAsync("/programm");
        await page.Locator("nav[aria-label=\"Seiten des Programmteams\"]").GetByRole(AriaRole.Link, new() { Name = "Kataloge", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Neue Version importieren (JSON-Datei, mit Vorschau)" }).ClickAsync();
        await page.GetByLabel("JSON-Datei").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Vorschau anzeigen" }).ClickAsync();

        // The preview: against version 1, what is added, removed and changed — and nothing stored yet.
        var preview = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Vorschau: Katalog „Flusskatalog“, Version 2", preview);
        Assert.Contains("Version 1", preview);
        var changes = await page.Locator("#aenderungen").InnerTextAsync();
        Assert.Contains("Handlungsfeld 3: Arbeit", changes);
        Assert.Contains("Handlungsfeld 2: Bildung", changes);
        Assert.Contains("Handlungsfeld 1: Name „Steuerung“ → „Steuerung und Leitbild“", changes);
        Assert.Contains("1.3: Leitbild", changes);
        Assert.Contains("1.2: Führung", changes);
        Assert.Contains("Kriterium 1.1: Text „Strukturen“ → „Strukturen und Zuständigkeiten“", changes);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync($"/api/catalogues/{id}/versions/2")).StatusCode);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("programm-kataloge"), "vorschau.png"), FullPage = true });
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("programm-kataloge"), "vorschau-320px.png")) <= 0, "the preview scrolls sideways at 320 px");

        await page.GetByRole(AriaRole.Button, new() { Name = "Jetzt importieren" }).ClickAsync();

        Assert.Equal($"/programm/kataloge/katalog/{id}/2", new Uri(page.Url).AbsolutePath);
        Assert.Contains("Importiert.", await page.Locator("main").InnerTextAsync());
        Assert.Contains("Handlungsfeld 3: Arbeit", await page.Locator("main").InnerTextAsync());
        var stored = await (await api.GetAsync($"/api/catalogues/{id}/versions/2")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Steuerung und Leitbild", stored.GetProperty("fields")[0].GetProperty("name").GetString());
        await page.GotoAsync("/programm/kataloge");
        Assert.Contains($"{id}, Version 2", await page.Locator("main").InnerTextAsync());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task a_refused_import_shows_every_refusal_at_the_file_input_and_imports_nothing()
    {
        var id = $"flow-{Guid.NewGuid().ToString("N")[..8]}";
        var file = Path.Combine(Path.GetTempPath(), $"{id}-kaputt.json");
        await File.WriteAllTextAsync(file, $$"""{"id":"{{id}}","version":"1","title":"","fields":[{"number":1,"key":"eins","name":"Eins","criteria":[]}]}""");

        var (context, page, errors) = await browser.OpenAsync();
        await using var _ = context;
        await Browser.SignInAsync(page, "Programmteam");
        await page.GotoAsync("/programm/kataloge/import");
        await page.GetByLabel("JSON-Datei").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "Vorschau anzeigen" }).ClickAsync();

        var refusal = await page.Locator("#ablehnung").InnerTextAsync();
        Assert.Contains("title: Pflichtfeld.", refusal);
        Assert.Contains("fields[0].criteria: Mindestens ein Kriterium.", refusal);
        Assert.Contains("Ungültige Eingabe", await page.Locator("#fehler").InnerTextAsync());
        Assert.Equal("true", await page.GetByLabel("JSON-Datei").GetAttributeAsync("aria-invalid"));
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Jetzt importieren" }).CountAsync());
        var api = await WebHost.ApiAsync("programmteam");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await api.GetAsync($"/api/catalogues/{id}/versions/1")).StatusCode);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("programm-kataloge"), "abgelehnt.png"), FullPage = true });
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page) <= 0, "the refused import scrolls sideways at 320 px");
        // The refusal is a 400 (as the API answers it), which the console reports; nothing else.
        Assert.DoesNotContain(errors, e => !e.StartsWith("Failed to load resource: the server responded with a status of 400", StringComparison.Ordinal));
    }

    [Fact]
    public async Task the_programme_team_erases_a_person_and_no_page_shows_the_name_any_more()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var name = $"Ida Löschprobe{tag}";
        var api = await WebHost.ApiAsync("programmteam");
        var person = (await (await api.PostAsJsonAsync("/api/people", new { name, email = $"ida.{tag}@example.org", organisation = "Beratung Probe" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var kommune = TestHost.NewKommuneId("loeschen");
        (await api.PostAsJsonAsync("/api/kommunen", new { id = kommune, name = $"Löschstadt {kommune[^4..]}", kind = "Stadt", bundesland = "Sachsen" })).EnsureSuccessStatusCode();
        (await api.PutAsJsonAsync($"/api/kommunen/{kommune}/units", new { name = "Integrationsbüro", email = "integration@example.org" })).EnsureSuccessStatusCode();
        (await api.PutAsJsonAsync($"/api/kommunen/{kommune}/lead-office", new { unit = "Integrationsbüro" })).EnsureSuccessStatusCode();
        (await api.PutAsJsonAsync($"/api/kommunen/{kommune}/facilitator", new { personId = person })).EnsureSuccessStatusCode();
        var scheduled = await api.PostAsJsonAsync($"/api/kommunen/{kommune}/workshops", new { title = "Selbstcheck-Workshop", startsAt = "2030-07-01T13:00", place = "Rathaus", moderation = name });
        scheduled.EnsureSuccessStatusCode();
        var workshop = (await scheduled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var (context, page, errors) = await browser.OpenAsync();
        await using var _ = context;
        await Browser.SignInAsync(page, "Programmteam");
        string[] pages = ["/programm/personen", $"/programm/personen/{person}", $"/kommunen/{kommune}", $"/kommunen/{kommune}/workshops", $"/kommunen/{kommune}/workshops/{workshop}", $"/kommunen/{kommune}/verlauf"];
        var showing = new List<string>();
        foreach (var url in pages)
        {
            await page.GotoAsync(url);
            if ((await page.ContentAsync()).Contains(name, StringComparison.Ordinal)) showing.Add(url);
        }

        Assert.True(showing.Count >= 3, $"only {string.Join(", ", showing)} showed the name before the erasure");

        // From the list through the person's page to the confirmation, which says what becomes unreadable.
        await page.GotoAsync("/programm/personen");
        await page.Locator($"#person-{person} a[href='/programm/personen/{person}/loeschen']").ClickAsync();
        Assert.Equal($"/programm/personen/{person}/loeschen", new Uri(page.Url).AbsolutePath);
        var unreadable = await page.Locator("#unlesbar").InnerTextAsync();
        Assert.Contains(name, unreadable);
        Assert.Contains($"ida.{tag}@example.org", unreadable);
        Assert.Contains("1 gespeicherter Freitext", unreadable); // the workshop's moderation
        Assert.Contains("1 Kommune nennt sie", unreadable);
        var references = await page.Locator("main").InnerTextAsync();
        Assert.Contains($"Löschstadt {kommune[^4..]}: Prozessbegleitung; 1 gespeicherter Freitext nennt sie", references);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Browser.ScreenshotFolder("programm-personen"), "loeschen.png"), FullPage = true });
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("programm-personen"), "loeschen-320px.png")) <= 0, "the confirmation scrolls sideways at 320 px");

        // Without a reason: refused in place, nothing erased.
        await page.GetByRole(AriaRole.Button, new() { Name = "Endgültig löschen" }).ClickAsync();
        Assert.Contains("Pflichtfeld: der Grund der Löschung.", await page.Locator("main").InnerTextAsync());
        Assert.Equal(name, (await (await api.GetAsync($"/api/people/{person}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString());

        await page.GetByLabel("Grund der Löschung", new() { Exact = true }).FillAsync("Antrag nach Art. 17 DSGVO");
        await page.GetByRole(AriaRole.Button, new() { Name = "Endgültig löschen" }).ClickAsync();
        Assert.Equal("/programm/personen", new Uri(page.Url).AbsolutePath);
        Assert.Contains("Personenbezogene Daten gelöscht; 1 gespeicherter Freitext gelöscht.", await page.Locator("main").InnerTextAsync());

        foreach (var url in pages)
        {
            var response = await page.GotoAsync(url);
            var html = await page.ContentAsync();
            Assert.DoesNotContain(name, html);
            Assert.DoesNotContain($"ida.{tag}@example.org", html);
            Assert.True(url == $"/programm/personen/{person}" ? response!.Status == 404 : response!.Status == 200, $"{url}: {response.Status}");
        }

        // The refused erasure answered 400 and the erased person's page 404 (as the API does), which the console reports; nothing else.
        Assert.DoesNotContain(errors, e => !e.StartsWith("Failed to load resource: the server responded with a status of 40", StringComparison.Ordinal));
    }

    [Fact]
    public async Task the_programme_team_adds_and_edits_a_person_and_a_user_directory_entry()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        var (context, page, errors) = await browser.OpenAsync();
        await using var _ = context;
        await Browser.SignInAsync(page, "Programmteam");

        await page.GotoAsync("/programm");
        await page.GetByRole(AriaRole.Link, new() { Name = "Personen", Exact = true }).ClickAsync();
        await page.GetByLabel("E-Mail (optional)").FillAsync($"jonas.{tag}@example.org");
        await page.GetByRole(AriaRole.Button, new() { Name = "Person anlegen" }).ClickAsync();
        // Without a name: refused next to the field, what was typed kept.
        Assert.Equal("Pflichtfeld.", await page.Locator("#anlegen-name-fehler").InnerTextAsync());
        Assert.Equal($"jonas.{tag}@example.org", await page.GetByLabel("E-Mail (optional)").InputValueAsync());
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync($"Jonas Neu{tag}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Person anlegen" }).ClickAsync();
        Assert.Contains("Person angelegt.", await page.Locator("main").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = $"Jonas Neu{tag}", Exact = true }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync($"Jonas Geändert{tag}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Speichern" }).ClickAsync();
        Assert.Contains("Gespeichert.", await page.Locator("main").InnerTextAsync());
        Assert.Equal($"Jonas Geändert{tag}", await page.Locator("h1").InnerTextAsync());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("programm-personen"), "person-320px.png")) <= 0, "the person page scrolls sideways at 320 px");

        await page.GotoAsync("/programm/benutzer");
        await page.GetByLabel("Anzeigename", new() { Exact = true }).FillAsync($"Kim Verzeichnis{tag}");
        await page.GetByLabel("Anmeldekennung", new() { Exact = true }).FillAsync($"kim-{tag}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Aufnehmen" }).ClickAsync();
        Assert.Contains("In das Nutzerverzeichnis aufgenommen.", await page.Locator("main").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = $"Kim Verzeichnis{tag}" }).ClickAsync();
        await page.GetByLabel("Anzeigename", new() { Exact = true }).FillAsync($"Kim Umbenannt{tag}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Speichern" }).ClickAsync();
        Assert.Equal($"Kim Umbenannt{tag}", await page.Locator("h1").InnerTextAsync());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("programm-benutzer"), "eintrag-320px.png")) <= 0, "the user page scrolls sideways at 320 px");
        await page.GetByLabel("Grund der Löschung", new() { Exact = true }).FillAsync("Ausgeschieden");
        await page.GetByRole(AriaRole.Button, new() { Name = "Eintrag endgültig löschen" }).ClickAsync();
        Assert.Equal("/programm/benutzer", new Uri(page.Url).AbsolutePath);
        Assert.DoesNotContain($"Kim Umbenannt{tag}", await page.ContentAsync());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("programm-benutzer"), "liste-320px.png")) <= 0, "the user directory scrolls sideways at 320 px");
        // The refused post above answered 400 (as the API does), which the console reports; nothing else.
        Assert.DoesNotContain(errors, e => !e.StartsWith("Failed to load resource: the server responded with a status of 400", StringComparison.Ordinal));
    }

    private static string Catalogue(string id, string version, string title, params (string Key, int Number, string Name, (string Id, string Text)[] Criteria)[] fields) =>
        JsonSerializer.Serialize(new
        {
            id,
            version,
            title,
            fields = fields.Select(f => new { number = f.Number, key = f.Key, name = f.Name, criteria = f.Criteria.Select(c => new { id = c.Id, text = c.Text }) }),
            shortForms = Array.Empty<object>(),
        });
}
