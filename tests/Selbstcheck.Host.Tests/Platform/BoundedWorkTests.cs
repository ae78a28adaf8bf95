using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Reports;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Tests.Platform;

/// <summary>Lists paged in the database, calendar feeds bounded, caps per Kommune, PDF browser profiles cleaned up.</summary>
public class BoundedWorkTests
{
    private static string Day(int fromToday) =>
        BerlinTime.Today(DateTimeOffset.UtcNow).AddDays(fromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task ActionItemsArePagedInTheDatabase()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        foreach (var (text, due) in new[] { ("ohne Frist", (string?)null), ("überfällig", Day(-10)), ("bald", Day(5)), ("später", Day(50)), ("auch überfällig", Day(-3)) })
        {
            await (await admin.Post($"/api/kommunen/{kommune}/action-items", new { field = 4, text, owner = "Integrationsbüro", due })).ShouldBe(HttpStatusCode.Created);
        }

        var pages = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var body = await admin.GetJson($"/api/action-items?kommune={kommune}&page={page}&pageSize=2");
            Assert.Equal(5, body.GetProperty("total").GetInt64());
            pages.AddRange(body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()!));
        }

        // Overdue first, then by due, no due last — across pages, each item once.
        Assert.Equal(["überfällig", "auch überfällig", "bald", "später", "ohne Frist"], pages);
        var overdue = await admin.GetJson($"/api/action-items?kommune={kommune}&overdue=true");
        Assert.Equal(["überfällig", "auch überfällig"], overdue.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("text").GetString()));
        Assert.All(overdue.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("overdue").GetBoolean()));
        Assert.Equal(3, (await admin.GetJson($"/api/action-items?kommune={kommune}&overdue=false")).GetProperty("total").GetInt64());
        // The database did the paging: the query that read the items asked for one page only.
        var reads = SqlLog.Instance.CommandsWith(kommune).Where(sql => sql.Contains("mt_doc_actionplanitem", StringComparison.Ordinal) && sql.Contains("select", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(reads);
        Assert.All(reads, sql => Assert.Contains("LIMIT", sql, StringComparison.OrdinalIgnoreCase));
        await (await admin.GetAsync("/api/action-items?pageSize=501")).ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
    }

    [Fact]
    public async Task MilestonesArePagedInTheDatabase()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        foreach (var days in new[] { 30, 10, 20 })
        {
            await (await admin.Post($"/api/kommunen/{kommune}/milestones", new { title = $"In {days} Tagen", kind = "Sonstiges", owner = "Integrationsbüro", dueDate = Day(days) }))
                .ShouldBe(HttpStatusCode.Created);
        }

        var first = await admin.GetJson($"/api/kommunen/{kommune}/milestones?pageSize=2");
        var second = await admin.GetJson($"/api/kommunen/{kommune}/milestones?pageSize=2&page=2");

        Assert.Equal(3, first.GetProperty("total").GetInt64());
        Assert.Equal(["In 10 Tagen", "In 20 Tagen", "In 30 Tagen"],
            first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(m => m.GetProperty("title").GetString()));
        var reads = SqlLog.Instance.CommandsWith(kommune).Where(sql => sql.Contains("mt_doc_milestoneview", StringComparison.Ordinal) && sql.Contains("select", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.NotEmpty(reads);
        Assert.All(reads, sql => Assert.Contains("LIMIT", sql, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task CalendarFeedIsBounded()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var defaults = new CalendarSettings();
        var dues = new Dictionary<string, string>
        {
            ["Längst vorbei"] = Day(-defaults.PastDays - 1),
            ["Vor einem Monat"] = Day(-30),
            ["Nächste Woche"] = Day(7),
            ["In fernster Zukunft"] = Day(defaults.FutureDays + 1),
        };
        foreach (var (title, due) in dues)
        {
            await (await admin.Post($"/api/kommunen/{kommune}/milestones", new { title, kind = "Sonstiges", owner = "Integrationsbüro", dueDate = due }))
                .ShouldBe(HttpStatusCode.Created);
        }

        await (await admin.Post($"/api/kommunen/{kommune}/rounds", new { kind = "full", catalogue = "weltoffene-kommune-2020", actorGroup = "Verwaltung", deadline = Day(10) }))
            .ShouldBe(HttpStatusCode.Created);

        var ics = await admin.GetStringAsync($"/api/kommunen/{kommune}/calendar.ics");

        Assert.Contains("Runde 1 (Verwaltung)", ics); // the round's deadline (iCalendar escapes the comma before it)
        Assert.Contains("Vor einem Monat", ics);
        Assert.Contains("Nächste Woche", ics);
        Assert.DoesNotContain("Längst vorbei", ics);
        Assert.DoesNotContain("In fernster Zukunft", ics);
        Assert.Equal(3, ics.Split("BEGIN:VEVENT").Length - 1);
        // And at most MaxEntries, the nearest to today: with a maximum of one, next week's entry stays.
        var window = CalendarWindow.Around(DateTimeOffset.UtcNow, new CalendarSettings { MaxEntries = 1 });
        var store = (await TestHost.Instance).Services.GetRequiredService<Marten.IDocumentStore>();
        await using var session = store.QuerySession();
        var (milestones, workshops, rounds) = await window.ReadAsync(session, [kommune], CancellationToken.None);
        Assert.Equal(["Nächste Woche"], milestones.Select(m => m.Title));
        Assert.Empty(workshops);
        Assert.Empty(rounds);
    }

    [Fact]
    public async Task MilestoneCapRefusedWith422()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        for (var i = 0; i < HostTestsSetup.MilestoneCap; i++)
        {
            await (await admin.Post($"/api/kommunen/{kommune}/milestones", new { title = $"Meilenstein {i}", kind = "Sonstiges", owner = "Integrationsbüro", dueDate = Day(10) }))
                .ShouldBe(HttpStatusCode.Created);
        }

        var events = await admin.HistoryCount(kommune);
        var refused = await admin.Post($"/api/kommunen/{kommune}/milestones", new { title = "Einer zu viel", kind = "Sonstiges", owner = "Integrationsbüro", dueDate = Day(10) });

        var problem = await refused.ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "obergrenze-meilensteine");
        Assert.Equal("Obergrenze für Meilensteine erreicht", problem.GetProperty("title").GetString());
        Assert.Equal(events, await admin.HistoryCount(kommune));
        // A workshop's date is a programme milestone: refused alike, for every sender.
        await (await admin.Post($"/api/kommunen/{kommune}/workshops", new { startsAt = $"{Day(20)}T10:00", place = "Rathaus" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "obergrenze-meilensteine");
        Assert.Equal(HostTestsSetup.MilestoneCap, (await admin.GetJson($"/api/kommunen/{kommune}/milestones")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task BrowserProfilesAreDeleted()
    {
        Assert.True(File.Exists("/usr/bin/chromium"), "/usr/bin/chromium is missing: ops/test installs Debian's chromium package");
        var root = Directory.CreateTempSubdirectory("selbstcheck-profiles-").FullName;
        try
        {
            // A folder left by a renderer whose process died, and one of a process that still runs (this one's parent shell or similar).
            using var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
            await gone.WaitForExitAsync();
            var orphan = Directory.CreateDirectory(Path.Combine(root, $"{PdfRenderer.ProfilePrefix}{gone.Id}-verwaist")).FullName;
            var alive = Directory.CreateDirectory(Path.Combine(root, $"{PdfRenderer.ProfilePrefix}{Environment.ProcessId}-lebt")).FullName;
            var settings = new SelbstcheckSettings { Pdf = new PdfSettings { ProfileRoot = root } };
            // The orphan's browser still runs (its renderer was killed): a process started with that profile.
            var browser = new ProcessStartInfo("bash") { UseShellExecute = false };
            foreach (var a in new[] { "-c", "sleep 300; true", $"--user-data-dir={orphan}" }) browser.ArgumentList.Add(a);
            using var orphanedBrowser = Process.Start(browser)!;

            var renderer = new PdfRenderer(settings, new ConfigurationBuilder().Build(), TimeProvider.System, NullLogger<PdfRenderer>.Instance);
            Assert.False(Directory.Exists(orphan));
            Assert.True(Directory.Exists(alive));
            Assert.True(orphanedBrowser.WaitForExit(TimeSpan.FromSeconds(10)), "the orphaned browser still runs");

            var pdf = await renderer.RenderAsync("<!doctype html><html lang=\"de\"><body><h1>Probe</h1></body></html>", CancellationToken.None);
            Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
            var profile = renderer.CurrentProfile!;
            Assert.True(Directory.Exists(profile));
            Assert.StartsWith(root, profile);

            await renderer.DisposeAsync();
            Assert.False(Directory.Exists(profile));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
