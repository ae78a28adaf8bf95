using System.Net;
using System.Text.Json;
using Selbstcheck.Host.Tests.Platform;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Questionnaire;

/// <summary>#14: follow-up rounds of other actor groups mirrored against the administration's view, through HTTP.</summary>
public class PerspectivesTests
{
    private const string Zivilgesellschaft = "Zivilgesellschaft und Migrantenorganisationen";
    private const string ShortForm = "kurzform-akteursgruppen";

    private static async Task Answer(HttpClient admin, string kommune, int round, string unit, params (string Item, string Answer)[] answers)
    {
        var (rid, _, _) = await admin.AddRespondent(kommune, round, unit);
        await (await admin.Put($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/answers",
            new { answers = answers.Select(a => new { criterion = a.Item, answer = a.Answer }) })).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/submit", null)).ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>The administration's full round (1.2 ja → level 3; 5.1 eher ja → 2; field 6 eher ja → 2), then a civil-society round with <paramref name="organisations"/> responses.</summary>
    private static async Task<(HttpClient Admin, string Kommune, int Round)> Mirrored(int organisations)
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var full = await admin.OpenRound(kommune);
        await Answer(admin, kommune, full, "Steuerungsgruppe", ("1.2", "ja"), ("5.1", "eher ja"), ("6.1", "eher ja"));
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{full}/close", null)).ShouldBe(HttpStatusCode.OK);

        var round = await admin.OpenRound(kommune, Zivilgesellschaft, "short", ShortForm);
        for (var i = 1; i <= organisations; i++)
        {
            await Answer(admin, kommune, round, $"Verein {i}", ("1-a", "eher nein"), ("5-a", "eher ja"), ("6-a", "nein"));
        }

        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/close", null)).ShouldBe(HttpStatusCode.OK);
        return (admin, kommune, round);
    }

    private static JsonElement Row(JsonElement comparison, int field, string? criterion) =>
        comparison.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("field").GetInt32() == field &&
                                                                     (criterion is null ? r.GetProperty("criterion").ValueKind == JsonValueKind.Null : r.GetProperty("criterion").GetString() == criterion));

    [Fact]
    public async Task the_perspectives_endpoint_mirrors_a_civil_society_round_against_the_administrations_full_round()
    {
        var (admin, kommune, round) = await Mirrored(5);

        // Readable like the Standortbestimmung: workshop participants too.
        var view = await (await TestHost.ClientAs("teilnehmende", kommune)).GetJson($"/api/kommunen/{kommune}/perspectives");

        var c = Assert.Single(view.GetProperty("comparisons").EnumerateArray().ToList());
        Assert.Equal((round, Zivilgesellschaft, 1, 5, true), (c.GetProperty("round").GetInt32(), c.GetProperty("actorGroup").GetString(), c.GetProperty("baselineRound").GetInt32(),
            c.GetProperty("responses").GetInt32(), c.GetProperty("shown").GetBoolean()));
        var r12 = Row(c, 1, "1.2");
        Assert.Equal((3, 1, -2, true), (r12.GetProperty("administration").GetProperty("level").GetInt32(), r12.GetProperty("group").GetProperty("level").GetInt32(),
            r12.GetProperty("gap").GetInt32(), r12.GetProperty("differs").GetBoolean()));
        var r51 = Row(c, 5, "5.1");
        Assert.Equal((0, false), (r51.GetProperty("gap").GetInt32(), r51.GetProperty("differs").GetBoolean()));
        // Field 6 is asked by one question measuring only the field: compared by field.
        var hf6 = Row(c, 6, null);
        Assert.Equal((2, 1, -1), (hf6.GetProperty("administration").GetProperty("level").GetInt32(), hf6.GetProperty("group").GetProperty("level").GetInt32(), hf6.GetProperty("gap").GetInt32()));
        // The trend runs per actor group.
        Assert.Equal(["Verwaltung", Zivilgesellschaft], view.GetProperty("trends").EnumerateArray().Select(t => t.GetProperty("actorGroup").GetString()));
        var trend = await admin.GetJson($"/api/kommunen/{kommune}/maturity/trend");
        Assert.All(trend.GetProperty("fields").EnumerateArray(), f =>
            Assert.All(f.GetProperty("points").EnumerateArray(), p => Assert.Equal(f.GetProperty("actorGroup").GetString(), p.GetProperty("actorGroup").GetString())));
        // The round's evaluation records what each question measures.
        var maturity = await admin.GetJson($"/api/kommunen/{kommune}/maturity?round={round}");
        Assert.Contains(maturity.GetProperty("questions").EnumerateArray(), q => q.GetProperty("question").GetString() == "6-a" && q.GetProperty("field").GetInt32() == 6);
        // The tables and the chart of the follow-up round show the administration beside it.
        var tables = await (await admin.GetAsync($"/api/kommunen/{kommune}/rounds/{round}/tables.html")).Content.ReadAsStringAsync();
        Assert.Contains("Perspektiven weiterer Akteursgruppen", tables);
        Assert.Contains("data-criterion=\"1.2\"", tables);
        var chart = await (await admin.GetAsync($"/api/kommunen/{kommune}/rounds/{round}/chart.svg")).Content.ReadAsStringAsync();
        Assert.Contains("Verwaltung (Runde 1): Stufe 2", chart);
    }

    [Fact]
    public async Task a_group_with_four_responses_shows_no_values()
    {
        var (admin, kommune, round) = await Mirrored(4);

        var c = (await admin.GetJson($"/api/kommunen/{kommune}/perspectives")).GetProperty("comparisons")[0];

        Assert.False(c.GetProperty("shown").GetBoolean());
        Assert.Equal("zu wenige Antworten (n < 5)", c.GetProperty("note").GetString());
        Assert.All(c.GetProperty("rows").EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("group").ValueKind));
        var chart = await (await admin.GetAsync($"/api/kommunen/{kommune}/rounds/{round}/chart.svg")).Content.ReadAsStringAsync();
        Assert.Contains("zu wenige Antworten (n &lt; 5)", chart);
        Assert.DoesNotContain("data-level=\"1\"", chart);
    }

    [Fact]
    public async Task a_round_for_an_actor_group_outside_the_configured_list_is_refused_naming_the_allowed_ones()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var before = await admin.HistoryCount(kommune);

        var response = await admin.Post($"/api/kommunen/{kommune}/rounds", new { kind = "short", catalogue = "weltoffene-kommune-2020", actorGroup = "Sportvereine", shortForm = ShortForm });

        var problem = await response.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "akteursgruppe-unbekannt");
        Assert.Contains("\"Zivilgesellschaft und Migrantenorganisationen\"", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await admin.HistoryCount(kommune));
    }

    [Fact]
    public async Task a_short_round_of_questions_asks_the_plain_questions_by_field()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune, "Wirtschaft", "short", ShortForm);
        var (rid, _, _) = await admin.AddRespondent(kommune, round, "Unternehmen 1");

        var questionnaire = await admin.GetJson($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/questionnaire");

        var fields = questionnaire.GetProperty("fields").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], fields.Select(f => f.GetProperty("field").GetInt32()));
        var hf2 = fields[1].GetProperty("criteria").EnumerateArray().ToList();
        Assert.Equal(["2-a", "2-b"], hf2.Select(c => c.GetProperty("criterion").GetString()));
        Assert.Equal("Gibt es genug Sprachkurse und Hilfe beim Übersetzen, wenn man sie braucht?", hf2[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task the_demo_mirrors_dessau_rosslau_against_the_illustrative_civil_society_round_field_by_field_but_its_documentation_of_1_july_2020_does_not()
    {
        await DemoTests.FirstLoad.Value;
        var client = await TestHost.Client();

        var view = await client.GetJson("/api/kommunen/dessau-rosslau/perspectives");

        var c = Assert.Single(view.GetProperty("comparisons").EnumerateArray().ToList());
        Assert.Equal((2, Zivilgesellschaft, 1, 6, true), (c.GetProperty("round").GetInt32(), c.GetProperty("actorGroup").GetString(), c.GetProperty("baselineRound").GetInt32(),
            c.GetProperty("responses").GetInt32(), c.GetProperty("shown").GetBoolean()));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], c.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("field").GetInt32()).Distinct());
        Assert.Contains(c.GetProperty("rows").EnumerateArray(), r => r.GetProperty("differs").GetBoolean());
        Assert.Contains(c.GetProperty("rows").EnumerateArray(), r => r.GetProperty("gap").ValueKind == JsonValueKind.Number && !r.GetProperty("differs").GetBoolean());
        // The Standortbestimmung stays the administration's.
        Assert.Equal(1, (await client.GetJson("/api/kommunen/dessau-rosslau/maturity")).GetProperty("round").GetInt32());

        var documentation = await (await client.GetAsync("/api/kommunen/dessau-rosslau/workshops/0191b7c4-5a2e-7c3e-9a54-000000000001/documentation.html")).Content.ReadAsStringAsync();
        Assert.Contains("Selbstcheck-Workshop", documentation);
        Assert.DoesNotContain("Perspektiven weiterer Akteursgruppen", documentation);
        Assert.DoesNotContain("illustrativ", documentation);
    }

    [Fact]
    public void the_workshop_documentation_has_a_section_of_its_own_for_the_perspectives_of_rounds_closed_before_it()
    {
        var comparison = new Workflow.Questionnaire.PerspectiveComparison(2, Zivilgesellschaft, "short", DateTimeOffset.Parse("2020-06-20T10:00:00Z"), 6, true, null, 1,
            DateTimeOffset.Parse("2020-06-12T14:00:00Z"),
            [new Workflow.Questionnaire.PerspectiveRow(1, "Management und Steuerung", "1.2", "Stellenwert", new(3, "weltoffen", 3m), new(2, "fortgeschritten", 1.67m), -1, true)]);

        var section = Reports.WorkshopDocumentation.PerspectivesSection([comparison]);

        Assert.Contains("<h2>Perspektiven weiterer Akteursgruppen</h2>", section);
        Assert.Contains("<tr data-field=\"1\" data-criterion=\"1.2\"><th scope=\"row\">1.2 Stellenwert</th><td>Stufe 3 (Ø 3,00)</td><td>Stufe 2 (Ø 1,67)</td><td>−1</td><td>ja</td></tr>", section);
        Assert.Equal("", Reports.WorkshopDocumentation.PerspectivesSection([]));
    }
}
