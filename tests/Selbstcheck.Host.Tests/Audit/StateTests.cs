using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Tests.Platform;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.Milestones;
using Wolverine;

namespace Selbstcheck.Host.Tests.Audit;

/// <summary>
/// Time travel: <c>GET /api/kommunen/{id}/state?at=|version=</c> replays the Kommune's events through the
/// read models' own evolve functions. At the latest version it equals the live read models, field by field;
/// before that it shows what was recorded then, judged (overdue, ages, deadlines) at that moment.
/// </summary>
public class StateTests
{
    private const string Demo = "dessau-rosslau";

    [Fact]
    public async Task state_at_the_latest_version_equals_the_live_read_models_for_the_demo()
    {
        await DemoTests.FirstLoad.Value;
        var client = await TestHost.Client();

        var (state, compared) = await CompareWithLive(client, Demo);

        Assert.True(state.GetProperty("rounds").GetArrayLength() >= 1);
        Assert.True(state.GetProperty("workshops").GetArrayLength() >= 1);
        Assert.True(state.GetProperty("milestones").GetArrayLength() >= 2);
        Assert.True(compared >= 8, $"only {compared} resources compared");
    }

    [Fact]
    public async Task state_at_the_latest_version_equals_the_live_read_models_for_a_journey_built_through_the_api()
    {
        var client = await TestHost.Client();
        var kommune = await RebuildTests.JourneyThroughTheApi();
        // Beyond the rebuild test's journey: a unit address, a held workshop with priorities and a working group
        // (its Handlungsbedarfe become action items), a status change and a note, a completed milestone, commentary.
        await (await client.Put($"/api/kommunen/{kommune}/units", new { name = "Amt für Soziales", email = "soziales@example.org" })).ShouldBe(HttpStatusCode.Created);
        var workshop = (await client.GetJson($"/api/kommunen/{kommune}/workshops")).GetProperty("items")[0].GetProperty("id").GetGuid();
        await (await client.Put($"/api/kommunen/{kommune}/workshops/{workshop}/priorities", new { fields = new[] { 4, 5 } })).ShouldBe(HttpStatusCode.OK);
        await (await client.Post($"/api/kommunen/{kommune}/workshops/{workshop}/working-groups", new
        {
            field = 5,
            whatWorks = new[] { new { text = "Netzwerk" } },
            whatDoesNotWorkYet = Array.Empty<object>(),
            needsForAction = new[] { new { text = "Willkommenskultur stärken" } },
        })).ShouldBe(HttpStatusCode.Created);
        await (await client.PostAsync($"/api/kommunen/{kommune}/workshops/{workshop}/held", null)).ShouldBe(HttpStatusCode.OK);
        var plan = await client.GetJson($"/api/kommunen/{kommune}/action-plan");
        var item = plan.GetProperty("fields").EnumerateArray().SelectMany(f => f.GetProperty("items").EnumerateArray()).First();
        var itemId = item.GetProperty("id").GetGuid();
        await (await client.Post($"/api/kommunen/{kommune}/action-items/{itemId}/notes", new { text = "Erster Termin steht" })).ShouldBe(HttpStatusCode.OK);
        await (await client.Post($"/api/kommunen/{kommune}/action-items/{itemId}/status", new { status = "in Arbeit" })).ShouldBe(HttpStatusCode.OK);
        await (await client.Put($"/api/kommunen/{kommune}/rounds/1/commentary", new { field = 5, text = "Gute Ansätze" })).ShouldBe(HttpStatusCode.OK);
        var milestones = await client.GetJson($"/api/kommunen/{kommune}/milestones");
        var open = milestones.GetProperty("items").EnumerateArray().First(m => m.GetProperty("status").GetString() == MilestoneStatus.Offen);
        await (await client.Post($"/api/kommunen/{kommune}/milestones/{open.GetProperty("id").GetGuid()}/complete", new { })).ShouldBe(HttpStatusCode.OK);

        var (state, compared) = await CompareWithLive(client, kommune);

        Assert.Equal("stattgefunden", state.GetProperty("workshops")[0].GetProperty("status").GetString());
        Assert.True(compared >= 8, $"only {compared} resources compared");
    }

    [Fact]
    public async Task the_demo_as_of_2020_06_30_shows_the_evaluated_questionnaire_and_a_workshop_scheduled_but_not_held()
    {
        await DemoTests.FirstLoad.Value;
        var client = await TestHost.Client();

        var state = await client.GetJson($"/api/kommunen/{Demo}/state?at=2020-06-30");

        var standort = state.GetProperty("standortbestimmung");
        var levels = standort.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetInt32(), f => f.GetProperty("level").GetInt32());
        Assert.Equal(1, levels[5]);
        Assert.Equal(3, levels[3]);
        Assert.Equal(2, standort.GetProperty("overall").GetProperty("level").GetInt32());
        Assert.Equal("weltoffene-kommune-2020", standort.GetProperty("catalogue").GetString());
        Assert.False(string.IsNullOrEmpty(standort.GetProperty("schemeVersion").GetString()));
        var round = state.GetProperty("rounds").EnumerateArray().Single();
        Assert.True(round.GetProperty("progress").GetProperty("round").GetProperty("closed").GetBoolean());
        Assert.Equal(2, round.GetProperty("evaluation").GetProperty("overall").GetProperty("level").GetInt32());
        var workshop = state.GetProperty("workshops").EnumerateArray().Single();
        Assert.Equal("geplant", workshop.GetProperty("status").GetString());
        Assert.False(workshop.GetProperty("held").GetBoolean());
        Assert.Empty(workshop.GetProperty("priorities").EnumerateArray());
        Assert.Equal(0, state.GetProperty("actionPlan").GetProperty("open").GetInt32());
        // Only the programme's milestone for the scheduled workshop; the agreements' milestones came in July.
        Assert.Equal("workshop", Assert.Single(state.GetProperty("milestones").EnumerateArray()).GetProperty("source").GetString());
        Assert.Equal("Workshop", state.GetProperty("kommune").GetProperty("phase").GetString());
        // The plain date means the end of that Berlin day.
        Assert.Equal(BerlinTime.ToInstant(new DateOnly(2020, 7, 1), TimeOnly.MinValue).AddTicks(-10), state.GetProperty("asOf").GetDateTimeOffset());
        Assert.True(state.GetProperty("version").GetInt64() < state.GetProperty("latestVersion").GetInt64());
    }

    [Fact]
    public async Task the_demo_as_of_2020_07_02_noon_shows_the_held_workshop_with_priorities_4_and_5_and_its_handlungsbedarfe()
    {
        await DemoTests.FirstLoad.Value;
        var client = await TestHost.Client();

        var state = await client.GetJson($"/api/kommunen/{Demo}/state?at={Uri.EscapeDataString("2020-07-02T12:00:00+02:00")}");

        var workshop = state.GetProperty("workshops").EnumerateArray().Single();
        Assert.Equal("stattgefunden", workshop.GetProperty("status").GetString());
        Assert.Equal([4, 5], workshop.GetProperty("priorities").EnumerateArray().Select(p => p.GetInt32()).Order().ToArray());
        var workshopId = workshop.GetProperty("id").GetGuid();
        var items = state.GetProperty("actionPlan").GetProperty("fields").EnumerateArray().SelectMany(f => f.GetProperty("items").EnumerateArray()).ToList();
        Assert.NotEmpty(items);
        Assert.All(items, i => Assert.Equal(workshopId, i.GetProperty("workshopId").GetGuid()));
        Assert.Equal([4, 5], items.Select(i => i.GetProperty("field").GetInt32()).Distinct().Order().ToArray());
        // Its two dated agreements became milestones that morning (09:00); the Dialogveranstaltung of 2020-10-08 was not overdue then.
        var dialogue = state.GetProperty("milestones").EnumerateArray().Single(m => m.GetProperty("dueDate").GetString() == "2020-10-08");
        Assert.False(dialogue.GetProperty("overdue").GetBoolean());
        Assert.Equal(DateTimeOffset.Parse("2020-07-02T10:00:00Z"), state.GetProperty("asOf").GetDateTimeOffset());
    }

    [Fact]
    public async Task a_plain_date_means_the_end_of_that_day_in_berlin()
    {
        var kommune = await ImportedJourney(
            ("2021-03-10T21:00:00+01:00", k => new RegisterKommune(k, $"Testkommune {k}", "Stadt", "Sachsen-Anhalt")),
            ("2021-03-10T23:30:00+01:00", k => new NameLeadOffice(k, "Integrationsbüro")),
            ("2021-03-11T00:30:00+01:00", k => new UpsertUnit(k, "Amt für Soziales", null)));
        var client = await TestHost.Client();

        var day = await client.GetJson($"/api/kommunen/{kommune}/state?at=2021-03-10");
        var next = await client.GetJson($"/api/kommunen/{kommune}/state?at=2021-03-11");

        // 23:30 Berlin time is 22:30 UTC: still 10 March in Berlin, so included; 00:30 on the 11th is not.
        var leadOffice = await VersionOf(client, kommune, "lead_office_named");
        var unit = await VersionOf(client, kommune, "unit_added", last: true);
        Assert.Equal(leadOffice, day.GetProperty("version").GetInt64());
        Assert.Equal(unit - 1, leadOffice);
        Assert.Equal("Integrationsbüro", day.GetProperty("kommune").GetProperty("leadOffice").GetString());
        // Naming the lead office added it as a unit; the Amt für Soziales came after midnight.
        Assert.Equal(["Integrationsbüro"], day.GetProperty("kommune").GetProperty("units").EnumerateArray().Select(u => u.GetProperty("name").GetString()!).ToArray());
        Assert.Equal(DateTimeOffset.Parse("2021-03-10T22:30:00Z"), day.GetProperty("recordedAt").GetDateTimeOffset());
        Assert.Equal(unit, next.GetProperty("version").GetInt64());
        Assert.Equal(2, next.GetProperty("kommune").GetProperty("units").GetArrayLength());
        // An instant: the last version recorded at or before it.
        var instant = await client.GetJson($"/api/kommunen/{kommune}/state?at={Uri.EscapeDataString("2021-03-10T22:29:59.999999Z")}");
        Assert.Equal(await VersionOf(client, kommune, "kommune_registered"), instant.GetProperty("version").GetInt64());
        Assert.Null(instant.GetProperty("kommune").GetProperty("leadOffice").GetString());
        var exact = await client.GetJson($"/api/kommunen/{kommune}/state?at={Uri.EscapeDataString("2021-03-10T22:30:00Z")}");
        Assert.Equal(leadOffice, exact.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task overdue_and_ages_are_judged_at_the_moment_asked_for_not_now()
    {
        var milestone = Guid.NewGuid();
        var item = Guid.NewGuid();
        var kommune = await ImportedJourney(
            ("2021-03-01T09:00:00+01:00", k => new RegisterKommune(k, $"Testkommune {k}", "Stadt", "Sachsen-Anhalt")),
            ("2021-03-02T09:00:00+01:00", k => new PlanMilestone(k, milestone, "Dokumentation", "Dokumentation", "Integrationsbüro", null, "2021-04-01", null, null, null)),
            ("2021-03-02T10:00:00+01:00", k => new Workflow.ActionPlan.AddActionItem(k, item, 5, "Kümmerer etablieren", null, "Integrationsbüro", "2021-04-01")));
        var client = await TestHost.Client();

        var before = await client.GetJson($"/api/kommunen/{kommune}/state?at=2021-03-31");
        var after = await client.GetJson($"/api/kommunen/{kommune}/state?at=2021-04-02");
        var byVersion = await client.GetJson($"/api/kommunen/{kommune}/state?version={await VersionOf(client, kommune, "action_item_added")}");
        var latest = await client.GetJson($"/api/kommunen/{kommune}/state");
        var live = await client.GetJson($"/api/kommunen/{kommune}/milestones/{milestone}");

        Assert.True(live.GetProperty("overdue").GetBoolean());
        Assert.True(Milestone(latest).GetProperty("overdue").GetBoolean());
        Assert.False(Milestone(before).GetProperty("overdue").GetBoolean());
        Assert.True(Milestone(after).GetProperty("overdue").GetBoolean());
        Assert.False(Milestone(byVersion).GetProperty("overdue").GetBoolean());
        JsonElement Milestone(JsonElement state) => state.GetProperty("milestones").EnumerateArray().Single(m => m.GetProperty("id").GetGuid() == milestone);
        Assert.Equal(DateTimeOffset.Parse("2021-03-02T09:00:00Z"), byVersion.GetProperty("asOf").GetDateTimeOffset());
        Assert.Equal(byVersion.GetProperty("recordedAt").GetDateTimeOffset(), byVersion.GetProperty("asOf").GetDateTimeOffset());

        static JsonElement Item(JsonElement state) => state.GetProperty("actionPlan").GetProperty("fields")[0].GetProperty("items")[0];
        Assert.Equal(29, Item(before).GetProperty("ageDays").GetInt32());
        Assert.False(Item(before).GetProperty("overdue").GetBoolean());
        Assert.True(Item(after).GetProperty("overdue").GetBoolean());
        Assert.Equal(1, before.GetProperty("actionPlan").GetProperty("open").GetInt32());
        Assert.Equal(0, before.GetProperty("actionPlan").GetProperty("overdue").GetInt32());
        Assert.Equal(1, after.GetProperty("actionPlan").GetProperty("overdue").GetInt32());
        Assert.Equal(0, byVersion.GetProperty("actionPlan").GetProperty("fields")[0].GetProperty("items")[0].GetProperty("ageDays").GetInt32());
    }

    [Fact]
    public async Task a_version_shows_the_journey_after_exactly_that_event()
    {
        var kommune = await ImportedJourney(
            ("2021-05-03T09:00:00+02:00", k => new RegisterKommune(k, $"Testkommune {k}", "Stadt", "Sachsen-Anhalt")),
            ("2021-05-03T10:00:00+02:00", k => new NameLeadOffice(k, "Integrationsbüro")),
            ("2021-05-04T10:00:00+02:00", k => new NameLeadOffice(k, "Büro des Oberbürgermeisters")));
        var client = await TestHost.Client();

        var named = await VersionOf(client, kommune, "lead_office_named");
        var first = await client.GetJson($"/api/kommunen/{kommune}/state?version={named - 1}");
        var second = await client.GetJson($"/api/kommunen/{kommune}/state?version={named}");
        var latest = await client.GetJson($"/api/kommunen/{kommune}/state");
        var total = await client.HistoryCount(kommune);

        Assert.Null(first.GetProperty("kommune").GetProperty("leadOffice").GetString());
        Assert.Equal("Integrationsbüro", second.GetProperty("kommune").GetProperty("leadOffice").GetString());
        Assert.Equal(2, second.GetProperty("kommune").GetProperty("version").GetInt64());
        Assert.Equal("Büro des Oberbürgermeisters", latest.GetProperty("kommune").GetProperty("leadOffice").GetString());
        Assert.Equal((total, total), (latest.GetProperty("version").GetInt64(), latest.GetProperty("latestVersion").GetInt64()));
        Assert.Equal((named, total), (second.GetProperty("version").GetInt64(), second.GetProperty("latestVersion").GetInt64()));
    }

    [Fact]
    public async Task a_date_time_without_offset_is_a_bad_request()
    {
        await DemoTests.FirstLoad.Value;
        var client = await TestHost.Client();

        var problem = await (await client.GetAsync($"/api/kommunen/{Demo}/state?at=2020-07-02T12:00:00")).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");

        Assert.Contains("Zeitzone", problem.GetProperty("detail").GetString());
        Assert.Equal("Ungültige Eingabe", problem.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("at=2020-07-02T12:00:00Z&version=3")]
    [InlineData("at=gestern")]
    [InlineData("at=2020-02-30")]
    [InlineData("version=0")]
    [InlineData("version=-1")]
    [InlineData("version=abc")]
    [InlineData("version=99999999999999999999")]
    public async Task odd_parameters_are_a_bad_request(string query)
    {
        await DemoTests.FirstLoad.Value;
        var client = await TestHost.Client();

        await (await client.GetAsync($"/api/kommunen/{Demo}/state?{query}")).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
    }

    [Fact]
    public async Task a_version_beyond_the_stream_and_a_moment_before_its_first_event_are_not_found()
    {
        await DemoTests.FirstLoad.Value;
        var client = await TestHost.Client();
        var latest = (await client.GetJson($"/api/kommunen/{Demo}/state")).GetProperty("latestVersion").GetInt64();

        var beyond = await (await client.GetAsync($"/api/kommunen/{Demo}/state?version={latest + 1000}")).ShouldBeProblem(HttpStatusCode.NotFound, "version-unbekannt");
        var before = await (await client.GetAsync($"/api/kommunen/{Demo}/state?at=2020-01-14")).ShouldBeProblem(HttpStatusCode.NotFound, "vor-beginn");
        await (await client.GetAsync("/api/kommunen/gibt-es-nicht/state")).ShouldBeProblem(HttpStatusCode.NotFound, "kommune-unbekannt");

        Assert.Equal("Diese Version gibt es nicht", beyond.GetProperty("title").GetString());
        Assert.Equal("Zu diesem Zeitpunkt gab es die Kommune noch nicht", before.GetProperty("title").GetString());
        // The first event itself (09:00 UTC on 15 January 2020) is included from that instant on.
        Assert.Equal(1, (await client.GetJson($"/api/kommunen/{Demo}/state?at=2020-01-15T09:00:00Z")).GetProperty("version").GetInt64());
    }

    /// <summary>
    /// The state at the latest version beside the live endpoints, resource by resource, compared as JSON. Retried when an
    /// event arrived in between (a reminder job, say): then the two would differ for that reason.
    /// </summary>
    private static async Task<(JsonElement State, int Compared)> CompareWithLive(HttpClient client, string kommune)
    {
        for (var attempt = 1; ; attempt++)
        {
            var state = await client.GetJson($"/api/kommunen/{kommune}/state");
            var comparisons = new List<(string What, JsonElement Live, JsonElement AsOf)>
            {
                ("kommune", await client.GetJson($"/api/kommunen/{kommune}"), state.GetProperty("kommune")),
                ("action plan", await client.GetJson($"/api/kommunen/{kommune}/action-plan"), state.GetProperty("actionPlan")),
            };
            var maturity = await client.GetAsync($"/api/kommunen/{kommune}/maturity");
            comparisons.Add(("standortbestimmung", maturity.StatusCode == HttpStatusCode.OK ? await maturity.ReadJson() : Null, state.GetProperty("standortbestimmung")));

            var rounds = await client.GetJson($"/api/kommunen/{kommune}/rounds?pageSize=100");
            Assert.Equal(rounds.GetProperty("total").GetInt32(), state.GetProperty("rounds").GetArrayLength());
            foreach (var round in state.GetProperty("rounds").EnumerateArray())
            {
                var n = round.GetProperty("progress").GetProperty("round").GetProperty("round").GetInt32();
                comparisons.Add(($"round {n}", await client.GetJson($"/api/kommunen/{kommune}/rounds/{n}"), round.GetProperty("progress")));
                var evaluation = await client.GetAsync($"/api/kommunen/{kommune}/maturity?round={n}");
                comparisons.Add(($"evaluation of round {n}", evaluation.StatusCode == HttpStatusCode.OK ? await evaluation.ReadJson() : Null, round.GetProperty("evaluation")));
            }

            var workshops = await client.GetJson($"/api/kommunen/{kommune}/workshops?pageSize=100");
            Assert.Equal(Ids(workshops.GetProperty("items")), Ids(state.GetProperty("workshops")));
            foreach (var workshop in state.GetProperty("workshops").EnumerateArray())
            {
                var id = workshop.GetProperty("id").GetGuid();
                comparisons.Add(($"workshop {id}", await client.GetJson($"/api/kommunen/{kommune}/workshops/{id}"), workshop));
            }

            var milestones = (await client.GetJson($"/api/kommunen/{kommune}/milestones?pageSize=100")).GetProperty("items");
            Assert.Equal(Ids(milestones), Ids(state.GetProperty("milestones")));
            var liveMilestones = milestones.EnumerateArray().ToDictionary(m => m.GetProperty("id").GetGuid());
            foreach (var milestone in state.GetProperty("milestones").EnumerateArray())
            {
                var id = milestone.GetProperty("id").GetGuid();
                comparisons.Add(($"milestone {id}", liveMilestones[id], milestone));
            }

            var after = await client.GetJson($"/api/kommunen/{kommune}/state?version=1");
            if (after.GetProperty("latestVersion").GetInt64() != state.GetProperty("version").GetInt64() && attempt < 3) continue;

            foreach (var (what, live, asOf) in comparisons) JsonAssert.Same(what, live, asOf);
            return (state, comparisons.Count);
        }
    }

    /// <summary>The version of the first (or last) event of a type in the Kommune's history.</summary>
    private static async Task<long> VersionOf(HttpClient client, string kommune, string type, bool last = false)
    {
        var items = (await client.GetJson($"/api/kommunen/{kommune}/history?type={type}")).GetProperty("items").EnumerateArray().ToList();
        return (last ? items[^1] : items[0]).GetProperty("version").GetInt64();
    }

    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement;

    private static string[] Ids(JsonElement list) => list.EnumerateArray().Select(e => e.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToArray();

    /// <summary>A Kommune whose history is imported with the given instants (as the demo is), through the command pipeline.</summary>
    private static async Task<string> ImportedJourney(params (string At, Func<string, object> Command)[] steps)
    {
        var kommune = TestHost.NewKommuneId("state");
        var host = await TestHost.Instance;
        foreach (var (at, command) in steps)
        {
            await using var scope = host.Services.CreateAsyncScope();
            var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
            await bus.InvokeAsync<object>(command(kommune), CommandHeaders.Imported(Actor.DemoImport, DateTimeOffset.Parse(at)));
        }

        return kommune;
    }
}

/// <summary>JSON compared field by field: the first difference named by its path.</summary>
public static class JsonAssert
{
    public static void Same(string what, JsonElement expected, JsonElement actual)
    {
        var difference = Difference("$", expected, actual);
        Assert.True(difference is null, $"{what}: {difference}");
    }

    private static string? Difference(string path, JsonElement expected, JsonElement actual)
    {
        if (expected.ValueKind != actual.ValueKind) return $"{path}: expected {expected.GetRawText()}, was {actual.GetRawText()}";
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var e = expected.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                var a = actual.EnumerateObject().ToDictionary(p => p.Name, p => p.Value);
                if (!e.Keys.Order().SequenceEqual(a.Keys.Order()))
                {
                    return $"{path}: properties {string.Join(",", e.Keys.Order())} expected, were {string.Join(",", a.Keys.Order())}";
                }

                return e.Select(p => Difference($"{path}.{p.Key}", p.Value, a[p.Key])).FirstOrDefault(d => d is not null);
            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return $"{path}: {expected.GetArrayLength()} elements expected, were {actual.GetArrayLength()}";
                }

                return expected.EnumerateArray().Zip(actual.EnumerateArray()).Select((x, i) => Difference($"{path}[{i}]", x.First, x.Second)).FirstOrDefault(d => d is not null);
            default:
                return expected.GetRawText() == actual.GetRawText() ? null : $"{path}: expected {expected.GetRawText()}, was {actual.GetRawText()}";
        }
    }
}
