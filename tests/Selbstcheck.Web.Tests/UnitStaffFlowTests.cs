using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Selbstcheck.Host.Demo;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// #14 unit staff in Chromium: signed in through the demo sign-in as the Sozialamt of Beispielstadt, they land on their
/// Kommune's action plan, see forms only on their own unit's items (status and note, not owner and due) and change
/// their item's status.
/// </summary>
public class UnitStaffFlowTests(Browser browser) : IClassFixture<Browser>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static async Task<Guid> AddAsync(HttpClient api, string text, string owner)
    {
        var response = await api.PostAsJsonAsync($"/api/kommunen/{LiveDemo.Kommune}/action-items", new { field = 4, text, owner });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("actionItemId").GetGuid();
    }

    [Fact]
    public async Task unit_staff_sign_in_land_on_the_action_plan_and_change_their_own_items_status()
    {
        var api = await WebHost.ApiAsync("programmteam");
        var own = await AddAsync(api, $"Sprechstunde mehrsprachig anbieten {Guid.NewGuid():N}"[..48], "Sozialamt");
        var other = await AddAsync(api, $"Terminvergabe online übersetzen {Guid.NewGuid():N}"[..46], "Bürgerservice");

        var (context, page, errors) = await browser.OpenAsync();
        await using var _ = context;
        var landed = await Browser.SignInAsync(page, "Sozialamt Beispielstadt");

        Assert.Equal($"/kommunen/{LiveDemo.Kommune}/aktionsplan", landed);
        Assert.Equal(0, await page.Locator($"#hb-{other:N} form").CountAsync());
        var card = page.Locator($"#hb-{own:N}");
        Assert.Equal(0, await card.GetByRole(AriaRole.Button, new() { Name = "Zuständigkeit und Frist speichern" }).CountAsync());
        await card.Locator("summary").ClickAsync();
        await page.Locator($"#status-{own:N}-status").SelectOptionAsync("in Arbeit");
        await card.GetByRole(AriaRole.Button, new() { Name = "Status speichern" }).ClickAsync();

        Assert.Contains("Status gespeichert.", await page.Locator("main [role=status]").First.InnerTextAsync());
        var plan = await api.GetFromJsonAsync<JsonElement>($"/api/kommunen/{LiveDemo.Kommune}/action-plan", Web);
        var item = plan.GetProperty("fields").EnumerateArray().SelectMany(f => f.GetProperty("items").EnumerateArray()).Single(i => i.GetProperty("id").GetGuid() == own);
        Assert.Equal("in Arbeit", item.GetProperty("status").GetString());
        Assert.Empty(await Browser.SeriousViolationsAsync(page));
        Assert.Empty(errors);
    }
}
