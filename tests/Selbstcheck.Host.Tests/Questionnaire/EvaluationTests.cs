using System.Net;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Questionnaire;

public class EvaluationTests
{
    private static async Task<(HttpClient Admin, string Kommune, int Round)> ClosedRound(params (string Criterion, string Answer)[] answers)
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune);
        var (rid, _, _) = await admin.AddRespondent(kommune, round, "Steuerungsgruppe");
        await (await admin.Put($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/answers",
            new { answers = answers.Select(a => new { criterion = a.Criterion, answer = a.Answer }) })).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/submit", null)).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/close", null)).ShouldBe(HttpStatusCode.OK);
        return (admin, kommune, round);
    }

    [Fact]
    public async Task a_consensus_after_closing_produces_a_new_evaluation()
    {
        var (admin, kommune, round) = await ClosedRound(("5.1", "eher ja"), ("5.2", "eher ja"), ("5.3", "nein"));
        var facilitator = await admin.RegisterPerson();
        await (await admin.Put($"/api/kommunen/{kommune}/facilitator", new { personId = facilitator })).ShouldBe(HttpStatusCode.OK);
        var pb = await TestHost.ClientAs("prozessbegleitung", facilitator.ToString());

        var reply = await pb.Put($"/api/kommunen/{kommune}/rounds/{round}/consensus", new { criterion = "5.3", answer = "eher nein", reason = "Workshop: Partnerschaften zählen mit" });

        await reply.ShouldBe(HttpStatusCode.OK);
        var maturity = await admin.GetJson($"/api/kommunen/{kommune}/maturity");
        Assert.Equal("konsens", maturity.GetProperty("reason").GetString());
        var hf5 = maturity.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("field").GetInt32() == 5);
        Assert.Equal(("5/3", 2), (hf5.GetProperty("meanExact").GetString(), hf5.GetProperty("level").GetInt32()));
        Assert.Equal("eher nein", hf5.GetProperty("criteria")[2].GetProperty("consensus").GetString());
    }

    [Fact]
    public async Task the_programme_team_re_evaluates_under_another_scheme_without_rewriting()
    {
        var (admin, kommune, round) = await ClosedRound(("1.1", "eher ja"), ("1.2", "eher ja"));
        var version = await admin.ImportStrictScheme();

        var reply = await admin.Post($"/api/kommunen/{kommune}/rounds/{round}/evaluations", new { scheme = "streng", schemeVersion = version });

        await reply.ShouldBe(HttpStatusCode.OK);
        var maturity = await admin.GetJson($"/api/kommunen/{kommune}/maturity");
        Assert.Equal(("streng", version, "neu-bewertet"), (maturity.GetProperty("scheme").GetString(), maturity.GetProperty("schemeVersion").GetString(), maturity.GetProperty("reason").GetString()));
        Assert.Equal(1, maturity.GetProperty("fields")[0].GetProperty("level").GetInt32());
        var history = await admin.GetJson($"/api/kommunen/{kommune}/history?pageSize=500");
        Assert.Equal(2, history.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("type").GetString() == "round_evaluated"));
        await (await admin.Post($"/api/kommunen/{kommune}/rounds/{round}/evaluations", new { scheme = "gibt-es-nicht", schemeVersion = "1" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "bewertungsschema-unbekannt");
    }

    [Fact]
    public async Task commentary_is_recorded_per_field_and_overall()
    {
        var (admin, kommune, round) = await ClosedRound(("7.1", "eher ja"));

        await (await admin.Put($"/api/kommunen/{kommune}/rounds/{round}/commentary", new { field = 7, text = "Offene Kommunikationskultur." })).ShouldBe(HttpStatusCode.OK);
        await (await admin.Put($"/api/kommunen/{kommune}/rounds/{round}/commentary", new { text = "Auf gutem Weg.", expectedVersion = 0 })).ShouldBe(HttpStatusCode.OK);
        await (await admin.Put($"/api/kommunen/{kommune}/rounds/{round}/commentary", new { text = "Veraltet.", expectedVersion = 0 }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");

        var maturity = await admin.GetJson($"/api/kommunen/{kommune}/maturity");
        Assert.Equal("Auf gutem Weg.", maturity.GetProperty("commentary").GetString());
        Assert.Equal("Offene Kommunikationskultur.", maturity.GetProperty("fields").EnumerateArray()
            .Single(f => f.GetProperty("field").GetInt32() == 7).GetProperty("commentary").GetString());
        var tables = await admin.GetStringAsync($"/api/kommunen/{kommune}/rounds/{round}/tables.html");
        Assert.Contains("<h3>Handlungsfeld 7 – Kommunikation und Konfliktmanagement</h3>", tables);
        Assert.Contains("Offene Kommunikationskultur.", tables);
    }

    [Fact]
    public async Task a_follow_up_short_round_is_compared_with_the_full_round_per_field_key()
    {
        var (admin, kommune, first) = await ClosedRound(("5.1", "eher nein"), ("5.2", "eher nein"), ("1.2", "eher ja"));
        var second = await admin.OpenRound(kommune, "Verwaltung", "short", "kurzform");
        var (rid, _, _) = await admin.AddRespondent(kommune, second, "Steuerungsgruppe");
        await (await admin.Put($"/api/kommunen/{kommune}/rounds/{second}/respondents/{rid}/answers",
            new { answers = new[] { new { criterion = "5.1", answer = "ja" }, new { criterion = "5.2", answer = "eher ja" }, new { criterion = "1.2", answer = "ja" } } })).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{second}/respondents/{rid}/submit", null)).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{second}/close", null)).ShouldBe(HttpStatusCode.OK);

        var shortRound = await admin.GetJson($"/api/kommunen/{kommune}/maturity?round={second}");
        Assert.Equal(first, shortRound.GetProperty("comparedWith").GetInt32());
        var hf5 = shortRound.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "engagement-und-beteiligung");
        Assert.Equal((1.5m, 2), (hf5.GetProperty("delta").GetProperty("mean").GetDecimal(), hf5.GetProperty("delta").GetProperty("level").GetInt32()));
        // The latest full round stays the Standortbestimmung.
        Assert.Equal(first, (await admin.GetJson($"/api/kommunen/{kommune}/maturity")).GetProperty("round").GetInt32());

        var trend = await admin.GetJson($"/api/kommunen/{kommune}/maturity/trend");
        var points = trend.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "engagement-und-beteiligung").GetProperty("points");
        Assert.Equal([1, 3], points.EnumerateArray().Select(p => p.GetProperty("level").GetInt32()));
    }

    [Fact]
    public async Task the_chart_places_each_field_on_its_level()
    {
        var (admin, kommune, round) = await ClosedRound(("1.1", "ja"), ("5.3", "nein"), ("7.1", "eher ja"));

        var response = await admin.GetAsync($"/api/kommunen/{kommune}/rounds/{round}/chart.svg");

        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        var svg = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace ns = "http://www.w3.org/2000/svg";
        var placed = svg.Descendants(ns + "g").Where(g => (string?)g.Attribute("class") == "field")
            .ToDictionary(g => (int)g.Attribute("data-field")!, g => (string)g.Attribute("data-level")!);
        Assert.Equal(new Dictionary<int, string> { [1] = "3", [2] = "none", [3] = "none", [4] = "none", [5] = "1", [6] = "none", [7] = "2" }, placed);
        Assert.NotNull(svg.Root!.Element(ns + "title"));
        Assert.Contains("HF 5 Engagement und Beteiligung: Die Kommune ist auf dem Weg zur Weltoffenheit.", svg.Root.Element(ns + "desc")!.Value);
    }
}
