using System.Net;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Questionnaire;

/// <summary>Bad input and lifecycle refusals through HTTP: nothing is stored.</summary>
public class RoundRulesTests
{
    private static async Task<(HttpClient Admin, string Kommune, int Round, Guid Respondent)> RoundWithRespondent()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune);
        var (rid, _, _) = await admin.AddRespondent(kommune, round, "Integrationsbüro");
        return (admin, kommune, round, rid);
    }

    [Fact]
    public async Task unknown_criteria_and_values_outside_the_scale_are_400_listing_every_element()
    {
        var (admin, kommune, round, rid) = await RoundWithRespondent();
        var before = await admin.HistoryCount(kommune);

        var response = await admin.Put($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/answers", new
        {
            answers = new[] { new { criterion = "1.1", answer = "ja" }, new { criterion = "8.1", answer = "ja" }, new { criterion = "1.2", answer = "jein" } },
        });

        var problem = await response.ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        Assert.Equal(["answers[1].criterion", "answers[2].answer"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Equal(before, await admin.HistoryCount(kommune));
    }

    [Fact]
    public async Task lifecycle_refusals_are_422_with_their_reason()
    {
        var (admin, kommune, round, rid) = await RoundWithRespondent();
        var answers = new { answers = new[] { new { criterion = "1.1", answer = "ja" } } };
        var url = $"/api/kommunen/{kommune}/rounds/{round}";

        await (await admin.PostAsync($"{url}/close", null)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "keine-antworten");
        await (await admin.Put($"{url}/respondents/{rid}/answers", answers)).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"{url}/respondents/{rid}/submit", null)).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"{url}/respondents/{rid}/submit", null)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "antworten-abgegeben");
        await (await admin.Put($"{url}/respondents/{rid}/answers", answers)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "antworten-abgegeben");
        await (await admin.PostAsync($"{url}/close", null)).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"{url}/close", null)).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "runde-geschlossen");
        var problem = await (await admin.Post($"{url}/respondents", new { unit = "Spät" })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "runde-geschlossen");
        Assert.NotEmpty(problem.GetProperty("alternatives").EnumerateArray());
        await (await admin.GetAsync($"/api/kommunen/{kommune}/rounds/99")).ShouldBeProblem(HttpStatusCode.NotFound, "runde-unbekannt");
        await (await admin.GetAsync($"{url}/respondents/{Guid.NewGuid()}/answers")).ShouldBeProblem(HttpStatusCode.NotFound, "befragte-unbekannt");
    }

    [Fact]
    public async Task a_used_catalogue_version_cannot_change_and_a_broken_catalogue_lists_every_problem()
    {
        var admin = await TestHost.Client();
        var version = $"t{Guid.NewGuid():N}"[..12];
        object Catalogue(string text) => new
        {
            id = "test-import",
            version,
            title = "Import",
            fields = new[] { new { number = 1, key = "feld", name = "Feld", criteria = new[] { new { id = "1.1", text } } } },
            shortForms = Array.Empty<object>(),
        };
        await (await admin.Post("/api/catalogues", Catalogue("Erst"))).ShouldBe(HttpStatusCode.Created);
        Assert.Equal("replaced", (await (await admin.Post("/api/catalogues", Catalogue("Zweit"))).ReadJson()).GetProperty("outcome").GetString());
        var kommune = await admin.RegisterKommune();
        await (await admin.Post($"/api/kommunen/{kommune}/rounds", new { kind = "full", catalogue = "test-import", catalogueVersion = version, actorGroup = "Verwaltung" }))
            .ShouldBe(HttpStatusCode.Created);

        await (await admin.Post("/api/catalogues", Catalogue("Dritt"))).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "katalogversion-in-gebrauch");
        Assert.Equal("unchanged", (await (await admin.Post("/api/catalogues", Catalogue("Zweit"))).ReadJson()).GetProperty("outcome").GetString());

        var broken = await admin.Post("/api/catalogues", new
        {
            id = "test-import",
            version = "kaputt",
            title = "",
            fields = new object[]
            {
                new { number = 1, key = "a", name = "A", criteria = new[] { new { id = "1.1", text = "x" }, new { id = "1.1", text = "y" } } },
                new { number = 2, key = "b", name = "B", criteria = Array.Empty<object>() },
            },
            shortForms = Array.Empty<object>(),
        });
        var problem = await broken.ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        Assert.Equal(["title", "fields[0].criteria[1].id", "fields[1].criteria"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task rounds_of_different_actor_groups_run_at_the_same_time_but_not_two_of_one_group()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        await admin.OpenRound(kommune, "Verwaltung");
        await admin.OpenRound(kommune, "Zivilgesellschaft und Migrantenorganisationen", "short", "kurzform");

        await (await admin.Post($"/api/kommunen/{kommune}/rounds", new { kind = "full", catalogue = "weltoffene-kommune-2020", actorGroup = "verwaltung" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "runde-fuer-akteursgruppe-offen");
        var rounds = await admin.GetJson($"/api/kommunen/{kommune}/rounds");
        Assert.Equal(2, rounds.GetProperty("total").GetInt32());
    }
}
