using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Demo;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// The Aktionsplan (#13 point 3) in Chromium: the Integrationsbüro changes an item's status, owner and due date with a
/// reason inline, and the facilitator's board follows; a stale edit shows the conflict with the current values; a
/// missing reason is shown beside its field and in the summary; the item's page lists every change with why and who.
/// Flows that change data use a Kommune of their own (or Beispielstadt), never Dessau-Roßlau's items.
/// </summary>
public class ActionPlanFlowTests(Browser browser, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<Browser>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>A Kommune of this test (registered by the programme team through the API), with the action items given.</summary>
    private static async Task<(string Kommune, Guid[] Items)> KommuneWithItemsAsync(params (int Field, string Text, string Owner, string? Due)[] items)
    {
        var api = await WebHost.ApiAsync("programmteam");
        var id = TestHost.NewKommuneId("aktionsplan");
        (await api.PostAsJsonAsync("/api/kommunen", new { id, name = $"Planstadt {id[^4..]}", kind = "Stadt", bundesland = "Sachsen" })).EnsureSuccessStatusCode();
        return (id, await AddItemsAsync(api, id, items));
    }

    private static async Task<Guid[]> AddItemsAsync(HttpClient api, string kommune, params (int Field, string Text, string Owner, string? Due)[] items)
    {
        var ids = new List<Guid>();
        foreach (var (field, text, owner, due) in items)
        {
            var response = await api.PostAsJsonAsync($"/api/kommunen/{kommune}/action-items", new { field, text, owner, due });
            response.EnsureSuccessStatusCode();
            ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("actionItemId").GetGuid());
        }

        return [.. ids];
    }

    /// <summary>An item as the API shows it (status, owner, due, version).</summary>
    private static async Task<JsonElement> ItemAsync(string kommune, Guid item)
    {
        var api = await WebHost.ApiAsync("programmteam");
        var plan = await api.GetFromJsonAsync<JsonElement>($"/api/kommunen/{kommune}/action-plan", Web);
        return plan.GetProperty("fields").EnumerateArray().SelectMany(f => f.GetProperty("items").EnumerateArray())
            .Concat(plan.GetProperty("closed").EnumerateArray())
            .Single(i => i.GetProperty("id").GetGuid() == item);
    }

    /// <summary>Signs a browser in as the Integrationsbüro of KOMMUNE through the token form (the demo sign-in offers only Dessau-Roßlau's).</summary>
    private static async Task SignInAsKommuneAsync(IPage page, string kommune)
    {
        var token = await WebHost.Services.GetRequiredService<TokenIssuer>()
            .IssueAsync("kommune", kommune, TimeSpan.FromHours(1), TestHost.UserLabel("kommune", kommune));
        await page.GotoAsync($"/anmelden?returnUrl=/kommunen/{kommune}");
        await page.Locator("#token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    private static string Id(string form, Guid item, string field) => $"#{form}-{item:N}-{field}";

    private static async Task<int> OpenOnBoardAsync(IPage page, string name)
    {
        await page.GotoAsync("/meine-kommunen");
        var row = page.Locator("main tbody tr").Filter(new() { Has = page.Locator("th[scope=row]", new() { HasTextString = name }) });
        return int.Parse((await row.Locator("td").Nth(3).InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task the_integrationsbuero_changes_an_items_status_with_a_reason_and_the_facilitators_board_shows_the_change()
    {
        const string kommune = LiveDemo.Kommune;
        var api = await WebHost.ApiAsync("programmteam");
        var item = (await AddItemsAsync(api, kommune, (4, "Leitbild Vielfalt beschließen", "Sozialamt", null)))[0];
        var open = (await api.GetFromJsonAsync<JsonElement>($"/api/kommunen/{kommune}/action-plan", Web)).GetProperty("open").GetInt32();

        var (facilitatorContext, board, _) = await browser.OpenAsync();
        await using var _f = facilitatorContext;
        await Browser.SignInAsync(board, "Prozessbegleitung");
        // The board is an async projection: it shows the item once it caught up.
        await Eventually(async () => await OpenOnBoardAsync(board, "Beispielstadt") == open);

        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await SignInAsKommuneAsync(page, kommune);
        await page.GotoAsync($"/kommunen/{kommune}/aktionsplan");
        var card = page.Locator($"#hb-{item:N}");
        await card.Locator("summary").ClickAsync();
        await page.Locator(Id("status", item, "status")).SelectOptionAsync("erledigt");
        await page.Locator(Id("status", item, "reason")).FillAsync("Vom Rat beschlossen");
        await card.GetByRole(AriaRole.Button, new() { Name = "Status speichern" }).ClickAsync();

        Assert.Contains("Status gespeichert.", await page.Locator("main [role=status]").First.InnerTextAsync());
        Assert.EndsWith($"#hb-{item:N}", page.Url);
        Assert.Contains("erledigt", await page.Locator($"#hb-{item:N} .sc-facts").InnerTextAsync());
        Assert.Equal("erledigt", (await ItemAsync(kommune, item)).GetProperty("status").GetString());
        AssertNoConsoleErrors(errors);

        await Eventually(async () => await OpenOnBoardAsync(board, "Beispielstadt") == open - 1);
    }

    [Fact]
    public async Task a_stale_edit_shows_the_conflict_with_the_current_values_and_changes_nothing()
    {
        var (kommune, items) = await KommuneWithItemsAsync((4, "Mehrsprachige Formulare", "Bürgeramt", "2030-06-30"));
        var item = items[0];
        var (firstContext, first, _) = await browser.OpenAsync();
        await using var _1 = firstContext;
        var (secondContext, second, _) = await browser.OpenAsync();
        await using var _2 = secondContext;
        await SignInAsKommuneAsync(first, kommune);
        await SignInAsKommuneAsync(second, kommune);
        await first.GotoAsync($"/kommunen/{kommune}/aktionsplan/{item}");
        await second.GotoAsync($"/kommunen/{kommune}/aktionsplan/{item}");

        await first.Locator(Id("plan", item, "owner")).FillAsync("Personalamt");
        await first.Locator(Id("plan", item, "reason")).FillAsync("Das Personalamt übernimmt");
        await first.GetByRole(AriaRole.Button, new() { Name = "Zuständigkeit und Frist speichern" }).ClickAsync();
        Assert.Contains("Zuständigkeit und Frist gespeichert.", await first.Locator("main").InnerTextAsync());

        await second.Locator(Id("status", item, "status")).SelectOptionAsync("in Arbeit");
        await second.Locator(Id("status", item, "reason")).FillAsync("Wir fangen an");
        var response = await second.RunAndWaitForResponseAsync(
            () => second.GetByRole(AriaRole.Button, new() { Name = "Status speichern" }).ClickAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(409, response.Status);
        Assert.Contains("Inzwischen geändert — bitte neu laden", await second.Locator("#fehler").InnerTextAsync());
        // The current values: the first one's owner, version 2, status still "offen"; the form now carries version 2.
        var forms = second.Locator($"#hb-{item:N}");
        Assert.Contains("Inzwischen geändert — bitte neu laden", await forms.InnerTextAsync());
        Assert.Equal("Personalamt", await second.Locator(Id("plan", item, "owner")).InputValueAsync());
        Assert.Contains("Personalamt", await second.Locator("main dl").First.InnerTextAsync());
        Assert.Equal("2", await forms.Locator("input[name=expectedVersion]").First.InputValueAsync());
        var current = await ItemAsync(kommune, item);
        Assert.Equal("offen", current.GetProperty("status").GetString());
        Assert.Equal(2, current.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task a_missing_reason_is_shown_next_to_the_field_of_that_items_form_and_in_the_summary()
    {
        var (kommune, items) = await KommuneWithItemsAsync((4, "Beschwerdestelle einrichten", "Ordnungsamt", null), (5, "Website übersetzen", "Pressestelle", null));
        var (item, other) = (items[0], items[1]);
        var (context, page, _) = await browser.OpenAsync();
        await using var _c = context;
        await SignInAsKommuneAsync(page, kommune);
        await page.GotoAsync($"/kommunen/{kommune}/aktionsplan");
        var card = page.Locator($"#hb-{item:N}");
        await card.Locator("summary").ClickAsync();

        await page.Locator(Id("plan", item, "owner")).FillAsync("Integrationsbüro");
        await page.Locator(Id("plan", item, "due")).FillAsync("2031-01-31");
        await card.GetByRole(AriaRole.Button, new() { Name = "Zuständigkeit und Frist speichern" }).ClickAsync();

        const string message = "Pflichtfeld: warum sich Zuständigkeit oder Frist ändern.";
        Assert.Equal(message, (await page.Locator($"{Id("plan", item, "reason")}-fehler").InnerTextAsync()).Trim());
        Assert.Equal("true", await page.Locator(Id("plan", item, "reason")).GetAttributeAsync("aria-invalid"));
        Assert.Contains(message, await page.Locator("#fehler").InnerTextAsync());
        Assert.Equal($"{Id("plan", item, "reason")}", await page.Locator("#fehler a").First.GetAttributeAsync("href"));
        // What was typed stays; the other item's form shows no error; nothing changed.
        Assert.Equal("Integrationsbüro", await page.Locator(Id("plan", item, "owner")).InputValueAsync());
        Assert.Equal(0, await page.Locator($"#hb-{other:N} .kern-error").CountAsync());
        var unchanged = await ItemAsync(kommune, item);
        Assert.Equal("Ordnungsamt", unchanged.GetProperty("owner").GetString());
        Assert.Equal(1, unchanged.GetProperty("version").GetInt64());

        // Discarding needs a reason too (the decider's rule), shown beside the status form's field.
        await page.Locator(Id("status", item, "status")).SelectOptionAsync("verworfen");
        await card.GetByRole(AriaRole.Button, new() { Name = "Status speichern" }).ClickAsync();
        Assert.Equal("Pflichtfeld beim Verwerfen.", (await page.Locator($"{Id("status", item, "reason")}-fehler").InnerTextAsync()).Trim());
        Assert.Contains("Pflichtfeld beim Verwerfen.", await page.Locator("#fehler").InnerTextAsync());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
    }

    [Fact]
    public async Task the_items_history_lists_owner_due_and_status_changes_with_reason_and_who()
    {
        var (kommune, items) = await KommuneWithItemsAsync((4, "Interkulturelle Schulungen", "Personalamt", "2030-03-31"));
        var item = items[0];
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await SignInAsKommuneAsync(page, kommune);

        // From the Kommune's home and from the plan to the item's page.
        await page.GotoAsync($"/kommunen/{kommune}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Interkulturelle Schulungen" }).ClickAsync();
        Assert.Equal($"/kommunen/{kommune}/aktionsplan/{item}", new Uri(page.Url).AbsolutePath);
        await page.GotoAsync($"/kommunen/{kommune}/aktionsplan");
        await page.GetByRole(AriaRole.Link, new() { Name = "Interkulturelle Schulungen" }).ClickAsync();
        Assert.Equal($"/kommunen/{kommune}/aktionsplan/{item}", new Uri(page.Url).AbsolutePath);
        Assert.Contains("Noch keine Änderung", await page.Locator("main").InnerTextAsync());

        await page.Locator(Id("plan", item, "owner")).FillAsync("Integrationsbüro");
        await page.Locator(Id("plan", item, "due")).FillAsync("2030-09-30");
        await page.Locator(Id("plan", item, "reason")).FillAsync("Personalamt ohne Kapazität");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zuständigkeit und Frist speichern" }).ClickAsync();
        await page.Locator(Id("status", item, "status")).SelectOptionAsync("in Arbeit");
        await page.Locator(Id("status", item, "reason")).FillAsync("Erste Schulung geplant");
        await page.GetByRole(AriaRole.Button, new() { Name = "Status speichern" }).ClickAsync();
        await page.Locator(Id("notiz", item, "note")).FillAsync("Trainerin angefragt");
        await page.GetByRole(AriaRole.Button, new() { Name = "Notiz speichern" }).ClickAsync();
        Assert.Contains("Notiz gespeichert.", await page.Locator("main").InnerTextAsync());

        var rows = (await page.Locator("main table tbody tr").AllInnerTextsAsync()).Select(r => r.Replace('\t', '|')).ToList();
        output.WriteLine(string.Join("\n", rows));
        Assert.Equal(3, rows.Count);
        var who = $"{TestHost.UserLabel("kommune", kommune)} (Integrationsbüro)";
        Assert.Matches(@$"Verantwortliche Stelle\s*\|\s*Personalamt\s*\|\s*Integrationsbüro\s*\|\s*Personalamt ohne Kapazität\s*\|\s*{System.Text.RegularExpressions.Regex.Escape(who)}", rows[0]);
        Assert.Matches(@$"Frist\s*\|\s*31\.03\.2030\s*\|\s*30\.09\.2030\s*\|\s*Personalamt ohne Kapazität\s*\|\s*{System.Text.RegularExpressions.Regex.Escape(who)}", rows[1]);
        Assert.Matches(@$"Status\s*\|\s*offen\s*\|\s*in Arbeit\s*\|\s*Erste Schulung geplant\s*\|\s*{System.Text.RegularExpressions.Regex.Escape(who)}", rows[2]);
        Assert.All(rows, r => Assert.Matches(@"\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", r));
        Assert.Contains("Trainerin angefragt", await page.Locator("#notizen + ul").InnerTextAsync());

        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("aktionsplan"), "handlungsbedarf-320px.png")) <= 0,
            $"the item's page scrolls sideways at 320 px: {await WiderThan320Async(page)}");
        AssertNoConsoleErrors(errors);

        // An auditor without the personal-data claim reads the role only, and no forms.
        var (auditContext, audit, _) = await browser.OpenAsync();
        await using var _a = auditContext;
        await Browser.SignInAsync(audit, "Audit");
        await audit.GotoAsync($"/kommunen/{kommune}/aktionsplan/{item}");
        var auditRows = await audit.Locator("main table tbody tr").AllInnerTextsAsync();
        Assert.All(auditRows, r => Assert.EndsWith("Integrationsbüro", r.Trim()));
        Assert.DoesNotContain(TestHost.UserLabel("kommune", kommune), await audit.Locator("main").InnerTextAsync());
        Assert.Equal(0, await audit.Locator("main form[method=post]").CountAsync());
    }

    [Fact]
    public async Task the_plan_filters_by_field_owner_status_and_overdue_in_the_address_and_shows_an_earlier_state_read_only()
    {
        var (kommune, items) = await KommuneWithItemsAsync(
            (4, "Leitbild erarbeiten", "Integrationsbüro", "2020-01-31"),
            (4, "Sprachmittlung organisieren", "Sozialamt", "2031-01-31"),
            (5, "Vereine vernetzen", "Integrationsbüro", null));
        var api = await WebHost.ApiAsync("kommune", kommune);
        (await api.PostAsJsonAsync($"/api/kommunen/{kommune}/action-items/{items[2]}/status", new { status = "erledigt", expectedVersion = 1 })).EnsureSuccessStatusCode();
        var (context, page, errors) = await browser.OpenAsync();
        await using var _c = context;
        await SignInAsKommuneAsync(page, kommune);
        async Task<string[]> Shown() => (await page.Locator("main .sc-item h3").AllInnerTextsAsync()).Select(t => t.Trim()).ToArray();

        await page.GotoAsync($"/kommunen/{kommune}/aktionsplan");
        Assert.Equal(["Leitbild erarbeiten", "Sprachmittlung organisieren", "Vereine vernetzen"], await Shown());
        Assert.Contains("überfällig", await page.Locator($"#hb-{items[0]:N}").InnerTextAsync());
        Assert.Contains("31.01.2020", await page.Locator($"#hb-{items[0]:N}").InnerTextAsync());
        Assert.DoesNotContain("überfällig", await page.Locator($"#hb-{items[1]:N} .sc-facts").InnerTextAsync());

        await page.Locator("#feld").SelectOptionAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtern" }).ClickAsync();
        Assert.Contains("feld=4", page.Url);
        Assert.Equal(["Leitbild erarbeiten", "Sprachmittlung organisieren"], await Shown());

        await page.Locator("#stelle").SelectOptionAsync("Integrationsbüro");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtern" }).ClickAsync();
        Assert.Equal(["Leitbild erarbeiten"], await Shown());

        await page.GotoAsync($"/kommunen/{kommune}/aktionsplan?status=erledigt");
        Assert.Equal(["Vereine vernetzen"], await Shown());
        Assert.Equal("erledigt", await page.Locator("#status").InputValueAsync());

        await page.GotoAsync($"/kommunen/{kommune}/aktionsplan");
        await page.Locator("#ueberfaellig").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtern" }).ClickAsync();
        Assert.Contains("ueberfaellig=true", page.Url);
        Assert.Equal(["Leitbild erarbeiten"], await Shown());

        // A filtered view keeps its filters through a change (post, redirect, get).
        await page.Locator($"#hb-{items[0]:N} summary").ClickAsync();
        await page.Locator(Id("status", items[0], "status")).SelectOptionAsync("in Arbeit");
        await page.Locator($"#hb-{items[0]:N}").GetByRole(AriaRole.Button, new() { Name = "Status speichern" }).ClickAsync();
        Assert.Contains("ueberfaellig=true", page.Url);
        Assert.Contains("Status gespeichert.", await page.Locator("main").InnerTextAsync());

        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.True(await Browser.SidewaysOverflowAt320Async(page, Path.Combine(Browser.ScreenshotFolder("aktionsplan"), "aktionsplan-320px.png")) <= 0,
            "the plan scrolls sideways at 320 px");
        AssertNoConsoleErrors(errors);

        // As of the version that added the first item: that item only, read-only, marked "Stand: …".
        var history = await (await WebHost.ApiAsync("programmteam")).GetFromJsonAsync<JsonElement>($"/api/kommunen/{kommune}/history?type=action_item_added", Web);
        var version = history.GetProperty("items")[0].GetProperty("version").GetInt64();
        await page.GotoAsync($"/kommunen/{kommune}/aktionsplan?version={version}");
        Assert.Equal(["Leitbild erarbeiten"], await Shown());
        Assert.Contains("Stand:", await page.Locator("main").InnerTextAsync());
        Assert.Equal(0, await page.Locator("main form[method=post]").CountAsync());
        Assert.Contains($"version={version}", await page.GetByRole(AriaRole.Link, new() { Name = "Leitbild erarbeiten" }).GetAttributeAsync("href"));
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
    }

    /// <summary>
    /// No console errors — apart from Chromium's own favicon request (the site has none), which is no request of the
    /// page's and comes at a moment of Chromium's choosing.
    /// </summary>
    private static void AssertNoConsoleErrors(List<string> errors)
    {
        var real = errors.Where(e => !e.StartsWith("Failed to load resource: the server responded with a status of 404", StringComparison.Ordinal)).ToList();
        Assert.True(real.Count == 0, string.Join("\n", real));
    }

    /// <summary>The innermost elements reaching beyond 320 px (for the message of a failed reflow check).</summary>
    private static async Task<string> WiderThan320Async(IPage page)
    {
        await page.SetViewportSizeAsync(320, 800);
        var found = await page.EvaluateAsync<string>("""
            () => [...document.querySelectorAll('body *')]
              .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.kern-table-responsive'))
              .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > document.documentElement.clientWidth + 1))
              .slice(0, 5).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right)).join('; ')
            """);
        await page.SetViewportSizeAsync(1280, 900);
        return found;
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 60; i++)
        {
            if (await condition()) return;
            await Task.Delay(250);
        }

        Assert.True(await condition(), "the facilitator's board did not show the change within 15 s");
    }
}
