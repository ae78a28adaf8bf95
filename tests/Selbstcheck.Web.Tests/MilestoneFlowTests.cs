using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Pages;
using Selbstcheck.Host.Reminders;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Common;
using static Selbstcheck.Web.Tests.ApiSteps;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// The Meilensteine pages in Chromium (#13, points 2, 3, 7 and 9): a facilitator plans a milestone from a
/// Vereinbarung, reschedules and completes one, sees a refusal next to its field and a stale edit as such, and
/// a reminder mail's link leads through the sign-in to its milestone. Each test arranges its own Kommune through
/// the API (assigned to the demo facilitator), so Dessau-Roßlau and Beispielstadt stay as the other tests read them.
/// </summary>
public class MilestoneFlowTests(Browser browser) : IClassFixture<Browser>
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private static DateOnly Today => BerlinTime.Today(DateTimeOffset.UtcNow);

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string InGerman(DateOnly day) => day.ToString("dd.MM.yyyy", German);

    private static async Task<Guid> PlanAsync(HttpClient admin, string kommune, string title, string dueDate)
    {
        using var response = await admin.PostAsJsonAsync($"/api/kommunen/{kommune}/milestones", new { title, kind = "Sonstiges", owner = "Integrationsbüro", dueDate });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("milestoneId").GetGuid();
    }

    private static async Task<JsonElement> MilestoneAsync(HttpClient admin, string kommune, Guid id) =>
        await admin.GetFromJsonAsync<JsonElement>($"/api/kommunen/{kommune}/milestones/{id}");

    [Fact]
    public async Task a_facilitator_plans_a_milestone_from_a_vereinbarung_and_it_appears_in_the_list_with_its_due_date()
    {
        var (admin, kommune, _) = await KommuneAsync("ms", "Meilensteinstadt", leadOffice: true, facilitator: true);
        var workshop = await ScheduleAsync(admin, kommune, $"{Iso(Today.AddDays(-7))}T13:00");
        var agreement = Guid.NewGuid();
        await Ok(admin.PutAsJsonAsync($"/api/kommunen/{kommune}/workshops/{workshop}/agreements", new
        {
            agreements = new[] { new { agreementId = agreement, title = "Interkulturelle Woche vorbereiten", kind = "Dialogveranstaltung", owner = "Integrationsbüro", plannedDate = Iso(Today.AddDays(30)), status = "geplant" } },
        }));
        await Ok(admin.PostAsJsonAsync($"/api/kommunen/{kommune}/workshops/{workshop}/held", new { }));
        var due = Today.AddDays(40);

        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Prozessbegleitung");
        await page.GotoAsync($"/kommunen/{kommune}/meilensteine");
        var item = page.Locator($"#vereinbarung-{agreement:N}");
        Assert.Contains("Interkulturelle Woche vorbereiten", await item.InnerTextAsync());
        Assert.Equal(Iso(Today.AddDays(30)), await item.Locator("input[name=dueDate]").InputValueAsync()); // the planned date, offered
        await item.Locator("input[name=dueDate]").FillAsync(Iso(due));
        await item.GetByRole(AriaRole.Button, new() { Name = "Als Meilenstein planen" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Contains("Meilenstein aus der Vereinbarung geplant.", await page.Locator("main").InnerTextAsync());
        var open = await page.Locator("section[aria-labelledby=offen]").InnerTextAsync();
        Assert.Contains("Interkulturelle Woche vorbereiten", open);
        Assert.Contains(InGerman(due), open);
        Assert.Equal(0, await page.Locator($"#vereinbarung-{agreement:N}").CountAsync()); // no longer offered
        var milestones = (await admin.GetFromJsonAsync<JsonElement>($"/api/kommunen/{kommune}/milestones")).GetProperty("items").EnumerateArray().ToList();
        // Besides the workshop's own programme milestone: the one from the agreement, due as entered.
        var planned = Assert.Single(milestones, m => m.GetProperty("agreementId").ValueKind == JsonValueKind.String);
        Assert.Equal((agreement, Iso(due)), (planned.GetProperty("agreementId").GetGuid(), planned.GetProperty("dueDate").GetString()));
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("meilensteine"), "geplant-320px.png")) <= 0, "scrolls sideways at 320 px");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task a_facilitator_reschedules_a_milestone_with_a_reason_and_then_completes_it()
    {
        var (admin, kommune, _) = await KommuneAsync("ms", "Meilensteinstadt", leadOffice: true, facilitator: true);
        var id = await PlanAsync(admin, kommune, "Leitbild in den Stadtrat einbringen", Iso(Today.AddDays(20)));
        var moved = Today.AddDays(50);

        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Prozessbegleitung");
        await page.GotoAsync($"/kommunen/{kommune}/meilensteine/{id}");
        await page.GetByLabel("Neues Fälligkeitsdatum").FillAsync(Iso(moved));
        await page.GetByLabel("Grund der Verschiebung").FillAsync("Sitzung des Stadtrats verlegt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verschieben", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Contains("Meilenstein verschoben.", await page.Locator("main").InnerTextAsync());
        Assert.Contains(InGerman(moved), await page.Locator("main dl").InnerTextAsync());
        var after = await MilestoneAsync(admin, kommune, id);
        Assert.Equal(Iso(moved), after.GetProperty("dueDate").GetString());
        var history = await admin.GetStringAsync($"/api/kommunen/{kommune}/history?pageSize=200");
        Assert.Contains("Sitzung des Stadtrats verlegt", history);

        await page.GetByRole(AriaRole.Button, new() { Name = "Als erledigt eintragen" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Contains("Meilenstein als erledigt eingetragen.", await page.Locator("main").InnerTextAsync());
        Assert.Equal("erledigt", (await MilestoneAsync(admin, kommune, id)).GetProperty("status").GetString());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Als erledigt eintragen" }).CountAsync()); // no forms for a done one
        await page.GotoAsync($"/kommunen/{kommune}/meilensteine");
        Assert.Contains("Leitbild in den Stadtrat einbringen", await page.Locator("section[aria-labelledby=abgeschlossen]").InnerTextAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task a_reschedule_without_a_reason_is_refused_next_to_the_field_and_changes_nothing()
    {
        var (admin, kommune, _) = await KommuneAsync("ms", "Meilensteinstadt", leadOffice: true, facilitator: true);
        var id = await PlanAsync(admin, kommune, "Fragebogen an die Vereine", Iso(Today.AddDays(20)));
        var before = await MilestoneAsync(admin, kommune, id);

        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Prozessbegleitung");
        await page.GotoAsync($"/kommunen/{kommune}/meilensteine/{id}");
        await page.GetByLabel("Neues Fälligkeitsdatum").FillAsync(Iso(Today.AddDays(60)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verschieben", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        var form = $"verschieben-{id:N}";
        var fieldError = page.Locator($"#{form}-reason-fehler");
        Assert.Contains("Pflichtfeld", await fieldError.InnerTextAsync());
        Assert.Equal("true", await page.Locator($"#{form}-reason").GetAttributeAsync("aria-invalid"));
        Assert.Equal($"{form}-reason-fehler", await page.Locator($"#{form}-reason").GetAttributeAsync("aria-describedby"));
        Assert.Contains("Ungültige Eingabe", await page.Locator("#fehler").InnerTextAsync()); // the summary at the top
        Assert.Equal(Iso(Today.AddDays(60)), await page.Locator($"#{form}-dueDate").InputValueAsync()); // what was entered stays
        var after = await MilestoneAsync(admin, kommune, id);
        Assert.Equal((before.GetProperty("version").GetInt64(), before.GetProperty("dueDate").GetString()), (after.GetProperty("version").GetInt64(), after.GetProperty("dueDate").GetString()));
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
    }

    [Fact]
    public async Task a_stale_edit_shows_inzwischen_geaendert_with_the_current_values()
    {
        var (admin, kommune, _) = await KommuneAsync("ms", "Meilensteinstadt", leadOffice: true, facilitator: true);
        var id = await PlanAsync(admin, kommune, "Dialogveranstaltung im Rathaus", Iso(Today.AddDays(20)));

        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Prozessbegleitung");
        await page.GotoAsync($"/kommunen/{kommune}/meilensteine/{id}");
        // Meanwhile someone else moves it.
        await Ok(admin.PutAsJsonAsync($"/api/kommunen/{kommune}/milestones/{id}/due", new { dueDate = Iso(Today.AddDays(33)), reason = "Raum belegt" }));
        await page.GetByLabel("Neues Fälligkeitsdatum").FillAsync(Iso(Today.AddDays(70)));
        await page.GetByLabel("Grund der Verschiebung").FillAsync("Später");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verschieben", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Contains("Inzwischen geändert — bitte neu laden", await page.Locator("#fehler").InnerTextAsync());
        Assert.Contains(InGerman(Today.AddDays(33)), await page.Locator("main dl").InnerTextAsync());
        Assert.Equal(Iso(Today.AddDays(33)), await page.GetByLabel("Neues Fälligkeitsdatum").InputValueAsync()); // the current value
        var current = (await MilestoneAsync(admin, kommune, id)).GetProperty("version").GetInt64();
        Assert.Equal(current.ToString(CultureInfo.InvariantCulture), await page.Locator($"#verschieben-{id:N} input[name=expectedVersion]").InputValueAsync());
        Assert.Equal(Iso(Today.AddDays(33)), (await MilestoneAsync(admin, kommune, id)).GetProperty("dueDate").GetString());
    }

    [Fact]
    public async Task a_reminder_mails_link_opens_the_milestones_page_after_the_demo_sign_in()
    {
        var (admin, kommune, _) = await KommuneAsync("ms", "Meilensteinstadt", leadOffice: true, facilitator: true);
        var id = await PlanAsync(admin, kommune, "Bericht an den Stadtrat", Iso(Today.AddDays(-1)));
        // The job server is off in these tests: the reminder planned for now is sent here, as the job would send it.
        var key = (await MilestoneAsync(admin, kommune, id)).GetProperty("reminders").EnumerateArray().First().GetProperty("key").GetString()!;
        await using (var scope = WebHost.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReminderJob>().Run(kommune, id, key, CancellationToken.None);
        }

        var received = await TestHost.Mail.WaitForMessageAsync(m => m.Header(ReminderMail.ReminderHeader)?.Contains(id.ToString()) == true, TimeSpan.FromSeconds(30));
        var mail = await MimeKit.MimeMessage.LoadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(received.Data)));
        var publicUrl = WebHost.Services.GetRequiredService<SelbstcheckSettings>().PublicUrl.TrimEnd('/');
        var link = mail.TextBody!.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(publicUrl + "/", StringComparison.Ordinal));
        Assert.Equal($"{publicUrl}/kommunen/{kommune}/meilensteine/{id}", link);

        // The public address is the service's; the browser reaches this test host under its own.
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await page.GotoAsync(link[publicUrl.Length..]);
        Assert.Equal("/demo-anmeldung", new Uri(page.Url).AbsolutePath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden als Prozessbegleitung", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        Assert.Equal($"/kommunen/{kommune}/meilensteine/{id}", new Uri(page.Url).AbsolutePath);
        Assert.Equal("Bericht an den Stadtrat", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("gesendet", await page.Locator("section[aria-labelledby=erinnerungen] table").InnerTextAsync());
    }

    [Fact]
    public async Task the_facilitators_personal_calendar_link_is_issued_on_the_page_shown_once_and_copied()
    {
        var (_, kommune, _) = await KommuneAsync("ms", "Meilensteinstadt", leadOffice: true, facilitator: true);
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await Browser.SignInAsync(page, "Prozessbegleitung");
        await page.GotoAsync($"/kommunen/{kommune}/meilensteine");

        await page.GetByRole(AriaRole.Button, new() { Name = "Meinen persönlichen Kalenderlink erstellen" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);

        var link = await page.GetByLabel("Mein persönlicher Kalenderlink").InputValueAsync();
        Assert.Matches($"/api/facilitators/{DemoUsers.Facilitator}/calendar.ics\\?key=.+$", link);
        await page.GetByRole(AriaRole.Button, new() { Name = "Link kopieren" }).ClickAsync();
        await page.GetByText("Der Link ist in der Zwischenablage.").WaitForAsync();
        Assert.Equal(link, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        // The link opens the calendar (the key stands for the person).
        using var anonymous = new HttpClient { BaseAddress = new Uri(await WebHost.Address) };
        var ics = await anonymous.GetStringAsync(new Uri(link).PathAndQuery);
        Assert.StartsWith("BEGIN:VCALENDAR", ics);
        // Shown once: the page loaded again has no key in it.
        await page.GotoAsync($"/kommunen/{kommune}/meilensteine");
        Assert.DoesNotContain(new Uri(link).Query, await page.ContentAsync());
        Assert.Empty(errors);
    }

    [Fact]
    public async Task the_milestones_as_of_a_version_are_read_from_the_replay_without_any_form()
    {
        var admin = await WebHost.ApiAsync("programmteam");
        var state = await admin.GetFromJsonAsync<JsonElement>("/api/kommunen/dessau-rosslau/state");
        var latest = state.GetProperty("latestVersion").GetInt64();
        var replayed = state.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("title").GetString()!).Order(StringComparer.Ordinal).ToList();
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await Browser.SignInAsync(page, "Programmteam");
        await page.GotoAsync("/kommunen/dessau-rosslau/meilensteine");
        Assert.True(await page.Locator("main form").CountAsync() > 0);

        await page.GotoAsync($"/kommunen/dessau-rosslau/meilensteine?version={latest}");

        Assert.Contains("Stand: ", await page.Locator("main").InnerTextAsync());
        Assert.Equal(replayed, (await page.Locator("ul.sc-milestones h3").AllInnerTextsAsync()).Select(t => t.Trim()).Order(StringComparer.Ordinal).ToList());
        Assert.NotEmpty(replayed);
        Assert.Equal(0, await page.Locator("main form").CountAsync());
        Assert.All(await page.Locator("ul.sc-milestones h3 a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"),
            href => Assert.EndsWith($"?version={latest}", href));
    }
}
