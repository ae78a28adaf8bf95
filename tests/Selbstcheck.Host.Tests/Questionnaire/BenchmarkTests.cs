using System.Net;
using System.Text.Json;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Tests.Questionnaire;

/// <summary>
/// #14 point 5 through HTTP: the anonymous benchmark over Kommunen that used this test's own catalogue version (so
/// the Kommunen of other tests in the shared database do not count), the own position, the programme overview.
/// </summary>
public class BenchmarkTests
{
    /// <summary>Field 1's level per Kommune: six Städte in Bayern, then four Landkreise in Hessen. Field 2: level 2 everywhere.</summary>
    private static readonly int[] Field1 = [1, 2, 2, 3, 3, 2, 1, 2, 3, 3];

    private sealed record World(HttpClient Admin, string Version, string Cohort, IReadOnlyList<string> Kommunen);

    private static readonly Lazy<Task<World>> Shared = new(CreateAsync);

    private static string AnswerFor(int level) => level switch { 1 => "eher nein", 2 => "eher ja", _ => "ja" };

    private static async Task<World> CreateAsync()
    {
        var admin = await TestHost.Client();
        var version = $"b{Guid.NewGuid():N}"[..12];
        var cohort = $"20{Random.Shared.Next(30, 100)}-{Random.Shared.Next(1, 100)}";
        await (await admin.Post("/api/catalogues", new
        {
            id = "benchmark-test",
            version,
            title = "Vergleichstest",
            fields = new[]
            {
                new { number = 1, key = "feld-a", name = "Feld A", criteria = new[] { new { id = "1.1", text = "Kriterium A" } } },
                new { number = 2, key = "feld-b", name = "Feld B", criteria = new[] { new { id = "2.1", text = "Kriterium B" } } },
            },
            shortForms = Array.Empty<object>(),
        })).ShouldBe(HttpStatusCode.Created);

        var kommunen = new List<string>();
        for (var i = 0; i < Field1.Length; i++)
        {
            var id = TestHost.NewKommuneId();
            var (kind, land) = i < 6 ? ("Stadt", "Bayern") : ("Landkreis", "Hessen");
            await (await admin.Post("/api/kommunen", new { id, name = $"Vergleichskommune {id}", kind, bundesland = land, cohort })).ShouldBe(HttpStatusCode.Created);
            var opened = await admin.Post($"/api/kommunen/{id}/rounds", new { kind = "full", catalogue = "benchmark-test", catalogueVersion = version, actorGroup = "Verwaltung" });
            await opened.ShouldBe(HttpStatusCode.Created);
            var round = (await opened.ReadJson()).GetProperty("round").GetInt32();
            var (rid, _, _) = await admin.AddRespondent(id, round, "Steuerungsgruppe");
            var url = $"/api/kommunen/{id}/rounds/{round}";
            await (await admin.Put($"{url}/respondents/{rid}/answers", new
            {
                answers = new[] { new { criterion = "1.1", answer = AnswerFor(Field1[i]) }, new { criterion = "2.1", answer = "eher ja" } },
            })).ShouldBe(HttpStatusCode.OK);
            await (await admin.PostAsync($"{url}/respondents/{rid}/submit", null)).ShouldBe(HttpStatusCode.OK);
            await (await admin.PostAsync($"{url}/close", null)).ShouldBe(HttpStatusCode.OK);
            kommunen.Add(id);
        }

        return new World(admin, version, cohort, kommunen);
    }

    private static JsonElement Group(JsonElement comparison, string breakdown, string label) =>
        comparison.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("breakdown").GetString() == breakdown && g.GetProperty("label").GetString() == label);

    private static JsonElement Field(JsonElement group, string key) =>
        group.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("key").GetString() == key);

    private static int[] Counts(JsonElement field) => field.GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("kommunen").GetInt32()).ToArray();

    [Fact]
    public async Task the_benchmark_counts_kommunen_of_the_same_catalogue_and_scheme_and_suppresses_small_and_uniform_cells()
    {
        var world = await Shared.Value;
        var kommune = await TestHost.ClientAs(Roles.Kommune, world.Kommunen[0]);

        var response = await kommune.GetAsync($"/api/kommunen/{world.Kommunen[0]}/benchmark");
        await response.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        var c = JsonDocument.Parse(text).RootElement.GetProperty("comparison");

        Assert.Equal("benchmark-test", c.GetProperty("catalogueId").GetString());
        Assert.Equal(world.Version, c.GetProperty("catalogueVersion").GetString());
        Assert.Equal("standard", c.GetProperty("schemeId").GetString());
        var all = Group(c, "alle", "Alle Kommunen");
        Assert.Equal(10, all.GetProperty("kommunen").GetInt32());
        // Levels 1, 2, 3, nicht bewertbar: field A varied, shown; field B all at level 2, withheld.
        Assert.Equal([2, 4, 4, 0], Counts(Field(all, "feld-a")));
        Assert.Equal("zu-einheitlich", Field(all, "feld-b").GetProperty("suppressed").GetString());
        Assert.Equal(JsonValueKind.Null, Field(all, "feld-b").GetProperty("levels").ValueKind);
        // Hessen has four: suppressed, and Bayern with it (else "all minus Bayern" would show Hessen).
        Assert.Equal("zu-wenige", Group(c, "bundesland", "Hessen").GetProperty("suppressed").GetString());
        Assert.Equal(JsonValueKind.Null, Group(c, "bundesland", "Hessen").GetProperty("kommunen").ValueKind);
        Assert.Equal("ergaenzend", Group(c, "bundesland", "Bayern").GetProperty("suppressed").GetString());
        Assert.Equal("ergaenzend", Group(c, "art", "Stadt").GetProperty("suppressed").GetString());
        Assert.Equal(10, Group(c, "kohorte", world.Cohort).GetProperty("kommunen").GetInt32());
        // Never a Kommune's name or id.
        Assert.DoesNotContain("Vergleichskommune", text, StringComparison.Ordinal);
        Assert.All(world.Kommunen.Skip(1), id => Assert.DoesNotContain(id, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task a_kommune_sees_its_own_levels_beside_the_groups_it_belongs_to()
    {
        var world = await Shared.Value;
        var k = world.Kommunen[3];

        var c = (await (await TestHost.ClientAs(Roles.Kommune, k)).GetJson($"/api/kommunen/{k}/benchmark")).GetProperty("comparison");

        var own = c.GetProperty("own");
        Assert.Equal(1, own.GetProperty("round").GetInt32());
        Assert.Equal([3, 2], own.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("level").GetInt32()));
        Assert.Equal(
            ["alle:Alle Kommunen", $"kohorte:{world.Cohort}", "art:Stadt", "bundesland:Bayern"],
            own.GetProperty("groups").EnumerateArray().Select(g => $"{g.GetProperty("breakdown").GetString()}:{g.GetProperty("label").GetString()}"));
    }

    [Fact]
    public async Task the_benchmark_is_refused_to_another_kommune_and_empty_before_an_evaluated_full_round()
    {
        var world = await Shared.Value;
        var other = await world.Admin.RegisterKommune();

        await (await (await TestHost.ClientAs(Roles.Kommune, other)).GetAsync($"/api/kommunen/{world.Kommunen[0]}/benchmark"))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
        var empty = await (await TestHost.ClientAs(Roles.Kommune, other)).GetJson($"/api/kommunen/{other}/benchmark");
        Assert.Equal(JsonValueKind.Null, empty.GetProperty("comparison").ValueKind);
        Assert.Contains("noch keine ausgewertete", empty.GetProperty("missing").GetString());
    }

    [Fact]
    public async Task the_programme_overview_counts_per_phase_and_cohort_and_is_the_programme_teams_only()
    {
        var world = await Shared.Value;

        var overview = await world.Admin.GetJson("/api/programm/overview");

        var cohort = overview.GetProperty("cohorts").EnumerateArray().Single(c => c.GetProperty("cohort").GetString() == world.Cohort);
        Assert.Equal(10, cohort.GetProperty("kommunen").GetInt32());
        Assert.Equal(0, cohort.GetProperty("synthetic").GetInt32());
        Assert.Equal(10, cohort.GetProperty("progress").GetProperty("withEvaluatedRound").GetInt32());
        Assert.Equal(0, cohort.GetProperty("progress").GetProperty("withWorkshopHeld").GetInt32());
        Assert.Equal(10, cohort.GetProperty("phases").EnumerateArray().Sum(p => p.GetProperty("kommunen").GetInt32()));
        Assert.True(overview.GetProperty("kommunen").GetInt32() >= 10);
        await (await (await TestHost.ClientAs(Roles.Kommune, world.Kommunen[0])).GetAsync("/api/programm/overview"))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
        await (await (await TestHost.ClientAs(Roles.Audit)).GetAsync("/api/programm/overview"))
            .ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
    }
}
