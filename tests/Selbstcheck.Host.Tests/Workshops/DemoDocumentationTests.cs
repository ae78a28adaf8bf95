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
