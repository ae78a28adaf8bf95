using System.Globalization;
using Selbstcheck.Host.Reminders;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Tests.Reminders;

/// <summary>
/// The test SMTP server is shared by every test class: while it is down no other class may send mail (a reminder
/// of another test would fail as this one's does), so the outage runs in a collection of its own, alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SmtpOutageCollection
{
    public const string Name = "smtp-outage";
}

/// <summary>Reminders while the SMTP server is down: no API call fails, the reminder arrives once it is back.</summary>
[Collection(SmtpOutageCollection.Name)]
public class SmtpOutageTests
{
    [Fact]
    public async Task an_smtp_server_that_is_down_fails_no_api_call_and_the_reminder_arrives_once_it_is_back()
    {
        var (admin, kommune) = await ReminderTests.KommuneWithOffices();
        var yesterday = BerlinTime.Today(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        TestHost.Mail.Down = true;
        Guid id;
        try
        {
            id = await ReminderTests.Plan(admin, kommune, new { title = "Dokumentation versenden", kind = "Dokumentation", owner = "Sozialamt", dueDate = yesterday });
            await ReminderTests.Eventually(async () => (await ReminderTests.EventTypes(admin, kommune)).Contains("reminder_delivery_failed"), TimeSpan.FromSeconds(30));
            Assert.Empty(ReminderTests.MailFor(id));
        }
        finally
        {
            TestHost.Mail.Down = false;
        }

        // Hangfire retries after 10 s (the first backoff step).
        var message = await TestHost.Mail.WaitForMessageAsync(m => m.Header(ReminderMail.ReminderHeader)?.Contains(id.ToString()) == true, TimeSpan.FromSeconds(60));
        Assert.Equal(["sozialamt@example.org"], message.Recipients);
        await ReminderTests.Eventually(async () => (await ReminderTests.EventTypes(admin, kommune)).Contains("reminder_sent"), TimeSpan.FromSeconds(10));
        var history = (await admin.GetJson($"/api/kommunen/{kommune}/history?pageSize=200")).GetProperty("items").EnumerateArray().ToList();
        var failed = history.First(e => e.GetProperty("type").GetString() == "reminder_delivery_failed").GetProperty("payload");
        Assert.Equal(1, failed.GetProperty("attempt").GetInt32());
        Assert.DoesNotContain("@", failed.GetProperty("error").GetString());
        var sent = history.Single(e => e.GetProperty("type").GetString() == "reminder_sent").GetProperty("payload");
        Assert.True(sent.GetProperty("attempt").GetInt32() >= 2);
        Assert.Single(ReminderTests.MailFor(id));
    }
}
