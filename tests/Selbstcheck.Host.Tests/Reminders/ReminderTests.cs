using System.Globalization;
using System.Net;
using System.Text.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Reminders;
using Selbstcheck.SmtpSink;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Tests.Reminders;

/// <summary>
/// Reminders end to end: HTTP → stream → subscription → Hangfire (real timing, offsets of seconds)
/// → MailKit → a real SMTP server on loopback. The server's outage has a class of its own
/// (<see cref="SmtpOutageTests"/>): it runs alone.
/// </summary>
public class ReminderTests
{
    /// <summary>Upper bound from the due instant to the message at the SMTP server (Hangfire polls every second).</summary>
    private static readonly TimeSpan T = TimeSpan.FromSeconds(10);

    private static string BerlinLocal(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, BerlinTime.Zone).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    internal static async Task<(HttpClient Admin, string Kommune)> KommuneWithOffices(string ownerEmail = "sozialamt@example.org")
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        await (await admin.Put($"/api/kommunen/{kommune}/units", new { name = "Integrationsbüro", email = "integration@example.org" })).ShouldBe(HttpStatusCode.Created);
        await (await admin.Put($"/api/kommunen/{kommune}/lead-office", new { unit = "Integrationsbüro" })).ShouldBe(HttpStatusCode.OK);
        await (await admin.Put($"/api/kommunen/{kommune}/units", new { name = "Sozialamt", email = ownerEmail })).ShouldBe(HttpStatusCode.Created);
        return (admin, kommune);
    }

    internal static async Task<Guid> Plan(HttpClient admin, string kommune, object body)
    {
        var response = await admin.Post($"/api/kommunen/{kommune}/milestones", body);
        await response.ShouldBe(HttpStatusCode.Created);
        return (await response.ReadJson()).GetProperty("milestoneId").GetGuid();
    }

    internal static IReadOnlyList<ReceivedMessage> MailFor(Guid milestone) =>
        TestHost.Mail.Messages.Where(m => m.Header(ReminderMail.ReminderHeader)?.Contains(milestone.ToString()) == true).ToList();

    internal static async Task<List<string>> EventTypes(HttpClient admin, string kommune) =>
        (await admin.GetJson($"/api/kommunen/{kommune}/history?pageSize=200")).GetProperty("items").EnumerateArray()
        .Select(e => e.GetProperty("type").GetString()!).ToList();

    [Fact]
    public async Task a_timed_milestone_due_in_thirty_seconds_sends_exactly_one_email_not_before_its_due_instant()
    {
        var (admin, kommune) = await KommuneWithOffices();
        var due = DateTimeOffset.UtcNow.AddSeconds(30);
        var id = await Plan(admin, kommune, new { title = "Dialogveranstaltung im Stadtteilzentrum", kind = "Dialogveranstaltung", owner = "Sozialamt", dueAt = BerlinLocal(due) });
        var dueInstant = BerlinTime.ToInstant(DateTime.Parse(BerlinLocal(due), CultureInfo.InvariantCulture)); // whole seconds

        var milestone = await admin.GetJson($"/api/kommunen/{kommune}/milestones/{id}");
        Assert.Equal(["p1-d0", "p1-eskalation"], milestone.GetProperty("reminders").EnumerateArray().Select(r => r.GetProperty("key").GetString()));

        var message = await TestHost.Mail.WaitForMessageAsync(m => m.Header(ReminderMail.ReminderHeader)?.Contains(id.ToString()) == true, TimeSpan.FromSeconds(60));
        Assert.True(message.ReceivedAt >= dueInstant, $"received {message.ReceivedAt:O}, before the due instant {dueInstant:O}");
        if (message.ReceivedAt > dueInstant + T)
        {
            // Late: say why (a failed first attempt shows in the reminder's attempts, else the job ran late).
            Assert.Fail($"received {message.ReceivedAt:O}, later than {T} after {dueInstant:O}; the milestone then: {await admin.GetJson($"/api/kommunen/{kommune}/milestones/{id}")}");
        }

        Assert.Equal(["sozialamt@example.org"], message.Recipients);
        Assert.Equal($"<erinnerung.{kommune}.{id:N}.p1-d0@{ReminderMail.Domain}>", message.Header("Message-ID"));
        Assert.StartsWith("=?utf-8?", message.Header("Subject")); // "Fällig: „Dialogveranstaltung …“", encoded
        Assert.Contains("text/calendar", message.Data);
        Assert.Contains("auto-generated", message.Header("Auto-Submitted"));

        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(MailFor(id));
        await Eventually(async () => (await EventTypes(admin, kommune)).Contains("reminder_sent"), TimeSpan.FromSeconds(10));
        var sent = (await admin.GetJson($"/api/kommunen/{kommune}/milestones/{id}")).GetProperty("reminders").EnumerateArray().First();
        Assert.Equal(("gesendet", "stelle:Sozialamt"), (sent.GetProperty("status").GetString(), sent.GetProperty("recipient").GetString()));
        Assert.Contains("reminder_sent", await EventTypes(admin, kommune));
    }

    [Fact]
    public async Task when_every_reminder_is_past_one_overdue_notice_goes_at_once_to_the_lead_office_if_the_owner_has_no_address()
    {
        var (admin, kommune) = await KommuneWithOffices();
        await (await admin.Put($"/api/kommunen/{kommune}/units", new { name = "Bauamt" })).ShouldBe(HttpStatusCode.Created);
        var yesterday = BerlinTime.Today(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var id = await Plan(admin, kommune, new { title = "Bauanträge mehrsprachig", kind = "Sonstiges", owner = "Bauamt", dueDate = yesterday });

        var message = await TestHost.Mail.WaitForMessageAsync(m => m.Header(ReminderMail.ReminderHeader)?.Contains(id.ToString()) == true, TimeSpan.FromSeconds(30));
        Assert.Equal(["integration@example.org"], message.Recipients);
        Assert.Contains($"{id:N}.p1-sofort@", message.Header("Message-ID"));
        var reminders = (await admin.GetJson($"/api/kommunen/{kommune}/milestones/{id}")).GetProperty("reminders").EnumerateArray().ToList();
        Assert.Equal(["ueberfaellig", "eskalation"], reminders.Select(r => r.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task completing_or_rescheduling_stops_the_waiting_reminders()
    {
        var (admin, kommune) = await KommuneWithOffices();
        var soon = BerlinLocal(DateTimeOffset.UtcNow.AddSeconds(6));
        var completed = await Plan(admin, kommune, new { title = "Erledigt vor der Zeit", kind = "Sonstiges", owner = "Sozialamt", dueAt = soon });
        var moved = await Plan(admin, kommune, new { title = "Verschoben", kind = "Workshop", owner = "Sozialamt", dueAt = soon });

        await (await admin.Post($"/api/kommunen/{kommune}/milestones/{completed}/complete", new { })).ShouldBe(HttpStatusCode.OK);
        await (await admin.Put($"/api/kommunen/{kommune}/milestones/{moved}/due", new { dueDate = "2031-03-03", reason = "Raum belegt" })).ShouldBe(HttpStatusCode.OK);
        // The waiting Hangfire jobs of the completed milestone and of the old plan are deleted.
        var store = (await TestHost.Instance).Services.GetRequiredService<IDocumentStore>();
        await Eventually(async () =>
        {
            await using var session = store.QuerySession();
            var records = await session.Query<ReminderJobRecord>().Where(x => x.MilestoneId == completed || x.MilestoneId == moved).ToListAsync();
            return records.Count == 4 && records.All(r => r.MilestoneId == moved && r.Id.Contains("/p2-"));
        }, TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(12));

        Assert.Empty(MailFor(completed));
        Assert.Empty(MailFor(moved));
        Assert.All((await admin.GetJson($"/api/kommunen/{kommune}/milestones/{completed}")).GetProperty("reminders").EnumerateArray(),
            r => Assert.Equal("entfallen", r.GetProperty("status").GetString()));
        var replanned = (await admin.GetJson($"/api/kommunen/{kommune}/milestones/{moved}")).GetProperty("reminders").EnumerateArray();
        Assert.Equal(["p2-d14", "p2-d3", "p2-d0", "p2-eskalation"], replanned.Select(r => r.GetProperty("key").GetString()));
    }

    [Fact]
    public async Task a_reminder_run_ten_times_at_once_sends_one_message()
    {
        var (admin, kommune) = await KommuneWithOffices();
        var id = await Plan(admin, kommune, new { title = "Fragebogen an die Migrantenorganisationen", kind = "Befragung", owner = "Sozialamt", dueAt = BerlinLocal(DateTimeOffset.UtcNow.AddDays(1)) });
        var host = await TestHost.Instance;

        var runs = Enumerable.Range(0, 10).Select(async _ =>
        {
            await using var scope = host.Services.CreateAsyncScope();
            try
            {
                await scope.ServiceProvider.GetRequiredService<ReminderJob>().Run(kommune, id, "p1-d0", CancellationToken.None);
                return "fertig";
            }
            catch (ReminderNotDeliveredException)
            {
                return "belegt";
            }
        });
        var outcomes = await Task.WhenAll(runs);

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(MailFor(id));
        Assert.Contains("fertig", outcomes); // the others found the claim held (and retry) or the reminder already sent
        Assert.Single(await EventTypes(admin, kommune), t => t == "reminder_sent");
        // The job's events carry who and in which conversation, like every request's (#12).
        var sent = Assert.Single(await Kommunen.AuditTrailTests.StoredAsync(kommune), e => e.Type == "reminder_sent");
        Assert.Equal(("erinnerungen", "system"), (sent.User, sent.Header(Selbstcheck.Workflow.Common.EventHeaders.ActorRole)));
        Assert.False(string.IsNullOrEmpty(sent.Correlation) || string.IsNullOrEmpty(sent.Causation), sent.ToString());
    }

    [Fact]
    public async Task the_reminder_policy_is_the_kommunes_own_and_replans_open_milestones()
    {
        var (admin, kommune) = await KommuneWithOffices();
        var id = await Plan(admin, kommune, new { title = "Workshop mit den Dezernenten", kind = "Workshop", owner = "Sozialamt", dueDate = "2031-11-12" });
        var version = (await admin.GetJson($"/api/kommunen/{kommune}")).GetProperty("version").GetInt64();

        var bad = await (await admin.Put($"/api/kommunen/{kommune}/reminder-policy", new { offsetsDays = new[] { 3, 3 }, sendTime = "acht", escalationDays = -1 }))
            .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
        Assert.Equal(3, bad.GetProperty("errors").EnumerateObject().Count());
        await (await admin.Put($"/api/kommunen/{kommune}/reminder-policy", new { offsetsDays = new[] { 7 }, sendTime = "09:30", escalationDays = 14, expectedVersion = version + 5 }))
            .ShouldBeProblem(HttpStatusCode.Conflict, "veraltete-version");
        var set = await admin.Put($"/api/kommunen/{kommune}/reminder-policy", new { offsetsDays = new[] { 0, 7 }, sendTime = "09:30", escalationDays = 14, expectedVersion = version });
        await set.ShouldBe(HttpStatusCode.OK);
        Assert.Equal(version + 1, (await set.ReadJson()).GetProperty("version").GetInt64());

        var k = await admin.GetJson($"/api/kommunen/{kommune}");
        Assert.Equal("[7,0]", k.GetProperty("reminderPolicy").GetProperty("offsetsDays").GetRawText());
        var reminders = (await admin.GetJson($"/api/kommunen/{kommune}/milestones/{id}")).GetProperty("reminders").EnumerateArray().ToList();
        Assert.Equal(["p2-d7", "p2-d0", "p2-eskalation"], reminders.Select(r => r.GetProperty("key").GetString()));
        Assert.Equal(new DateTimeOffset(2031, 11, 5, 9, 30, 0, TimeSpan.FromHours(1)), reminders[0].GetProperty("fireAt").GetDateTimeOffset());
    }

    /// <summary>#13, point 7: the reminder mail (the real one, through the SMTP server) leads to its milestone's page.</summary>
    [Fact]
    public async Task a_reminder_mail_links_to_the_milestones_page_under_the_public_address()
    {
        var (admin, kommune) = await KommuneWithOffices();
        var yesterday = BerlinTime.Today(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var id = await Plan(admin, kommune, new { title = "Leitbild in den Stadtrat", kind = "Sonstiges", owner = "Sozialamt", dueDate = yesterday });

        var received = await TestHost.Mail.WaitForMessageAsync(m => m.Header(ReminderMail.ReminderHeader)?.Contains(id.ToString()) == true, TimeSpan.FromSeconds(30));
        var message = await MimeKit.MimeMessage.LoadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(received.Data)));
        var publicUrl = (await TestHost.Instance).Services.GetRequiredService<Selbstcheck.Host.Infrastructure.SelbstcheckSettings>().PublicUrl.TrimEnd('/');
        var link = $"{publicUrl}/kommunen/{kommune}/meilensteine/{id}";
        Assert.Contains(link, message.TextBody!.Split('\n').Select(l => l.Trim()));
    }

    [Fact]
    public void the_escalation_mail_links_to_the_milestones_page_too()
    {
        var milestone = Guid.NewGuid();
        var delivery = new Selbstcheck.Workflow.Reminders.ReminderDelivery("k-eskalation", milestone, "p1-eskalation", Selbstcheck.Workflow.Journey.ReminderKinds.Eskalation, -7, 1, [], null);
        var view = new Selbstcheck.Projections.Milestones.MilestoneView
        {
            Id = milestone, KommuneId = "k-eskalation", Title = "Dialogveranstaltung", Kind = "Dialogveranstaltung", Owner = "Sozialamt", DueDate = "2031-03-03", DueDay = "2031-03-03",
        };
        var from = new MimeKit.MailboxAddress("Selbstcheck", "selbstcheck@example.org");
        var message = ReminderMail.Compose(delivery, view, "Musterstadt", from, [new MimeKit.MailboxAddress("PB", "pb@example.org")], [], DateTimeOffset.UtcNow, "https://selbstcheck.example.org/");
        Assert.StartsWith("Eskalation:", message.Subject);
        Assert.Contains($"https://selbstcheck.example.org/kommunen/k-eskalation/meilensteine/{milestone}", message.TextBody);
    }

    internal static async Task Eventually(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) throw new TimeoutException("condition not met in time");
            await Task.Delay(200);
        }
    }
}
