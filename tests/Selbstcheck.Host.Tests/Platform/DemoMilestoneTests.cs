using Selbstcheck.Workflow.Common;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Demo;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Platform;

public class DemoMilestoneTests
{
    private static readonly Guid Facilitator = Guid.Parse("0191b7c4-5a2e-7c3e-9a51-3e82dda8c29c");

    private static readonly Lazy<Task<bool>> Live = new(async () =>
    {
        await DemoTests.FirstLoad.Value;
        return await (await TestHost.Instance).Services.GetRequiredService<LiveDemo>().EnsureAsync(Facilitator, CancellationToken.None);
    });

    [Fact]
    public async Task dessau_rosslaus_vereinbarungen_are_milestones_with_their_historical_status_and_no_reminders()
    {
        await DemoTests.FirstLoad.Value;
        var client = await TestHost.Client();

        var all = (await client.GetJson("/api/kommunen/dessau-rosslau/milestones")).GetProperty("items").EnumerateArray().ToList();
        var items = all.Where(m => m.GetProperty("source").ValueKind == System.Text.Json.JsonValueKind.Null).ToList();
        var held = Assert.Single(all, m => m.GetProperty("source").GetString() == "workshop");
        Assert.Equal(("erledigt", "2020-07-01T13:00"), (held.GetProperty("status").GetString(), held.GetProperty("dueAt").GetString()));

        Assert.Equal(["Erstellung einer Dokumentation mit den Ergebnissen des Workshops vom 1. Juli 2020", "Eine Dialogveranstaltung mit Einwohnerinnen und Einwohnern und Akteuren durchführen."],
            items.Select(m => m.GetProperty("title").GetString()));
        Assert.Equal(("erledigt", "offen", "2020-10-08"), (items[0].GetProperty("status").GetString(), items[1].GetProperty("status").GetString(), items[1].GetProperty("dueDate").GetString()));
        Assert.All(all, m => Assert.True(m.GetProperty("imported").GetBoolean()));
        Assert.All(all, m => Assert.Empty(m.GetProperty("reminders").EnumerateArray()));
        // The Dezernenten workshop stays an undated idea: a Vereinbarung without a milestone.
        var workshop = await client.GetJson("/api/kommunen/dessau-rosslau/workshops/0191b7c4-5a2e-7c3e-9a54-000000000001");
        Assert.Contains("Idee — mit dem Oberbürgermeister zu besprechen", Strings(workshop));
    }

    private static IEnumerable<string> Strings(System.Text.Json.JsonElement e) => e.ValueKind switch
    {
        System.Text.Json.JsonValueKind.String => [e.GetString()!],
        System.Text.Json.JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Strings(p.Value)),
        System.Text.Json.JsonValueKind.Array => e.EnumerateArray().SelectMany(Strings),
        _ => [],
    };

    [Fact]
    public async Task the_live_demo_kommune_is_created_once_through_live_commands_with_reminders_planned_relative_to_today()
    {
        await Live.Value;
        Assert.False(await (await TestHost.Instance).Services.GetRequiredService<LiveDemo>().EnsureAsync(Facilitator, CancellationToken.None));
        var client = await TestHost.Client();

        var history = (await client.GetJson("/api/kommunen/beispielstadt/history?pageSize=200")).GetProperty("items").EnumerateArray().ToList();
        Assert.All(history, e => Assert.False(e.GetProperty("headers").TryGetProperty("imported", out _)));
        Assert.All(history, e => Assert.Equal("demo-live", e.GetProperty("userId").GetString()));
        var milestones = (await client.GetJson("/api/kommunen/beispielstadt/milestones")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(5, milestones.Count);
        Assert.Equal(1, milestones.Count(m => m.GetProperty("overdue").GetBoolean()));
        Assert.All(milestones.Where(m => m.GetProperty("status").GetString() == "offen"), m => Assert.NotEmpty(m.GetProperty("reminders").EnumerateArray()));

        var calendar = await client.GetStringAsync("/api/kommunen/beispielstadt/calendar.ics");
        Assert.Contains("Dialogveranstaltung im Stadtteilzentrum", calendar);
        var pb = await TestHost.ClientAs(Roles.Prozessbegleitung, Facilitator.ToString());
        for (var i = 0; ; i++)
        {
            var board = await pb.GetJson($"/api/facilitators/{Facilitator}/board");
            var lines = board.GetProperty("kommunen").EnumerateArray().ToList();
            var live = lines.FirstOrDefault(l => l.GetProperty("kommuneId").GetString() == "beispielstadt");
            var dessau = lines.FirstOrDefault(l => l.GetProperty("kommuneId").GetString() == "dessau-rosslau");
            if (live.ValueKind != System.Text.Json.JsonValueKind.Undefined && dessau.ValueKind != System.Text.Json.JsonValueKind.Undefined &&
                live.GetProperty("overdueMilestones").GetInt32() == 1)
            {
                Assert.Equal("Dokumentation des Selbstcheck-Workshops an die Steuerungsgruppe", live.GetProperty("nextMilestone").GetProperty("title").GetString());
                Assert.Equal(1, dessau.GetProperty("overdueMilestones").GetInt32());
                break;
            }

            Assert.True(i < 100, "the board did not show both demo Kommunen within 20 s");
            await Task.Delay(200);
        }

        await (await client.GetAsync("/api/kommunen/beispielstadt")).ShouldBe(HttpStatusCode.OK);
    }
}
