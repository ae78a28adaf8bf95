using Microsoft.Playwright;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// #15 H1: a facilitator's steps of preparing a workshop, through the pages as a person takes them (the schedule form
/// on the workshops page, the lists of the preparation page), for every flow test that needs a prepared workshop.
/// Each list step replaces the whole list as the page does: existing rows are overwritten or ticked "entfernen",
/// and when there are more items than empty rows the list is saved and continued (as one saves as one goes).
/// A refused save fails the step with the page's message.
/// </summary>
public static class WorkshopSteps
{
    public sealed record AgendaItem(string? Time, string Item, string? Who);

    public sealed record Institution(string Sector, string Name);

    public sealed record Partner(string Organisation, string Role, string? Note = null);

    public sealed record Frame(
        string? WelcomeBy = null,
        IReadOnlyList<string>? WelcomePoints = null,
        IReadOnlyList<Partner>? Partners = null,
        string? ProjectBy = null,
        IReadOnlyList<string>? ProjectPoints = null,
        string? AimsBy = null,
        string? Leitmotiv = null,
        string? LeitmotivBy = null,
        string? ResultsBy = null,
        IReadOnlyDictionary<int, string>? FieldTitles = null,
        string? Annex = null);

    public static string PreparationPath(string kommuneId, Guid workshop) => $"/kommunen/{kommuneId}/workshops/{workshop}/vorbereitung";

    /// <summary>Schedules a workshop on the workshops page ("2026-07-01T13:00", Europe/Berlin); returns its id (the page leads on to its preparation).</summary>
    public static async Task<Guid> ScheduleAsync(IPage page, string kommuneId, string title, string startsAt, string place = "Rathaus", string? moderation = null)
    {
        await page.GotoAsync($"/kommunen/{kommuneId}/workshops");
        var form = page.Locator("#planen form");
        await form.GetByLabel("Titel", new() { Exact = true }).FillAsync(title);
        await form.GetByLabel("Beginn (Datum und Uhrzeit)").FillAsync(startsAt);
        await form.GetByLabel("Ort", new() { Exact = true }).FillAsync(place);
        if (moderation is not null) await form.GetByLabel("Moderation", new() { Exact = true }).FillAsync(moderation);
        await SubmitAsync(page, form.GetByRole(AriaRole.Button, new() { Name = "Workshop planen" }));
        var path = new Uri(page.Url).AbsolutePath.Split('/');
        if (path[^1] != "vorbereitung") throw new InvalidOperationException($"Scheduling did not lead to the preparation: {page.Url}");
        return Guid.Parse(path[^2]);
    }

    /// <summary>Sets goals and agenda (time, item, who) on the preparation page.</summary>
    public static async Task SetAgendaAsync(IPage page, string kommuneId, Guid workshop, IReadOnlyList<string> goals, IReadOnlyList<AgendaItem> items)
    {
        await OpenAsync(page, kommuneId, workshop);
        await ReplaceListAsync(page, "agenda", "items", "title", items.Count, "Ziele und Ablauf speichern",
            form => form.Locator("textarea[name=goals]").FillAsync(string.Join("\n", goals)),
            async (form, row, i) =>
            {
                await Input(form, $"items[{row}].time").FillAsync(items[i].Time ?? "");
                await Input(form, $"items[{row}].title").FillAsync(items[i].Item);
                await Input(form, $"items[{row}].by").FillAsync(items[i].Who ?? "");
            });
    }

    /// <summary>Sets the participating institutions by sector on the preparation page.</summary>
    public static async Task SetParticipantsAsync(IPage page, string kommuneId, Guid workshop, IReadOnlyList<Institution> institutions)
    {
        await OpenAsync(page, kommuneId, workshop);
        await ReplaceListAsync(page, "teilnehmende", "institutions", "name", institutions.Count, "Teilnehmende speichern", null,
            async (form, row, i) =>
            {
                await Input(form, $"institutions[{row}].sector").SelectOptionAsync(institutions[i].Sector);
                await Input(form, $"institutions[{row}].name").FillAsync(institutions[i].Name);
            });
    }

    /// <summary>Sets the documentation's frame (#14) on the preparation page; what is not given is left empty.</summary>
    public static async Task SetFrameAsync(IPage page, string kommuneId, Guid workshop, Frame frame)
    {
        await OpenAsync(page, kommuneId, workshop);
        var partners = frame.Partners ?? [];
        await ReplaceListAsync(page, "rahmen", "partners", "organisation", partners.Count, "Rahmen speichern",
            async form =>
            {
                await Input(form, "welcome.by").FillAsync(frame.WelcomeBy ?? "");
                await Input(form, "welcome.points").FillAsync(string.Join("\n", frame.WelcomePoints ?? []));
                await Input(form, "project.by").FillAsync(frame.ProjectBy ?? "");
                await Input(form, "project.points").FillAsync(string.Join("\n", frame.ProjectPoints ?? []));
                await Input(form, "aimsBy").FillAsync(frame.AimsBy ?? "");
                await Input(form, "leitmotiv").FillAsync(frame.Leitmotiv ?? "");
                await Input(form, "leitmotivBy").FillAsync(frame.LeitmotivBy ?? "");
                await Input(form, "resultsBy").FillAsync(frame.ResultsBy ?? "");
                await Input(form, "annex").FillAsync(frame.Annex ?? "");
                var titles = form.Locator("input[name^='fieldTitles.']");
                for (var i = 0; i < await titles.CountAsync(); i++)
                {
                    var name = await titles.Nth(i).GetAttributeAsync("name");
                    var n = int.Parse(name!["fieldTitles.".Length..], System.Globalization.CultureInfo.InvariantCulture);
                    await titles.Nth(i).FillAsync(frame.FieldTitles?.GetValueOrDefault(n) ?? "");
                }
            },
            async (form, row, i) =>
            {
                await Input(form, $"partners[{row}].organisation").FillAsync(partners[i].Organisation);
                await Input(form, $"partners[{row}].role").FillAsync(partners[i].Role);
                await Input(form, $"partners[{row}].note").FillAsync(partners[i].Note ?? "");
            });
    }

    /// <summary>Clicks a submit button and waits for the next page (post/redirect/get, or the page again with a refusal).</summary>
    public static async Task SubmitAsync(IPage page, ILocator button)
    {
        await page.EvaluateAsync("() => { window.__vorher = true; }");
        await button.ClickAsync();
        await page.WaitForFunctionAsync("() => window.__vorher === undefined");
        await page.WaitForLoadStateAsync(LoadState.Load);
    }

    private static ILocator Input(ILocator form, string name) => form.Locator($"[name='{name}']");

    private static async Task OpenAsync(IPage page, string kommuneId, Guid workshop)
    {
        var path = PreparationPath(kommuneId, workshop);
        if (new Uri(page.Url).AbsolutePath != path) await page.GotoAsync(path);
    }

    /// <summary>
    /// Replaces a list of the preparation page: the first pass overwrites the existing rows (ticking "entfernen" on rows
    /// left over) and fills the empty ones; while items remain, it saves and fills the new empty rows.
    /// </summary>
    private static async Task ReplaceListAsync(IPage page, string section, string list, string key, int count, string save,
        Func<ILocator, Task>? once, Func<ILocator, int, int, Task> fill)
    {
        var next = 0;
        var first = true;
        while (first || next < count)
        {
            var form = page.Locator($"#{section} form");
            if (first && once is not null) await once(form);
            var rows = await form.Locator($"[name^='{list}['][name$='].{key}']").CountAsync();
            var existing = await form.Locator($"[name^='{list}['][name$='].remove']").CountAsync();
            for (var row = first ? 0 : next; row < rows; row++)
            {
                var remove = row < existing ? Input(form, $"{list}[{row}].remove") : null;
                if (next < count)
                {
                    await fill(form, row, next++);
                    if (remove is not null) await remove.SetCheckedAsync(false);
                }
                else if (remove is not null)
                {
                    await remove.SetCheckedAsync(true);
                }
            }

            await SubmitAsync(page, form.GetByRole(AriaRole.Button, new() { Name = save }));
            var refusal = page.Locator(".kern-alert--danger");
            if (await refusal.CountAsync() > 0) throw new InvalidOperationException($"Saving \"{save}\" was refused: {await refusal.InnerTextAsync()}");
            first = false;
        }
    }
}
