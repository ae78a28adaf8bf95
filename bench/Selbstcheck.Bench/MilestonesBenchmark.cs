using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using Marten;
using Selbstcheck.Host.Reminders;
using Selbstcheck.SmtpSink;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;

/// <summary>
/// Milestones and reminders (#6): N timed milestones planned through HTTP, their due instants
/// spread evenly over a window starting shortly after planning ends. Reports (1) the planning rate
/// against (a) raw Marten doing the handler's work (fetch, decide, append, inline projections; its
/// dues lie years ahead, so its reminders are scheduled but never sent), (2) the firing delay of each reminder's email at the loopback SMTP
/// server versus its due instant (p50/p99/max), (3) duplicates and missing messages.
/// </summary>
public static class MilestonesBenchmark
{
    public static async Task RunAsync(IDocumentStore store, HttpClient http, SmtpSinkServer sink, int n, int windowSeconds, int clients)
    {
        const int Kommunen = 1000; // ten live milestones each (and ten of the baseline), as a real Kommune might hold over a few years
        Console.WriteLine($"setting up {Kommunen} Kommunen with an owner unit that has an address (not measured) ...");
        var kommunen = Enumerable.Range(0, Kommunen).Select(i => $"bench-m-{i}").ToArray();
        await Measure.Run("setup", Kommunen, clients, async i =>
        {
            (await http.PostAsJsonAsync("/api/kommunen", new { id = kommunen[i], name = kommunen[i], kind = "Gemeinde", bundesland = "Hessen" })).EnsureSuccessStatusCode();
            (await http.PutAsJsonAsync($"/api/kommunen/{kommunen[i]}/units", new { name = "Integrationsbüro", email = $"ib@{kommunen[i]}.invalid" })).EnsureSuccessStatusCode();
        });

        // (a) raw Marten, same decision, same inline projections; its dues lie years ahead.
        var raw = await Measure.Run("(a) raw Marten plan", n, clients, i => Raw.Command(store, async (session, context) =>
        {
            var kommune = kommunen[i % Kommunen];
            var stream = await session.Events.FetchForExclusiveWriting<KommuneState>(kommune);
            stream.AppendMany(PlanMilestoneDecision.Decide(new PlanMilestone(kommune, Guid.CreateVersion7(), $"Roh {i}", "Sonstiges", "Integrationsbüro", null,
                "2035-01-01", null, [], []), stream.Aggregate!, [], false, context));
        }));

        // (b) through HTTP, timed dues spread over the window, starting after planning is surely over.
        var planningBudget = TimeSpan.FromSeconds(Math.Max(30, n / 50.0));
        var firstDue = DateTimeOffset.UtcNow + planningBudget;
        var due = new ConcurrentDictionary<Guid, DateTimeOffset>();
        var planned = await Measure.Run("(b) HTTP plan", n, clients, async i =>
        {
            var at = firstDue.AddSeconds(windowSeconds * (double)i / n);
            var local = TimeZoneInfo.ConvertTime(at, BerlinTime.Zone).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
            var response = await http.PostAsJsonAsync($"/api/kommunen/{kommunen[i % Kommunen]}/milestones",
                new { title = $"Meilenstein {i}", kind = "Sonstiges", owner = "Integrationsbüro", dueAt = local });
            if ((int)response.StatusCode != 201) throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var id = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("milestoneId").GetGuid();
            due[id] = BerlinTime.ToInstant(DateTime.ParseExact(local, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        });
        Measure.Report([Summary.Of(raw.Name, [raw]), Summary.Of(planned.Name, [planned])], "one run each", "b/a", baseline: 0, measured: 1);
        if (DateTimeOffset.UtcNow > firstDue) Console.WriteLine("warning: planning outlasted the budget; the first dues were already past when planned");

        var lastDue = firstDue.AddSeconds(windowSeconds);
        Console.WriteLine($"waiting for {n} reminders due between {firstDue:HH:mm:ss} and {lastDue:HH:mm:ss} UTC ...");
        var deadline = lastDue.AddMinutes(3);
        while (DateTimeOffset.UtcNow < deadline && sink.Messages.Count < n) await Task.Delay(1000);
        await Task.Delay(TimeSpan.FromSeconds(10)); // late duplicates would show up here

        var messages = sink.Messages;
        var byMilestone = messages
            .Select(m => (Message: m, Id: Guid.TryParse(m.Header(ReminderMail.ReminderHeader)?.Split('/')[1], out var g) ? g : Guid.Empty))
            .Where(x => due.ContainsKey(x.Id))
            .GroupBy(x => x.Id)
            .ToList();
        var delays = byMilestone.Select(g => (g.Min(x => x.Message.ReceivedAt) - due[g.Key]).TotalMilliseconds).Order().ToArray();
        var duplicates = byMilestone.Sum(g => g.Count() - 1);
        var early = delays.Count(d => d < 0);
        Console.WriteLine();
        Console.WriteLine($"reminders: {byMilestone.Count} of {n} delivered, duplicates {duplicates}, missing {n - byMilestone.Count}, before their due instant {early}");
        if (delays.Length > 0)
        {
            Console.WriteLine($"firing delay (SMTP acceptance − due instant): p50 {Measure.Percentile(delays, 0.5) / 1000:F2} s, p99 {Measure.Percentile(delays, 0.99) / 1000:F2} s, max {delays[^1] / 1000:F2} s " +
                              $"(window {windowSeconds} s = {n / (double)windowSeconds:F1} reminders/s)");
        }
    }

}
