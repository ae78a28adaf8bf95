using System.Net;
using System.Text.Json;
using PuppeteerSharp;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests.Questionnaire;

/// <summary>
/// The chart as a browser draws it: in headless Chromium (Debian's package, which ops/test
/// installs), each field's label must sit inside the column of its level.
/// </summary>
public class ChartRenderingTests
{
    public const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task each_field_label_sits_in_its_levels_column_when_rendered()
    {
        var admin = await TestHost.Client();
        var kommune = await admin.RegisterKommune();
        var round = await admin.OpenRound(kommune);
        var (rid, _, _) = await admin.AddRespondent(kommune, round, "Steuerungsgruppe");
        await (await admin.Put($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/answers", new
        {
            answers = new[]
            {
                new { criterion = "1.1", answer = "eher ja" }, new { criterion = "3.1", answer = "ja" }, new { criterion = "5.3", answer = "nein" },
                new { criterion = "7.1", answer = "eher ja" }, new { criterion = "4.1", answer = "eher nein" }, new { criterion = "4.6", answer = "ja" },
            },
        })).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/respondents/{rid}/submit", null)).ShouldBe(HttpStatusCode.OK);
        await (await admin.PostAsync($"/api/kommunen/{kommune}/rounds/{round}/close", null)).ShouldBe(HttpStatusCode.OK);
        var svg = await admin.GetStringAsync($"/api/kommunen/{kommune}/rounds/{round}/chart.svg");
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: ops/test installs Debian's chromium package");

        await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            UserDataDir = Directory.CreateTempSubdirectory("selbstcheck-chromium").FullName,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        await using var page = await browser.NewPageAsync();
        await page.SetContentAsync($"<!DOCTYPE html><html><body style=\"margin:0\">{svg}</body></html>");

        var placements = await page.EvaluateFunctionAsync<JsonElement>("""
            () => {
              const columns = [...document.querySelectorAll('rect.column')].map(r => ({ level: r.dataset.level, box: r.getBoundingClientRect() }));
              return [...document.querySelectorAll('g.field')].map(g => {
                const label = g.querySelector('text.field-label').getBoundingClientRect();
                const cx = label.left + label.width / 2, cy = label.top + label.height / 2;
                const column = columns.find(c => cx >= c.box.left && cx <= c.box.right && cy >= c.box.top && cy <= c.box.bottom);
                return { field: g.dataset.field, expected: g.dataset.level, column: column ? column.level : null, width: label.width };
              });
            }
            """);

        var rendered = placements.EnumerateArray().ToList();
        Assert.Equal(7, rendered.Count);
        Assert.All(rendered, p => Assert.Equal(p.GetProperty("expected").GetString(), p.GetProperty("column").GetString()));
        Assert.All(rendered, p => Assert.True(p.GetProperty("width").GetDouble() > 50, "label rendered with text"));
        var levels = rendered.ToDictionary(p => p.GetProperty("field").GetString()!, p => p.GetProperty("column").GetString());
        Assert.Equal(("2", "3", "1"), (levels["1"], levels["3"], levels["5"]));
    }
}
