using Selbstcheck.Workflow.Common;
using System.Net;
using System.Text.Json;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Questionnaire;

/// <summary>The API contract v1 of issue #4, end to end.</summary>
public class RoundContractTests
{
    [Fact]
    public async Task a_round_runs_from_opening_to_the_explained_standortbestimmung()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var office = await TestHost.ClientAs(Roles.Kommune, kommune);

        var opened = await office.Post($"/api/kommunen/{kommune}/rounds", new { kind = "full", catalogue = "weltoffene-kommune-2020", actorGroup = "Verwaltung" });
        await opened.ShouldBe(HttpStatusCode.Created);
        Assert.Equal(1, (await opened.ReadJson()).GetProperty("round").GetInt32());
        Assert.Equal("Fragebogen", (await admin.GetJson($"/api/kommunen/{kommune}")).GetProperty("phase").GetString());

        var added = await office.Post($"/api/kommunen/{kommune}/rounds/1/respondents", new { unit = "Integrationsbüro", dezernat = "I" });
        await added.ShouldBe(HttpStatusCode.Created);
        var respondent = await added.ReadJson();
        var rid = respondent.GetProperty("respondentId").GetGuid();
        var key = respondent.GetProperty("key").GetString()!;
        // The link opens the questionnaire page (which exchanges the key for a session); the API takes the same key.
        Assert.EndsWith($"/befragung?key={Uri.EscapeDataString(key)}", respondent.GetProperty("link").GetString());

        // The respondent answers through their link: no bearer token.
        var browser = await TestHost.AnonymousClient();
        var questionnaire = await browser.GetJson($"/api/kommunen/{kommune}/rounds/1/respondents/{rid}/questionnaire?key={key}");
        Assert.Equal(7, questionnaire.GetProperty("fields").GetArrayLength());
        var answered = await browser.Put($"/api/kommunen/{kommune}/rounds/1/respondents/{rid}/answers?key={key}",
            new { answers = new object[] { new { criterion = "1.1", answer = "eher ja", comment = (string?)null }, new { criterion = "5.3", answer = "nein" } } });
        await answered.ShouldBe(HttpStatusCode.OK);
        var versions = (await answered.ReadJson()).GetProperty("answers").EnumerateArray().ToList();
        Assert.Equal(("1.1", 1L), (versions[0].GetProperty("criterion").GetString(), versions[0].GetProperty("version").GetInt64()));
        var changed = await browser.Put($"/api/kommunen/{kommune}/rounds/1/respondents/{rid}/answers?key={key}",
            new { answers = new[] { new { criterion = "1.1", answer = "ja", expectedVersion = 1 } } });
        Assert.Equal(2, (await changed.ReadJson()).GetProperty("answers")[0].GetProperty("version").GetInt64());
        var mine = await browser.GetJson($"/api/kommunen/{kommune}/rounds/1/respondents/{rid}/answers?key={key}");
        Assert.Equal(2, mine.GetProperty("answers").GetArrayLength());
        await (await browser.PostAsync($"/api/kommunen/{kommune}/rounds/1/respondents/{rid}/submit?key={key}", null)).ShouldBe(HttpStatusCode.OK);

        var closed = await office.PostAsync($"/api/kommunen/{kommune}/rounds/1/close", null);
        await closed.ShouldBe(HttpStatusCode.OK);
        Assert.Equal("Auswertung", (await admin.GetJson($"/api/kommunen/{kommune}")).GetProperty("phase").GetString());

        var maturity = await (await TestHost.ClientAs(Roles.Teilnehmende, kommune)).GetJson($"/api/kommunen/{kommune}/maturity");
        Assert.Equal(1, maturity.GetProperty("round").GetInt32());
        Assert.Equal("weltoffene-kommune-2020", maturity.GetProperty("catalogue").GetString());
        Assert.Equal("2020.2", maturity.GetProperty("catalogueVersion").GetString()); // #14: the newest shipped version is the default
        Assert.Equal("standard", maturity.GetProperty("scheme").GetString());
        var fields = maturity.GetProperty("fields").EnumerateArray().ToList();
        var hf1 = fields.Single(f => f.GetProperty("field").GetInt32() == 1);
        Assert.Equal("Management und Steuerung", hf1.GetProperty("name").GetString());
        Assert.Equal(3, hf1.GetProperty("level").GetInt32());
        Assert.Equal((1, 4), (hf1.GetProperty("answered").GetInt32(), hf1.GetProperty("total").GetInt32()));
        var c11 = hf1.GetProperty("criteria")[0];
        Assert.Equal("1.1", c11.GetProperty("criterion").GetString());
        Assert.Equal(3.0m, c11.GetProperty("score").GetDecimal());
        Assert.Equal(1, c11.GetProperty("counts").GetProperty("ja").GetInt32());
        Assert.Equal(("ja", "ja", false), (c11.GetProperty("min").GetString(), c11.GetProperty("max").GetString(), c11.GetProperty("disagreement").GetBoolean()));
        var hf5 = fields.Single(f => f.GetProperty("field").GetInt32() == 5);
        Assert.Equal((1, "Die Kommune ist auf dem Weg zur Weltoffenheit"), (hf5.GetProperty("level").GetInt32(), hf5.GetProperty("label").GetString()));
        var hf2 = fields.Single(f => f.GetProperty("field").GetInt32() == 2);
        Assert.Equal(JsonValueKind.Null, hf2.GetProperty("level").ValueKind);
        Assert.Equal("nicht bewertbar", hf2.GetProperty("label").GetString());
        Assert.Equal(3.0m / 2, maturity.GetProperty("overall").GetProperty("mean").GetDecimal());
        Assert.Equal(2, maturity.GetProperty("overall").GetProperty("level").GetInt32());
    }

    [Fact]
    public async Task answers_entered_on_a_respondents_behalf_record_who_entered_them_for_whom()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune);
        var (rid, _, _) = await admin.AddRespondent(kommune, round, "Sportförderung", "IV");
        var office = await TestHost.ClientAs(Roles.Kommune, kommune);

        await (await office.Put($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/answers",
            new { answers = new[] { new { criterion = "7.3", answer = "eher nein", evidence = "https://example.org/formular.pdf" } } })).ShouldBe(HttpStatusCode.OK);

        var history = await admin.GetJson($"/api/kommunen/{kommune}/history?pageSize=500");
        var recorded = history.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("type").GetString() == "answer_recorded");
        Assert.True(recorded.GetProperty("payload").GetProperty("onBehalf").GetBoolean());
        Assert.Equal(rid, recorded.GetProperty("payload").GetProperty("respondentId").GetGuid());
        var officeUser = await TestHost.UserIdOf(TestHost.UserLabel(Roles.Kommune, kommune));
        Assert.Equal(officeUser, recorded.GetProperty("userId").GetString());
        var csv = await admin.GetStringAsync($"/api/kommunen/{kommune}/rounds/{round}/answers.csv");
        var row = csv.Split("\r\n").Single(l => l.Contains(";7.3;"));
        // The last two columns: the time recorded, and (#14) the provenance — empty for a documented answer.
        Assert.EndsWith(";", row);
        var withoutProvenance = row[..^1];
        Assert.Equal($"{round};Verwaltung;Sportförderung;IV;7;7.3;eher nein;;https://example.org/formular.pdf;1;nein;{officeUser};ja;",
            withoutProvenance[..withoutProvenance.LastIndexOf(';')] + ";");
    }

    [Fact]
    public async Task a_link_opens_only_its_own_respondent()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune);
        var (a, keyA, _) = await admin.AddRespondent(kommune, round, "Amt A");
        var (b, _, _) = await admin.AddRespondent(kommune, round, "Amt B");
        var browser = await TestHost.AnonymousClient();

        await (await browser.GetAsync($"/api/kommunen/{kommune}/rounds/{round}/respondents/{a}/answers?key={keyA}")).ShouldBe(HttpStatusCode.OK);
        await (await browser.Put($"/api/kommunen/{kommune}/rounds/{round}/respondents/{b}/answers?key={keyA}",
            new { answers = new[] { new { criterion = "1.1", answer = "ja" } } })).ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
        // A reissued link replaces the old one.
        var reissued = await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/respondents/{a}/link", null)).ReadJson();
        await (await browser.GetAsync($"/api/kommunen/{kommune}/rounds/{round}/respondents/{a}/answers?key={keyA}")).ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
        await (await browser.GetAsync($"/api/kommunen/{kommune}/rounds/{round}/respondents/{a}/answers?key={reissued.GetProperty("key").GetString()}")).ShouldBe(HttpStatusCode.OK);
    }
}
