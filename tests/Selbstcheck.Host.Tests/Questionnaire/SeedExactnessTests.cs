using System.Net;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Questionnaire;

/// <summary>#14 seed exactness through HTTP: the Kommune's scoring scheme, contributing units, reconstructed answers.</summary>
public class SeedExactnessTests
{
    private static async Task<(string Kommune, int Round, Guid Respondent)> AnsweredRound(HttpClient admin, params (string Criterion, string Answer)[] answers)
    {
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune);
        var (rid, _, _) = await admin.AddRespondent(kommune, round, "Interne Steuerungsgruppe");
        await (await admin.Put($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/answers",
            new { answers = answers.Select(a => new { criterion = a.Criterion, answer = a.Answer }) })).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/submit", null)).ShouldBe(HttpStatusCode.OK);
        return (kommune, round, rid);
    }

    [Fact]
    public async Task closing_a_round_uses_the_scheme_configured_for_the_kommune_and_records_it()
    {
        var admin = await TestHost.Client();
        var version = await admin.ImportStrictScheme();
        var (kommune, round, _) = await AnsweredRound(admin, ("1.1", "eher ja"), ("1.2", "eher ja"));

        var configured = await admin.Put($"/api/kommunen/{kommune}/scoring-scheme", new { scheme = "streng", schemeVersion = version });
        await configured.ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/close", null)).ShouldBe(HttpStatusCode.OK);

        var maturity = await admin.GetJson($"/api/kommunen/{kommune}/maturity");
        Assert.Equal(("streng", version, "abgeschlossen"), (maturity.GetProperty("scheme").GetString(), maturity.GetProperty("schemeVersion").GetString(), maturity.GetProperty("reason").GetString()));
        Assert.Equal(1, maturity.GetProperty("fields")[0].GetProperty("level").GetInt32());
        var history = await admin.GetJson($"/api/kommunen/{kommune}/history?pageSize=500");
        Assert.Contains(history.GetProperty("items").EnumerateArray(), i => i.GetProperty("type").GetString() == "scoring_scheme_configured");
    }

    [Fact]
    public async Task without_a_configured_scheme_closing_uses_the_programmes_and_an_unknown_scheme_is_refused()
    {
        var admin = await TestHost.Client();
        var (kommune, round, _) = await AnsweredRound(admin, ("1.1", "eher ja"));

        await (await admin.Put($"/api/kommunen/{kommune}/scoring-scheme", new { scheme = "gibt-es-nicht", schemeVersion = "1" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "bewertungsschema-unbekannt");
        await (await admin.Put($"/api/kommunen/{kommune}/scoring-scheme", new { scheme = "streng" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/close", null)).ShouldBe(HttpStatusCode.OK);

        var maturity = await admin.GetJson($"/api/kommunen/{kommune}/maturity");
        Assert.Equal(("standard", "1"), (maturity.GetProperty("scheme").GetString(), maturity.GetProperty("schemeVersion").GetString()));
        Assert.Equal(0, (await admin.GetJson($"/api/kommunen/{kommune}/history?pageSize=500")).GetProperty("items").EnumerateArray()
            .Count(i => i.GetProperty("type").GetString() == "scoring_scheme_configured"));
    }

    [Fact]
    public async Task reconstructed_answers_say_rekonstruiert_in_the_answers_the_export_the_tables_and_the_maturity_resource()
    {
        var admin = await TestHost.Client();
        var (kommune, round, rid) = await AnsweredRound(admin, ("3.1", "ja"), ("5.1", "eher ja"), ("5.2", "eher ja"), ("5.3", "nein"));

        await (await admin.Post($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/reconstructed",
            new { criteria = new[] { "3.1" }, reason = "Nur die Stufe ist dokumentiert." })).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/close", null)).ShouldBe(HttpStatusCode.OK);

        var answers = await admin.GetJson($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/answers");
        var byCriterion = answers.GetProperty("answers").EnumerateArray().ToDictionary(a => a.GetProperty("criterion").GetString()!);
        Assert.Equal("rekonstruiert", byCriterion["3.1"].GetProperty("provenance").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, byCriterion["5.1"].GetProperty("provenance").ValueKind);
        var export = await admin.GetJson($"/api/kommunen/{kommune}/rounds/{round}/answers.json");
        Assert.Equal(["3.1"], export.EnumerateArray().Where(r => r.GetProperty("provenance").GetString() == "rekonstruiert").Select(r => r.GetProperty("criterion").GetString()));
        var csv = await admin.GetStringAsync($"/api/kommunen/{kommune}/rounds/{round}/answers.csv");
        Assert.Contains(";Herkunft\r\n", csv);
        Assert.Single(csv.Split("\r\n"), l => l.EndsWith(";rekonstruiert", StringComparison.Ordinal));
        var tables = await admin.GetStringAsync($"/api/kommunen/{kommune}/rounds/{round}/tables.html");
        Assert.Contains("<th scope=\"row\">3.1 ", tables);
        Assert.Equal(1, tables.Split("rekonstruiert").Length - 1);
        var maturity = await admin.GetJson($"/api/kommunen/{kommune}/maturity");
        var fields = maturity.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetInt32());
        Assert.Equal(["rekonstruiert"], fields[3].GetProperty("notes").GetProperty("3.1").EnumerateArray().Select(n => n.GetString()));
        // HF 5: 2, 2, 0 = 4/3; without 5.3 it would be 2: only 5.3 pulls it down, explained beside the tables.
        Assert.Equal(["5.3"], fields[5].GetProperty("pullsDown").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(["zieht das Handlungsfeld nach unten"], fields[5].GetProperty("notes").GetProperty("5.3").EnumerateArray().Select(n => n.GetString()));
        Assert.False(fields[5].GetProperty("notes").TryGetProperty("5.1", out _));
        Assert.Contains("ohne dieses Kriterium läge das Handlungsfeld eine Stufe höher", tables);
    }

    [Fact]
    public async Task units_contributing_to_the_steering_groups_answers_are_shown_as_taking_part_not_as_respondents()
    {
        var admin = await TestHost.Client();
        var (kommune, round, rid) = await AnsweredRound(admin, ("1.1", "eher ja"));

        var reply = await admin.Put($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/contributors",
            new { units = new[] { new { unit = "Ausländerbehörde", dezernat = "II" }, new { unit = "Sozialcontrolling", dezernat = "V" } } });

        await reply.ShouldBe(HttpStatusCode.OK);
        var progress = await admin.GetJson($"/api/kommunen/{kommune}/rounds/{round}");
        var respondent = Assert.Single(progress.GetProperty("respondents").EnumerateArray());
        Assert.Equal(["Ausländerbehörde", "Sozialcontrolling"], respondent.GetProperty("contributors").EnumerateArray().Select(u => u.GetProperty("unit").GetString()));
        Assert.Equal(1, progress.GetProperty("round").GetProperty("submitted").GetInt32());
        await (await admin.Put($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/contributors",
            new { units = new[] { new { unit = "Interne Steuerungsgruppe", dezernat = (string?)null } } })).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
    }
}
