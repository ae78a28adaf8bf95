using System.Globalization;
using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Reminders;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Tests.Reminders;

/// <summary>
/// #14 reminders for every agreed next step: an action item with a due date is followed by a milestone of its
/// owner unit, so its reminders go through the milestones' one path (subscription → Hangfire → MailKit → the
/// SMTP server on loopback); completing the item stops them.
/// </summary>
public class ActionItemReminderTests
{
    private static string Day(int fromToday) =>
        BerlinTime.Today(DateTimeOffset.UtcNow).AddDays(fromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<(HttpClient Admin, string Kommune)> KommuneWithOffices()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        await (await admin.Put($"/api/kommunen/{kommune}/units", new { name = "Integrationsbüro", email = "integration@example.org" })).ShouldBe(HttpStatusCode.Created);
        await (await admin.Put($"/api/kommunen/{kommune}/lead-office", new { unit = "Integrationsbüro" })).ShouldBe(HttpStatusCode.OK);
        await (await admin.Put($"/api/kommunen/{kommune}/units", new { name = "Sozialamt", email = "sozialamt-aktionsplan@example.org" })).ShouldBe(HttpStatusCode.Created);
        return (admin, kommune);
    }

    private static async Task<Guid> AddItem(HttpClient admin, string kommune, string text, string due)
    {
        var response = await admin.Post($"/api/kommunen/{kommune}/action-items", new { field = 5, text, owner = "Sozialamt", due });
        await response.ShouldBe(HttpStatusCode.Created);
        return (await response.ReadJson()).GetProperty("actionItemId").GetGuid();
    }

    private static async Task<JsonElement> FollowUpOf(HttpClient admin, string kommune, Guid item) =>
        (await admin.GetJson($"/api/kommunen/{kommune}/milestones?pageSize=100")).GetProperty("items").EnumerateArray()
        .Single(m => m.GetProperty("actionItems").EnumerateArray().Any(a => a.GetGuid() == item));

    [Fact]
    public async Task an_overdue_action_item_shows_its_milestone_and_its_owner_unit_gets_a_real_reminder_mail_until_it_is_done()
    {
        var (admin, kommune) = await KommuneWithOffices();

        var item = await AddItem(admin, kommune, "Kümmerer in den Stadtteilen etablieren", Day(-1));

        var followUp = await FollowUpOf(admin, kommune, item);
        var milestone = followUp.GetProperty("id").GetGuid();
        Assert.Equal(("handlungsbedarf", "Sozialamt", Day(-1), "Kümmerer in den Stadtteilen etablieren", "offen"),
            (followUp.GetProperty("source").GetString(), followUp.GetProperty("owner").GetString(), followUp.GetProperty("dueDate").GetString(),
                followUp.GetProperty("title").GetString(), followUp.GetProperty("status").GetString()));
        Assert.Equal(["ueberfaellig", "eskalation"], followUp.GetProperty("reminders").EnumerateArray().Select(r => r.GetProperty("kind").GetString()));

        // The milestones' own delivery path: the reminder mail reaches the owner unit's address.
        var message = await TestHost.Mail.WaitForMessageAsync(m => m.Header(ReminderMail.ReminderHeader)?.Contains(milestone.ToString()) == true, TimeSpan.FromSeconds(30));
        Assert.Equal(["sozialamt-aktionsplan@example.org"], message.Recipients);
        Assert.Contains($"{milestone:N}.p1-sofort@", message.Header("Message-ID"));
        Assert.Contains("text/calendar", message.Data);

        await (await admin.Post($"/api/kommunen/{kommune}/action-items/{item}/status", new { status = "erledigt" })).ShouldBe(HttpStatusCode.OK);

        var done = await admin.GetJson($"/api/kommunen/{kommune}/milestones/{milestone}");
        Assert.Equal("erledigt", done.GetProperty("status").GetString());
        var escalation = done.GetProperty("reminders").EnumerateArray().Single(r => r.GetProperty("kind").GetString() == "eskalation");
        Assert.Equal("entfallen", escalation.GetProperty("status").GetString());
    }

    [Fact]
    public async Task completing_an_action_item_deletes_its_waiting_reminder_jobs()
    {
        var (admin, kommune) = await KommuneWithOffices();
        var item = await AddItem(admin, kommune, "Leitbild beschließen", Day(30));
        var milestone = (await FollowUpOf(admin, kommune, item)).GetProperty("id").GetGuid();
        var store = (await TestHost.Instance).Services.GetRequiredService<IDocumentStore>();
        async Task<int> Jobs()
        {
            await using var session = store.QuerySession();
            return await session.Query<ReminderJobRecord>().CountAsync(x => x.MilestoneId == milestone);
        }

        await Eventually(async () => await Jobs() == 4, TimeSpan.FromSeconds(10));

        await (await admin.Post($"/api/kommunen/{kommune}/action-items/{item}/status", new { status = "erledigt" })).ShouldBe(HttpStatusCode.OK);

        await Eventually(async () => await Jobs() == 0, TimeSpan.FromSeconds(10));
        Assert.All((await admin.GetJson($"/api/kommunen/{kommune}/milestones/{milestone}")).GetProperty("reminders").EnumerateArray(),
            r => Assert.Equal("entfallen", r.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task a_new_due_date_moves_the_milestone_and_the_calendar_lists_it()
    {
        var (admin, kommune) = await KommuneWithOffices();
        var item = await AddItem(admin, kommune, "Sprachmittlerpool aufbauen", Day(30));
        var milestone = (await FollowUpOf(admin, kommune, item)).GetProperty("id").GetGuid();

        await (await admin.Put($"/api/kommunen/{kommune}/action-items/{item}", new { owner = "Sozialamt", due = Day(40), reason = "Haushalt" })).ShouldBe(HttpStatusCode.OK);

        var moved = await admin.GetJson($"/api/kommunen/{kommune}/milestones/{milestone}");
        Assert.Equal(Day(40), moved.GetProperty("dueDate").GetString());
        Assert.All(moved.GetProperty("reminders").EnumerateArray(), r => Assert.StartsWith("p2-", r.GetProperty("key").GetString()));
        var calendar = await (await admin.GetAsync($"/api/kommunen/{kommune}/calendar.ics")).Content.ReadAsStringAsync();
        Assert.Contains($"meilenstein-{milestone}@", calendar);
    }

    private static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("condition not met in time");
            await Task.Delay(200);
        }
    }
}
