using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Demo;
using Selbstcheck.Host.Reports;
using Selbstcheck.Tests.Shared;
using UglyToad.PdfPig;

namespace Selbstcheck.Host.Tests.Workshops;

/// <summary>The Dessau-Roßlau workshop documentation, generated from the imported stream, beside the seed.</summary>
public class DemoDocumentationTests
{
    private const string Workshop = "0191b7c4-5a2e-7c3e-9a54-000000000001";

    private static Lazy<Task<IReadOnlyList<string>>> Demo => Platform.DemoTests.FirstLoad;

    [Fact]
    public async Task the_html_documentation_is_pinned()
    {
        await Demo.Value;
        var client = await TestHost.ClientAs("teilnehmende", "dessau-rosslau");

        var html = await client.GetStringAsync($"/api/kommunen/dessau-rosslau/workshops/{Workshop}/documentation.html");

        Snapshooter.Xunit.Snapshot.Match(html);
    }

    [Fact]
    public async Task the_pdf_shows_every_section_in_order_and_the_seeds_key_items()
    {
        await Demo.Value;
        var client = await TestHost.ClientAs("teilnehmende", "dessau-rosslau");

        var response = await client.GetAsync($"/api/kommunen/dessau-rosslau/workshops/{Workshop}/documentation.pdf");

        await response.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        using var pdf = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        var positions = WorkshopDocumentation.Sections.Select(s => text.IndexOf(s, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, "a section heading is missing"));
        Assert.Equal(positions.Order(), positions);
        foreach (var key in new[]
                 {
                     "Vorbildfunktion", "Ehrenamtskarte", "Leipziger Tor", "Kümmerer", "Vielfaltsparcours", "Obligatorische Diversitätstrainings",
                     "8. Oktober 2020", "Oberbürgermeister", "Den Spiegel vorgehalten", "Interkulturelle Öffnung und Antirassismus",
                     "Die Kommune ist auf dem Weg zur Weltoffenheit fortgeschritten", "Globale Verantwortung",
                 })
        {
            Assert.Contains(key, text);
        }
    }

    /// <summary>#14: the HTML's text between one h2 and the next, per section, in document order.</summary>
    private static IReadOnlyList<(string Heading, string Html)> SectionsOf(string html)
    {
        var parts = System.Text.RegularExpressions.Regex.Split(html, "<h2>");
        return parts.Skip(1).Select(p => (p[..p.IndexOf("</h2>", StringComparison.Ordinal)], p)).ToList();
    }

    [Fact]
    public async Task the_documentation_carries_every_seed_section_in_order_with_the_seeds_content()
    {
        await Demo.Value;
        var client = await TestHost.ClientAs("teilnehmende", "dessau-rosslau");

        var html = await client.GetStringAsync($"/api/kommunen/dessau-rosslau/workshops/{Workshop}/documentation.html");

        var sections = SectionsOf(html);
        Assert.Equal(WorkshopDocumentation.Sections, sections.Select(s => s.Heading));
        string Section(int i) => sections[i].Html;
        // 1 Welcome by role, the programme's partners, participants in their sectors.
        Assert.Contains("Der Oberbürgermeister der Stadt Dessau-Roßlau begrüßt die Teilnehmerinnen und Teilnehmer", Section(0));
        Assert.Contains("Moses Mendelssohn", Section(0));
        Assert.Contains("eine der ersten 20 Kommunen", Section(0));
        foreach (var partner in new[] { "Bertelsmann Stiftung: Senior Project Manager", "PHINEO gAG, Berlin: Beraterin für den öffentlichen Sektor", "Demographie lokal, Minden: Externe Prozessbegleiterin" })
        {
            Assert.Contains(partner, Section(0));
        }

        Assert.Contains("<tr><td>Programm und Partner</td><td>PHINEO gAG</td></tr>", Section(0));
        Assert.Contains("<tr><td>Programm und Partner</td><td>Bertelsmann Stiftung (per Videokonferenz)</td></tr>", Section(0));
        Assert.Contains("<tr><td>Moderation und Prozessbegleitung</td><td>Externe Prozessbegleitung</td></tr>", Section(0));
        Assert.DoesNotContain("<td>Zivilgesellschaft</td><td>PHINEO", Section(0));
        Assert.DoesNotContain("Claudia", html);
        // 2 Aims and agenda, 3 the project, 4 the Leitmotiv and the understanding of Weltoffenheit.
        Assert.Contains("Die externe Prozessbegleitung begrüßt die Teilnehmerinnen und Teilnehmer und stellt die Ziele und den Ablaufplan vor", Section(1));
        Assert.Contains("Meilensteine für die Weiterarbeit", Section(1));
        Assert.Contains("stellt die Ziele und den Aufbau des Projektes Weltoffene Kommune vor", Section(2));
        Assert.Contains("den polarisierten öffentlichen Diskurs", Section(2));
        Assert.Contains("die folgenden 21 Kommunen teil", Section(2)); // the programme's Kommunen of 2020, as the seed lists them
        Assert.Contains("Dessau-Roßlau, Donnersbergkreis", Section(2));
        Assert.Contains("die Zugehörigkeit aller Bürger*innen zum Gemeinwesen vor Ort ermöglichen und fördern", Section(3));
        Assert.Contains("Vorbildfunktion", Section(3));
        // 5 The results: presenter by organisation, the units that took part, the Standortbestimmung per field.
        Assert.Contains("PHINEO gAG stellt die Ergebnisse der Befragung", Section(4));
        Assert.Contains("Interne Steuerungsgruppe sowie die folgenden beteiligten Stellen", Section(4));
        foreach (var unit in new[] { "Beauftragte für Bürgeranliegen", "Ausländerbehörde", "Abteilung Bürgeranliegen", "Amt für Stadtentwicklung",
                     "Referat des Beigeordneten für Wirtschaft", "Sportförderung", "Wirtschaftsförderung", "Sozialcontrolling", "Behindertenbeauftragte" })
        {
            Assert.Contains($"<td>{unit}</td>", Section(4));
        }

        Assert.Contains("<li>Handlungsfeld 5 – Engagement und Beteiligung: Die Kommune ist auf dem Weg zur Weltoffenheit</li>", Section(4));
        Assert.Contains("<li>Handlungsfeld 3 – Arbeit und wirtschaftliche Entwicklung: Die Kommune ist weltoffen aufgestellt</li>", Section(4));
        Assert.Contains("rekonstruiert", Section(4));
        // 6 Priorities and working groups, under HF 4's full title.
        Assert.Contains("<li>Handlungsfeld 4: Interkulturelle Öffnung und Antirassismus (Antidiskriminierung)</li>", Section(5));
        Assert.Contains("6.1 Diskussionsergebnisse Handlungsfeld 4", Section(5));
        Assert.Contains("6.2 Diskussionsergebnisse Handlungsfeld 5", Section(5));
        Assert.Contains("Leipziger Tor", Section(5));
        // 7 Agreements with their current status: the documentation's milestone was completed.
        var documentationRow = Section(6).Split('\n').Single(l => l.Contains("Erstellung einer Dokumentation", StringComparison.Ordinal));
        Assert.EndsWith("<td>erledigt</td></tr>", documentationRow);
        Assert.DoesNotContain("vereinbart</td>", documentationRow);
        Assert.Contains("8. Oktober 2020", Section(6));
        // 8 Feedback, and the annex with the result presentation.
        Assert.Contains("Den Spiegel vorgehalten", Section(7));
        Assert.Contains("Bewertungsschema standard 1", Section(8));
        Assert.Contains("<td>rekonstruiert</td>", Section(8));
    }

    [Fact]
    public async Task reconstructed_answers_are_marked_in_the_tables_and_documented_ones_are_not()
    {
        await Demo.Value;
        var client = await TestHost.ClientAs("kommune", "dessau-rosslau");

        var tables = await client.GetStringAsync("/api/kommunen/dessau-rosslau/rounds/1/tables.html");
        var export = await client.GetJson("/api/kommunen/dessau-rosslau/rounds/1/answers.json");

        var rows = tables.Split('\n').Where(l => l.Contains("<th scope=\"row\">", StringComparison.Ordinal)).ToList();
        Assert.Equal(11, rows.Count(r => r.Contains("rekonstruiert", StringComparison.Ordinal)));
        Assert.All(rows.Where(r => r.Contains("<th scope=\"row\">1.", StringComparison.Ordinal) || r.Contains("<th scope=\"row\">4.", StringComparison.Ordinal)),
            r => Assert.DoesNotContain("rekonstruiert", r));
        Assert.Single(rows, r => r.Contains("zieht das Handlungsfeld nach unten", StringComparison.Ordinal) && r.Contains("5.3 Globale Verantwortung", StringComparison.Ordinal));
        Assert.Single(rows, r => r.Contains("zieht das Handlungsfeld nach unten", StringComparison.Ordinal));
        Assert.Equal(11, export.EnumerateArray().Count(r => r.GetProperty("provenance").GetString() == "rekonstruiert"));
        Assert.All(export.EnumerateArray().Where(r => r.GetProperty("criterion").GetString()!.StartsWith("1.", StringComparison.Ordinal)),
            r => Assert.Equal(System.Text.Json.JsonValueKind.Null, r.GetProperty("provenance").ValueKind));
    }

    [Fact]
    public async Task the_round_and_standortbestimmung_pages_show_the_ten_units_taking_part_and_the_reconstructed_answers()
    {
        await Demo.Value;
        var client = await TestHost.ClientAs("kommune", "dessau-rosslau");

        async Task<string> Page(string path)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("text/html"));
            var response = await client.SendAsync(request);
            await response.ShouldBe(HttpStatusCode.OK);
            return System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        }

        var round = await Page("/kommunen/dessau-rosslau/runden/1");
        var standort = await Page("/kommunen/dessau-rosslau/standortbestimmung");

        Assert.Contains("Beteiligte Stellen: Interne Steuerungsgruppe", round);
        Assert.Contains("gemeinsam mit diesen 10 Stellen erarbeitet", round);
        Assert.Contains("Behindertenbeauftragte (Dezernat V)", round);
        Assert.Contains("1 von 1 Befragten", round);
        Assert.Contains("rekonstruiert", round);
        Assert.Contains("rekonstruiert", standort);
        Assert.Contains("ohne dieses Kriterium läge das Handlungsfeld eine Stufe höher", standort);
    }

    [Fact]
    public async Task the_action_plan_lists_the_seeds_handlungsbedarfe_with_status_and_owner()
    {
        await Demo.Value;
        var office = await TestHost.ClientAs("kommune", "dessau-rosslau");

        var plan = await office.GetJson("/api/kommunen/dessau-rosslau/action-plan");

        var fields = plan.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetInt32(), f => f.GetProperty("items").EnumerateArray().ToList());
        Assert.Equal([4, 5], fields.Keys.Order());
        Assert.Equal(5, fields[4].Count);
        Assert.Equal(12, fields[5].Count);
        Assert.StartsWith("Haltungsarbeit und interkulturelle Schulungen", fields[4][0].GetProperty("text").GetString());
        Assert.Equal(["Personalentwicklung", "Förderung dieser Haltung auch durch Einstellung neuer Mitarbeiter"],
            fields[4][0].GetProperty("details").EnumerateArray().Select(d => d.GetString()));
        Assert.All(fields.Values.SelectMany(x => x), i =>
        {
            Assert.Equal("offen", i.GetProperty("status").GetString());
            Assert.Equal("Integrationsbüro", i.GetProperty("owner").GetString());
            Assert.True(i.GetProperty("ownerAssumed").GetBoolean());
        });
        Assert.Equal("Umsetzung", (await office.GetJson("/api/kommunen/dessau-rosslau")).GetProperty("phase").GetString());
    }
}
