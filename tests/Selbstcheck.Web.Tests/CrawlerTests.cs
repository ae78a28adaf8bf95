using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Selbstcheck.Host.Pages;
using Xunit.Abstractions;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// Issue #13's "done when": per role, sign in through the demo sign-in, start at "/" and follow every link
/// within the site — every page 200, lang="de", one h1, a title, nothing serious or critical for axe, no
/// sideways scrolling at 320 px, no console error (a CSP violation shows there) — and a screenshot of each.
/// Every in-page link (#…) leads to an element of its page. Every link is followed; the full check runs on the first pages of each shape (a path with its ids and query
/// values set aside — "/kommunen/x/aktionsplan/{}" — so a list of 90 items is not 90 axe runs), every further page
/// of a shape and every download the pages offer (PDF, calendar, export, chart: under /api) must answer 200.
/// #15 H5: one run per user of the demo sign-in (<see cref="DemoUsers.All"/>: programme team, facilitator, Integrationsbüro,
/// unit staff of both demo Kommunen, audit with and without personal data, workshop participants), so a role added to the
/// demo sign-in is crawled without a line here (and fails until its start page is named in <see cref="StartPages"/>).
/// </summary>
public partial class CrawlerTests(Browser browser, ITestOutputHelper output) : IClassFixture<Browser>
{
    // #15: the programme team reaches its own pages (Kommunen, people, users, catalogues) besides every Kommune's.
    private const int MaxPages = 150;

    /// <summary>Pages of one shape that get the full check; the rest of that shape only the status.</summary>
    private const int FullChecksPerShape = 2;

    private const int MaxLinks = 600;

    /// <summary>
    /// Where "/" leads each demo user of the demo sign-in, by key. #15 H5: the crawler runs for EVERY user the demo sign-in
    /// offers (<see cref="DemoUsers.All"/>): a demo user added there is crawled at once, and fails here until its start is named.
    /// </summary>
    private static readonly Dictionary<string, string> StartPages = new()
    {
        ["programmteam"] = "/kommunen",
        ["prozessbegleitung"] = "/meine-kommunen",
        ["integrationsbuero"] = "/kommunen/dessau-rosslau",
        // #14 unit staff: their Kommune's action plan.
        ["einheit-stadtentwicklung"] = "/kommunen/dessau-rosslau/aktionsplan",
        ["einheit-sozialamt-beispielstadt"] = "/kommunen/beispielstadt/aktionsplan",
        ["audit"] = "/kommunen",
        ["audit-personendaten"] = "/kommunen",
        // #15 H5 participants: what the workshops left them to read.
        ["teilnehmende"] = "/kommunen/dessau-rosslau/fuer-teilnehmende",
    };

    /// <summary>Every demo user of the demo sign-in: its label (the sign-in button) and the start page "/" must lead to.</summary>
    public static TheoryData<string, string> DemoRoles()
    {
        var data = new TheoryData<string, string>();
        foreach (var user in DemoUsers.All) data.Add(user.Label, StartPages.GetValueOrDefault(user.Key, $"(no start page named for demo user {user.Key})"));
        return data;
    }

    [Theory]
    [MemberData(nameof(DemoRoles))]
    public async Task every_page_a_role_reaches_from_its_start_is_german_accessible_and_reflows(string label, string startPage)
    {
        var watch = Stopwatch.StartNew();
        var (context, page, errors) = await browser.OpenAsync();
        await using var _ = context;
        var start = await Browser.SignInAsync(page, label);
        Assert.Equal(startPage, start);

        var folder = Browser.ScreenshotFolder(Regex.Replace(label.ToLowerInvariant().Replace("ü", "ue").Replace("ß", "ss"), "[^a-z0-9]+", "-"));
        var queue = new Queue<string>([start]);
        var seen = new HashSet<string> { AsOfOnce().Replace(start, "$1$2=*") };
        var problems = new List<string>();
        var visited = 0;
        var statusOnly = 0;
        var shapes = new Dictionary<string, int>();
        while (queue.Count > 0 && visited < MaxPages && statusOnly < MaxLinks)
        {
            var path = queue.Dequeue();
            var shape = Shape(path);
            // #15 H3: the job dashboard (/hangfire) is Hangfire's own page, not ours: like a download, its status only.
            if (path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/hangfire", StringComparison.Ordinal)
                || shapes.GetValueOrDefault(shape) >= FullChecksPerShape)
            {
                statusOnly++;
                var answer = await context.APIRequest.GetAsync(path);
                if (answer.Status != 200) problems.Add($"{path}: status {answer.Status}");
                continue;
            }

            shapes[shape] = shapes.GetValueOrDefault(shape) + 1;
            visited++;
            errors.Clear();
            var response = await page.GotoAsync(path);
            if (response?.Status != 200)
            {
                problems.Add($"{path}: status {response?.Status}");
                continue;
            }

            // A link that redirects ("/" to the start page): the page it leads to is checked once, as itself.
            var landed = new Uri(page.Url).PathAndQuery;
            if (landed != path)
            {
                visited--;
                if (seen.Add(landed)) queue.Enqueue(landed);
                continue;
            }

            if (await page.GetAttributeAsync("html", "lang") != "de") problems.Add($"{path}: lang is not de");
            var h1 = await page.Locator("h1").CountAsync();
            if (h1 != 1) problems.Add($"{path}: {h1} h1 elements");
            if (string.IsNullOrWhiteSpace(await page.TitleAsync())) problems.Add($"{path}: no title");
            foreach (var v in await Browser.SeriousViolationsAsync(page)) problems.Add($"{path}: axe {v.Impact} {v.Id} ({v.Help}) at {v.Target}, {v.Nodes} node(s)");
            var overflow = await Browser.SidewaysOverflowAt320Async(page, Path.Combine(folder, ScreenshotName(path, "-320px")));
            if (overflow > 0) problems.Add($"{path}: scrolls sideways by {overflow} px at 320 px width");
            problems.AddRange(errors.Select(e => $"{path}: console error {e}"));
            // An in-page link (a section navigation, the skip link) leads to an element of the page.
            foreach (var anchor in await page.EvalOnSelectorAllAsync<string[]>("a[href^='#']",
                         "links => links.map(a => a.getAttribute('href')).filter(h => h.length > 1 && !document.getElementById(decodeURIComponent(h.slice(1))))"))
            {
                problems.Add($"{path}: the in-page link {anchor} leads nowhere");
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, ScreenshotName(path)), FullPage = true });

            // Downloads (PDF, calendar, export: under /api) are files, not pages: their status only (above);
            // a page as of a moment is checked once per page, not per moment.
            foreach (var link in await page.EvalOnSelectorAllAsync<string[]>("a[href]", "links => links.map(a => a.href)"))
            {
                var uri = new Uri(link);
                if (uri.GetLeftPart(UriPartial.Authority) != browser.Address) continue;
                var target = uri.PathAndQuery;
                // Kommunen that other test classes register on the shared host meanwhile are theirs to check, not the demo's.
                if (KommuneOf(target) is { } kommune && !DemoKommunen.Contains(kommune)) continue;
                if (seen.Add(AsOfOnce().Replace(target, "$1$2=*"))) queue.Enqueue(target);
            }
        }

        output.WriteLine($"{label}: {visited} pages checked fully, {statusOnly} further links by status, {shapes.Count} shapes, in {watch.ElapsedMilliseconds} ms; screenshots in {folder}");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.True(visited >= 2, $"only {visited} page(s) reached from {start}");
        Assert.True(queue.Count == 0, $"more than {MaxPages} pages: {string.Join(", ", queue)}");
    }

    private static readonly HashSet<string> DemoKommunen = ["dessau-rosslau", "beispielstadt"];

    // #15 H3: the programme team's page of a Kommune (/programm/kommunen/{id}) belongs to that Kommune too.
    private static string? KommuneOf(string pathAndQuery) =>
        Regex.Match(pathAndQuery, "^(?:/programm)?/kommunen/([^/?#]+)") is { Success: true } m ? Uri.UnescapeDataString(m.Groups[1].Value) : null;

    /// <summary>A page's shape: the Kommune, ids (GUIDs, numbers) and query values set aside.</summary>
    public static string Shape(string pathAndQuery)
    {
        var parts = pathAndQuery.Split('?', 2);
        var path = Regex.Replace(parts[0], "^(/programm)?/kommunen/[^/]+", "$1/kommunen/{k}");
        path = Regex.Replace(path, "/([0-9a-fA-F]{8}-[0-9a-fA-F-]{27}|[0-9]+)(?=/|$)", "/{}");
        var keys = parts.Length > 1
            ? string.Join("&", parts[1].Split('&').Select(p => p.Split('=')[0]).Where(k => k.Length > 0).Distinct().Order(StringComparer.Ordinal))
            : "";
        return keys.Length == 0 ? path : $"{path}?{keys}";
    }

    private static string ScreenshotName(string path, string suffix = "") =>
        (path == "/" ? "start" : Regex.Replace(path.Trim('/'), "[^A-Za-z0-9-]+", "_")) + suffix + ".png";

    [GeneratedRegex(@"([?&])(stand|version)=[^&]*")]
    private static partial Regex AsOfOnce();
}
