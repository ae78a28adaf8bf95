using Selbstcheck.Workflow.Common;
using System.Net;
using Selbstcheck.Host.Access;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Milestones;

public class MilestoneTests
{
    [Fact]
    public async Task a_vereinbarung_becomes_a_milestone_that_the_lead_office_reschedules_and_completes()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        await (await admin.Put($"/api/kommunen/{kommune}/lead-office", new { unit = "Integrationsbüro" })).ShouldBe(HttpStatusCode.OK);
        var workshop = (await (await admin.Post($"/api/kommunen/{kommune}/workshops", new { startsAt = "2020-07-01T13:00", place = "Rathaus" })).ReadJson()).GetProperty("id").GetGuid();
        var agreement = Guid.NewGuid();
        await (await admin.Put($"/api/kommunen/{kommune}/workshops/{workshop}/agreements", new
        {
            agreements = new[] { new { agreementId = agreement, title = "Dialogveranstaltung mit Einwohnerinnen und Einwohnern", kind = "Dialogveranstaltung", plannedDate = "2020-10-08", status = "geplant" } },
        })).ShouldBe(HttpStatusCode.OK);
        var office = await TestHost.ClientAs(Roles.Kommune, kommune);

        var planned = await office.Post($"/api/kommunen/{kommune}/workshops/{workshop}/agreements/{agreement}/milestone", new { });
        await planned.ShouldBe(HttpStatusCode.Created);
        var id = (await planned.ReadJson()).GetProperty("milestoneId").GetGuid();
        await (await office.Post($"/api/kommunen/{kommune}/workshops/{workshop}/agreements/{agreement}/milestone", new { }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "meilenstein-existiert");

        var list = await office.GetJson($"/api/kommunen/{kommune}/milestones");
        // Besides the workshop's own programme milestone.
        Assert.Single(list.GetProperty("items").EnumerateArray(), x => x.GetProperty("source").GetString() == "workshop");
        var m = Assert.Single(list.GetProperty("items").EnumerateArray(), x => x.GetProperty("source").ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.Equal(("2020-10-08", "Integrationsbüro", true), (m.GetProperty("dueDate").GetString(), m.GetProperty("owner").GetString(), m.GetProperty("overdue").GetBoolean()));

        await (await office.Put($"/api/kommunen/{kommune}/milestones/{id}/due", new { dueAt = "2020-10-08T25:00", reason = "x" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        await (await office.Put($"/api/kommunen/{kommune}/milestones/{id}/due", new { dueAt = "2031-10-08T18:00", reason = "Saal belegt", expectedVersion = 1 })).ShouldBe(HttpStatusCode.OK);
        await (await office.Put($"/api/kommunen/{kommune}/milestones/{id}/due", new { dueDate = "2031-10-09", reason = "noch einmal", expectedVersion = 1 }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");
        await (await office.Post($"/api/kommunen/{kommune}/milestones/{id}/complete", new { })).ShouldBe(HttpStatusCode.OK);
        await (await office.Post($"/api/kommunen/{kommune}/milestones/{id}/complete", new { })).ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "meilenstein-erledigt");
        await (await office.Put($"/api/kommunen/{kommune}/milestones/{id}/due", new { dueDate = "2031-10-09", reason = "zu spät" }))
            .ShouldBeProblem(HttpStatusCode.UnprocessableEntity, "meilenstein-erledigt");

        var done = Assert.Single((await office.GetJson($"/api/kommunen/{kommune}/milestones")).GetProperty("items").EnumerateArray(),
            x => x.GetProperty("source").ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.Equal(("erledigt", "2031-10-08T18:00", false, 3L),
            (done.GetProperty("status").GetString(), done.GetProperty("dueAt").GetString(), done.GetProperty("overdue").GetBoolean(), done.GetProperty("version").GetInt64()));
    }

    [Fact]
    public async Task dates_that_are_not_dates_are_400_and_nothing_is_stored()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();

        var problem = await (await admin.Post($"/api/kommunen/{kommune}/milestones", new { title = "Befragung", kind = "Befragung", owner = "Integrationsbüro", dueDate = "2020-02-30" }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");

        Assert.True(problem.GetProperty("errors").TryGetProperty("dueDate", out _));
        Assert.Equal(1, await admin.HistoryCount(kommune));
    }
}

public class CalendarTests
{
    [Fact]
    public async Task a_calendar_link_opens_the_kommunes_feed_with_stable_uids_all_day_and_timed_entries()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var allDay = (await (await admin.Post($"/api/kommunen/{kommune}/milestones",
            new { title = "Dialogveranstaltung", kind = "Dialogveranstaltung", owner = "Integrationsbüro", dueDate = "2030-10-08" })).ReadJson()).GetProperty("milestoneId").GetGuid();
        var timed = (await (await admin.Post($"/api/kommunen/{kommune}/milestones",
            new { title = "Workshop mit den Dezernenten", kind = "Workshop", owner = "Integrationsbüro", dueAt = "2030-11-12T10:00" })).ReadJson()).GetProperty("milestoneId").GetGuid();
        var key = (await (await admin.Post($"/api/kommunen/{kommune}/links", new { purpose = "kalender" })).ReadJson()).GetProperty("key").GetString();
        var app = await TestHost.AnonymousClient();

        var before = await app.GetStringAsync($"/api/kommunen/{kommune}/calendar.ics?key={key}");
        await (await admin.Put($"/api/kommunen/{kommune}/milestones/{timed}/due", new { dueAt = "2030-11-19T10:00", reason = "Sitzung verlegt" })).ShouldBe(HttpStatusCode.OK);
        await (await admin.Post($"/api/kommunen/{kommune}/milestones/{allDay}/cancel", new { reason = "entfällt" })).ShouldBe(HttpStatusCode.OK);
        var after = await app.GetStringAsync($"/api/kommunen/{kommune}/calendar.ics?key={key}");

        Assert.Contains("DTSTART;VALUE=DATE:20301008", before);
        Assert.Contains("DTSTART;TZID=Europe/Berlin:20301112T100000", before);
        Assert.Contains($"UID:meilenstein-{timed}@", after);
        Assert.Contains("DTSTART;TZID=Europe/Berlin:20301119T100000", after);
        Assert.DoesNotContain("20301112T100000", after);
        Assert.Equal(2, after.Split("BEGIN:VEVENT").Length - 1);
        Assert.Contains("STATUS:CANCELLED", after);
        await (await app.GetAsync($"/api/kommunen/{kommune}/calendar.ics")).ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
        await (await app.GetAsync($"/api/kommunen/{await admin.RegisterKommune()}/calendar.ics?key={key}")).ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
    }
}

public class FacilitatorBoardTests
{
    [Fact]
    public async Task the_board_shows_each_assigned_kommune_with_phase_next_milestone_overdue_and_open_items()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var person = await admin.RegisterPerson();
        await (await admin.Put($"/api/kommunen/{kommune}/facilitator", new { personId = person })).ShouldBe(HttpStatusCode.OK);
        await (await admin.Post($"/api/kommunen/{kommune}/milestones", new { title = "Dokumentation", kind = "Dokumentation", owner = "Integrationsbüro", dueDate = "2020-07-31" })).ShouldBe(HttpStatusCode.Created);
        await (await admin.Post($"/api/kommunen/{kommune}/milestones", new { title = "Dialogveranstaltung", kind = "Dialogveranstaltung", owner = "Integrationsbüro", dueAt = "2040-10-08T18:00" })).ShouldBe(HttpStatusCode.Created);
        await (await admin.Post($"/api/kommunen/{kommune}/action-items", new { field = 5, text = "Kümmerer etablieren", owner = "Integrationsbüro" })).ShouldBe(HttpStatusCode.Created);
        await admin.OpenRound(kommune);
        var pb = await TestHost.ClientAs(Roles.Prozessbegleitung, person.ToString());

        var line = await Eventually(async () =>
        {
            var board = await pb.GetJson($"/api/facilitators/{person}/board");
            return board.GetProperty("kommunen").EnumerateArray().FirstOrDefault(k => k.GetProperty("kommuneId").GetString() == kommune
                && k.GetProperty("phase").GetString() == "Fragebogen");
        });

        Assert.Equal("Dialogveranstaltung", line.GetProperty("nextMilestone").GetProperty("title").GetString());
        Assert.Equal(1, line.GetProperty("overdueMilestones").GetInt32());
        Assert.Equal(1, line.GetProperty("openActionItems").GetInt32());
        await (await pb.GetAsync($"/api/facilitators/{Guid.NewGuid()}/board")).ShouldBeProblem(HttpStatusCode.Forbidden, "keine-berechtigung");
    }

    /// <summary>The board is an asynchronous projection: wait (bounded) until the daemon has caught up.</summary>
    private static async Task<System.Text.Json.JsonElement> Eventually(Func<Task<System.Text.Json.JsonElement>> probe)
    {
        for (var i = 0; i < 100; i++)
        {
            var value = await probe();
            if (value.ValueKind != System.Text.Json.JsonValueKind.Undefined) return value;
            await Task.Delay(200);
        }

        Assert.Fail("the facilitator board did not catch up within 20 s");
        return default;
    }
}

public class FacilitatorCalendarTests
{
    [Fact]
    public async Task a_facilitators_calendar_link_shows_the_milestones_of_every_assigned_kommune()
    {
        var admin = await TestHost.Client();
        var person = await admin.RegisterPerson();
        var first = await admin.RegisterKommune();
        var second = await admin.RegisterKommune();
        var other = await admin.RegisterKommune();
        foreach (var k in new[] { first, second }) await (await admin.Put($"/api/kommunen/{k}/facilitator", new { personId = person })).ShouldBe(HttpStatusCode.OK);
        foreach (var (k, title) in new[] { (first, "Dialogveranstaltung Nord"), (second, "Dokumentation Süd"), (other, "Fremder Termin") })
        {
            await (await admin.Post($"/api/kommunen/{k}/milestones", new { title, kind = "Sonstiges", owner = "Integrationsbüro", dueDate = "2031-05-05" })).ShouldBe(HttpStatusCode.Created);
        }

        var pb = await TestHost.ClientAs(Roles.Prozessbegleitung, person.ToString());
        var issued = await (await pb.Post($"/api/facilitators/{person}/links", new { validDays = 30 })).ReadJson();
        var app = await TestHost.AnonymousClient();

        var ics = await app.GetStringAsync($"/api/facilitators/{person}/calendar.ics?key={issued.GetProperty("key").GetString()}");

        Assert.Contains("Dialogveranstaltung Nord", ics);
        Assert.Contains("Dokumentation Süd", ics);
        Assert.DoesNotContain("Fremder Termin", ics);
        await (await pb.DeleteAsync($"/api/facilitators/{person}/links/{issued.GetProperty("id").GetGuid()}")).ShouldBe(HttpStatusCode.OK);
        await (await app.GetAsync($"/api/facilitators/{person}/calendar.ics?key={issued.GetProperty("key").GetString()}"))
            .ShouldBeProblem(HttpStatusCode.Unauthorized, "nicht-angemeldet");
    }
}
