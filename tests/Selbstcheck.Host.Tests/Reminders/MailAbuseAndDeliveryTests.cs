using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Reminders;
using Selbstcheck.SmtpSink;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Reminders;

namespace Selbstcheck.Host.Tests.Reminders;

/// <summary>
/// No mail abuse (owner persons of the Kommune only, unit addresses confirmed by their holders, a
/// daily cap per Kommune) and delivery without gaps (one deadline below the claim, reminders that
/// run out of attempts become an event, unusable addresses are recorded failures) — through HTTP,
/// Hangfire's job and a real SMTP server on loopback. The Host.Tests host runs with a claim lease of
/// 10 s, a send deadline of 6 s and a cap of 3 mails per Kommune and day (HostTestsSetup).
/// </summary>
public class MailAbuseAndDeliveryTests
{
    private static async Task<(HttpClient Admin, string Kommune)> KommuneWithLeadOffice()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        await (await admin.Put($"/api/kommunen/{kommune}/units", new { name = "Integrationsbüro", email = $"integration@{kommune}.example.org" })).ShouldBe(HttpStatusCode.Created);
        await (await admin.Put($"/api/kommunen/{kommune}/lead-office", new { unit = "Integrationsbüro" })).ShouldBe(HttpStatusCode.OK);
        return (admin, kommune);
    }

    private static async Task<Guid> Plan(HttpClient client, string kommune, object body)
    {
        var response = await client.Post($"/api/kommunen/{kommune}/milestones", body);
        await response.ShouldBe(HttpStatusCode.Created);
        return (await response.ReadJson()).GetProperty("milestoneId").GetGuid();
    }

    private static string Yesterday => BerlinTime.Today(DateTimeOffset.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string InADay => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(1), BerlinTime.Zone).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    private static IReadOnlyList<ReceivedMessage> MailFor(Guid milestone) =>
        TestHost.Mail.Messages.Where(m => m.Header(ReminderMail.ReminderHeader)?.Contains(milestone.ToString()) == true).ToList();

    private static async Task<List<JsonElement>> History(HttpClient admin, string kommune) =>
        (await admin.GetJson($"/api/kommunen/{kommune}/history?pageSize=500")).GetProperty("items").EnumerateArray().ToList();

    private static async Task<string> RunJob(string kommune, Guid milestone, string key)
    {
        await using var scope = (await TestHost.Instance).Services.CreateAsyncScope();
        try
        {
            await scope.ServiceProvider.GetRequiredService<ReminderJob>().Run(kommune, milestone, key, CancellationToken.None);
            return "fertig";
        }
        catch (ReminderNotDeliveredException)
        {
            return "nicht zugestellt";
        }
    }

    // ---- 6: owner persons, unit addresses, the daily cap ------------------------------------------

    [Fact]
    public async Task OwnerFromAnotherKommuneIsRefused()
    {
        var (admin, kommune) = await KommuneWithLeadOffice();
        var other = await admin.RegisterKommune();
        var ours = await admin.RegisterPerson("Prozessbegleitung dieser Kommune");
        var theirs = await admin.RegisterPerson("Prozessbegleitung einer anderen Kommune");
        await (await admin.Put($"/api/kommunen/{kommune}/facilitator", new { personId = ours })).ShouldBe(HttpStatusCode.OK);
        await (await admin.Put($"/api/kommunen/{other}/facilitator", new { personId = theirs })).ShouldBe(HttpStatusCode.OK);
        var lead = await TestHost.ClientAs(Roles.Kommune, kommune);
        var before = await admin.HistoryCount(kommune);

        foreach (var person in new[] { theirs, Guid.NewGuid() })
        {
            var refused = await (await lead.Post($"/api/kommunen/{kommune}/milestones",
                new { title = "Rundmail", kind = "Sonstiges", owner = "Integrationsbüro", ownerPersonId = person, dueDate = Yesterday }))
                .ShouldBeProblem(HttpStatusCode.BadRequest, "ungueltige-eingabe");
            Assert.True(refused.GetProperty("errors").TryGetProperty("ownerPersonId", out _));
        }

        Assert.Equal(before, await admin.HistoryCount(kommune));
        await Plan(lead, kommune, new { title = "Dialog", kind = "Dialogveranstaltung", owner = "Integrationsbüro", ownerPersonId = ours, dueDate = "2040-10-08" });
    }

    [Fact]
    public async Task UnconfirmedUnitAddressGetsNoMailUntilConfirmed()
    {
        var (admin, kommune) = await KommuneWithLeadOffice();
        var lead = await TestHost.ClientAs(Roles.Kommune, kommune);
        var address = $"sozialamt@{kommune}.example.org";
        var set = await lead.Put($"/api/kommunen/{kommune}/units", new { name = "Sozialamt", email = address });
        await set.ShouldBe(HttpStatusCode.Created);
        Assert.False((await set.ReadJson()).GetProperty("emailConfirmed").GetBoolean());

        // The first reminder goes to the lead office; the unit's address gets only the confirmation link.
        var first = await Plan(lead, kommune, new { title = "Bauanträge mehrsprachig", kind = "Sonstiges", owner = "Sozialamt", dueDate = Yesterday });
        var reminder = await TestHost.Mail.WaitForMessageAsync(m => m.Header(ReminderMail.ReminderHeader)?.Contains(first.ToString()) == true, TimeSpan.FromSeconds(30));
        Assert.Equal([$"integration@{kommune}.example.org"], reminder.Recipients);
        var confirmation = await TestHost.Mail.WaitForMessageAsync(m => m.Header(AddressConfirmationMail.Header) is not null && m.Recipients.Contains(address), TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(MailFor(first), m => m.Recipients.Contains(address));
        var key = Regex.Match(confirmation.Data.Replace("=\r\n", ""), @"unit-email-confirmation\?key=([A-Za-z0-9_%-]+)").Groups[1].Value;
        Assert.NotEmpty(key);
        // Asking again for the same address while its link is fresh sends nothing more (no flooding through repeated requests).
        await (await lead.Put($"/api/kommunen/{kommune}/units", new { name = "Sozialamt", email = address })).ShouldBe(HttpStatusCode.OK);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Single(TestHost.Mail.Messages, m => m.Header(AddressConfirmationMail.Header) is not null && m.Recipients.Contains(address));
        var units = await admin.GetJson($"/api/kommunen/{kommune}/units");
        Assert.False(units.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("name").GetString() == "Sozialamt").GetProperty("emailConfirmed").GetBoolean());

        // The link's page shows what it confirms and changes nothing (mail scanners fetch links); its button confirms, once.
        var anonymous = await TestHost.AnonymousClient();
        var page = await anonymous.GetAsync($"/api/unit-email-confirmation?key={key}");
        await page.ShouldBe(HttpStatusCode.OK);
        Assert.Contains("Sozialamt", await page.Content.ReadAsStringAsync());
        await (await anonymous.GetAsync($"/api/unit-email-confirmation?key={key}")).ShouldBe(HttpStatusCode.OK);
        await (await anonymous.PostAsync($"/api/unit-email-confirmation?key={key}", null)).ShouldBe(HttpStatusCode.OK);
        await (await anonymous.PostAsync($"/api/unit-email-confirmation?key={key}", null)).ShouldBeProblem(HttpStatusCode.NotFound, "bestaetigungslink-ungueltig");
        await (await anonymous.PostAsync("/api/unit-email-confirmation?key=erfunden", null)).ShouldBeProblem(HttpStatusCode.NotFound, "bestaetigungslink-ungueltig");

        var second = await Plan(lead, kommune, new { title = "Willkommensmappe", kind = "Sonstiges", owner = "Sozialamt", dueDate = Yesterday });
        var confirmed = await TestHost.Mail.WaitForMessageAsync(m => m.Header(ReminderMail.ReminderHeader)?.Contains(second.ToString()) == true, TimeSpan.FromSeconds(30));
        Assert.Equal([address], confirmed.Recipients);
        var history = await History(admin, kommune);
        Assert.Contains(history, e => e.GetProperty("type").GetString() == "unit_email_confirmation_requested");
        Assert.Contains(history, e => e.GetProperty("type").GetString() == "unit_email_confirmed");
        Assert.All(history.Where(e => e.GetProperty("type").GetString()!.StartsWith("unit_email_confirm")),
            e => Assert.DoesNotContain("@", e.GetProperty("payload").GetRawText()));
    }

    [Fact]
    public async Task DailyCapReachedIsAnEventOnMilestoneAndBoard()
    {
        var (admin, kommune) = await KommuneWithLeadOffice();
        var person = await admin.RegisterPerson();
        await (await admin.Put($"/api/kommunen/{kommune}/facilitator", new { personId = person })).ShouldBe(HttpStatusCode.OK);
        var cap = (await TestHost.Instance).Services.GetRequiredService<SelbstcheckSettings>().Reminders.DailyMailCapPerKommune;

        // Every milestone planned in the past sends at once; one more than the cap allows.
        var milestones = new List<Guid>();
        for (var i = 0; i <= cap; i++)
        {
            milestones.Add(await Plan(admin, kommune, new { title = $"Nachholtermin {i}", kind = "Sonstiges", owner = "Integrationsbüro", dueDate = Yesterday }));
        }

        var held = await Eventually(async () =>
            (await History(admin, kommune)).FirstOrDefault(e => e.GetProperty("type").GetString() == "daily_mail_cap_reached") is { ValueKind: JsonValueKind.Object } e ? e : (JsonElement?)null,
            TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(cap, milestones.Sum(m => MailFor(m).Count));
        var payload = held.GetProperty("payload");
        Assert.Equal((cap, BerlinTime.Today(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            (payload.GetProperty("cap").GetInt32(), payload.GetProperty("day").GetString()));
        var heldBack = payload.GetProperty("milestoneId").GetGuid();
        Assert.Empty(MailFor(heldBack));

        var milestone = await admin.GetJson($"/api/kommunen/{kommune}/milestones/{heldBack}");
        Assert.Equal("tageshoechstzahl-erreicht", milestone.GetProperty("alerts").EnumerateArray().Single().GetProperty("kind").GetString());
        Assert.Equal("zurueckgehalten", milestone.GetProperty("reminders").EnumerateArray().First().GetProperty("status").GetString());
        var pb = await TestHost.ClientAs(Roles.Prozessbegleitung, person.ToString());
        var line = await Eventually(async () => (await pb.GetJson($"/api/facilitators/{person}/board")).GetProperty("kommunen").EnumerateArray()
            .FirstOrDefault(k => k.GetProperty("kommuneId").GetString() == kommune && k.GetProperty("mailCapReachedOn").ValueKind == JsonValueKind.String) is
            { ValueKind: JsonValueKind.Object } l ? l : (JsonElement?)null, TimeSpan.FromSeconds(20));
        Assert.Equal(payload.GetProperty("day").GetString(), line.GetProperty("mailCapReachedOn").GetString());
    }

    // ---- 8: delivery without gaps ------------------------------------------------------------------

    [Fact]
    public async Task SlowSmtpServerCannotOutliveTheClaim()
    {
        var (admin, kommune) = await KommuneWithLeadOffice();
        var settings = (await TestHost.Instance).Services.GetRequiredService<SelbstcheckSettings>();
        Assert.True(settings.Smtp.SendDeadlineSeconds < settings.Reminders.ClaimLeaseSeconds);
        var slowDomain = $"@langsam.{kommune}.example.org";
        await (await admin.Put($"/api/kommunen/{kommune}/units", new { name = "Sozialamt", email = $"sozialamt{slowDomain}" })).ShouldBe(HttpStatusCode.Created);
        var id = await Plan(admin, kommune, new { title = "Dialogveranstaltung", kind = "Dialogveranstaltung", owner = "Sozialamt", dueAt = InADay });
        // Each step answers within the client's per-step timeout; RCPT, DATA and the message's end together take longer than the claim lasts.
        TestHost.Mail.SlowStep = TimeSpan.FromSeconds(settings.Smtp.TimeoutSeconds - 1);
        Assert.True(3 * TestHost.Mail.SlowStep.TotalSeconds > settings.Reminders.ClaimLeaseSeconds);
        TestHost.Mail.SlowRecipients = a => a.EndsWith(slowDomain, StringComparison.Ordinal);
        try
        {
            var clock = Stopwatch.StartNew();
            var outcome = await RunJob(kommune, id, "p1-d0");
            clock.Stop();

            Assert.Equal("nicht zugestellt", outcome);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(settings.Reminders.ClaimLeaseSeconds), $"the attempt took {clock.Elapsed}, the claim lasts {settings.Reminders.ClaimLeaseSeconds} s");
            var failed = (await History(admin, kommune)).Single(e => e.GetProperty("type").GetString() == "reminder_delivery_failed").GetProperty("payload");
            Assert.Contains("Gesamtfrist", failed.GetProperty("error").GetString());
            await Task.Delay(TestHost.Mail.SlowStep * 3);
            Assert.Empty(MailFor(id)); // the server saw the client go away and discarded the message
        }
        finally
        {
            TestHost.Mail.SlowRecipients = null;
        }
    }

    [Fact]
    public async Task MalformedAddressIsRecordedAsFailedDelivery()
    {
        var (admin, kommune) = await KommuneWithLeadOffice();
        // Passes the API's check, but no mail server accepts it (two dots in a row).
        await (await admin.Put($"/api/kommunen/{kommune}/units", new { name = "Sozialamt", email = $"sozial..amt@{kommune}.example.org" })).ShouldBe(HttpStatusCode.Created);
        var id = await Plan(admin, kommune, new { title = "Dialogveranstaltung", kind = "Dialogveranstaltung", owner = "Sozialamt", dueAt = InADay });

        Assert.Equal("nicht zugestellt", await RunJob(kommune, id, "p1-d0"));

        var failed = (await History(admin, kommune)).Single(e => e.GetProperty("type").GetString() == "reminder_delivery_failed").GetProperty("payload");
        Assert.Equal(1, failed.GetProperty("attempt").GetInt32());
        Assert.Contains("Unbrauchbare E-Mail-Adresse (stelle:Sozialamt)", failed.GetProperty("error").GetString());
        Assert.DoesNotContain("@", failed.GetProperty("error").GetString());
        Assert.DoesNotContain("sozial..amt", failed.GetProperty("error").GetString());
        var reminder = (await admin.GetJson($"/api/kommunen/{kommune}/milestones/{id}")).GetProperty("reminders").EnumerateArray().First();
        Assert.Equal(("p1-d0", 1), (reminder.GetProperty("key").GetString(), reminder.GetProperty("failedAttempts").GetInt32()));
    }

    [Fact]
    public async Task ExhaustedRetriesBecomeReminderAbandoned()
    {
        var (admin, kommune) = await KommuneWithLeadOffice();
        var person = await admin.RegisterPerson();
        await (await admin.Put($"/api/kommunen/{kommune}/facilitator", new { personId = person })).ShouldBe(HttpStatusCode.OK);
        await (await admin.Put($"/api/kommunen/{kommune}/units", new { name = "Sozialamt", email = $"sozial..amt@{kommune}.example.org" })).ShouldBe(HttpStatusCode.Created);
        var id = await Plan(admin, kommune, new { title = "Dialogveranstaltung", kind = "Dialogveranstaltung", owner = "Sozialamt", dueAt = InADay });

        // Every attempt the job's retries allow fails; the last one gives the reminder up, and the job ends.
        var outcomes = new List<string>();
        for (var i = 0; i < DeliveryAttempts.Max; i++) outcomes.Add(await RunJob(kommune, id, "p1-d0"));

        Assert.Equal([.. Enumerable.Repeat("nicht zugestellt", DeliveryAttempts.Max - 1), "fertig"], outcomes);
        var history = await History(admin, kommune);
        var abandoned = history.Single(e => e.GetProperty("type").GetString() == "reminder_abandoned").GetProperty("payload");
        Assert.Equal((DeliveryAttempts.Max, "p1-d0"), (abandoned.GetProperty("attempts").GetInt32(), abandoned.GetProperty("reminderKey").GetString()));
        Assert.Equal(DeliveryAttempts.Max, history.Count(e => e.GetProperty("type").GetString() == "reminder_delivery_failed"));
        Assert.Equal("fertig", await RunJob(kommune, id, "p1-d0")); // given up: nothing more to do
        Assert.Single(await History(admin, kommune), e => e.GetProperty("type").GetString() == "reminder_abandoned");

        var milestone = await admin.GetJson($"/api/kommunen/{kommune}/milestones/{id}");
        Assert.Equal("aufgegeben", milestone.GetProperty("reminders").EnumerateArray().First(r => r.GetProperty("key").GetString() == "p1-d0").GetProperty("status").GetString());
        Assert.Equal("erinnerung-aufgegeben", milestone.GetProperty("alerts").EnumerateArray().Single().GetProperty("kind").GetString());
        var pb = await TestHost.ClientAs(Roles.Prozessbegleitung, person.ToString());
        var line = await Eventually(async () => (await pb.GetJson($"/api/facilitators/{person}/board")).GetProperty("kommunen").EnumerateArray()
            .FirstOrDefault(k => k.GetProperty("kommuneId").GetString() == kommune && k.GetProperty("abandonedReminders").GetArrayLength() > 0) is
            { ValueKind: JsonValueKind.Object } l ? l : (JsonElement?)null, TimeSpan.FromSeconds(20));
        var entry = line.GetProperty("abandonedReminders").EnumerateArray().Single();
        Assert.Equal((id, "p1-d0"), (entry.GetProperty("milestoneId").GetGuid(), entry.GetProperty("reminderKey").GetString()));
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe, TimeSpan timeout) where T : struct
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > until) throw new TimeoutException("condition not met in time");
            await Task.Delay(200);
        }
    }
}
