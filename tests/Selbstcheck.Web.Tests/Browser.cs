using System.Diagnostics;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// One headless Chromium (Debian's, driven by Playwright through its executable path) per test class;
/// every test opens its own context (cookies of its own). axe-core is injected into every page as an
/// init script (no page.RunAxe(): that costs seconds per call).
/// </summary>
public sealed class Browser(IMessageSink sink) : IAsyncLifetime
{
    private static readonly string AxeScript = new BundledAxeScriptProvider().GetScript();

    private IPlaywright? _playwright;

    public IBrowser? Instance { get; private set; }

    public string Address { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Address = await WebHost.Address;
        var started = Stopwatch.StartNew();
        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        sink.OnMessage(new DiagnosticMessage($"Chromium {Instance.Version} started in {started.ElapsedMilliseconds} ms; host at {Address}"));
    }

    public async Task DisposeAsync()
    {
        if (Instance is not null) await Instance.CloseAsync();
        _playwright?.Dispose();
    }

    /// <summary>A fresh context (no cookies) with axe injected into every page it opens, and a record of console errors (CSP violations among them).</summary>
    public async Task<(IBrowserContext Context, IPage Page, List<string> Errors)> OpenAsync()
    {
        var context = await Instance!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address,
            Locale = "de-DE",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        await context.AddInitScriptAsync(AxeScript);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error") errors.Add(message.Text);
        };
        page.PageError += (_, error) => errors.Add(error);
        return (context, page, errors);
    }

    /// <summary>Signs in through the demo sign-in page as the demo user with that label; returns where "/" led.</summary>
    public static async Task<string> SignInAsync(IPage page, string label)
    {
        await page.GotoAsync("/");
        Assert.EndsWith("/demo-anmeldung", new Uri(page.Url).AbsolutePath);
        await page.GetByRole(AriaRole.Button, new() { Name = $"Anmelden als {label}", Exact = true }).ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.Load);
        return new Uri(page.Url).PathAndQuery;
    }

    public sealed record Violation(string Id, string Impact, string Help, int Nodes, string Target);

    /// <summary>axe's serious and critical violations on the page as it is.</summary>
    public static async Task<List<Violation>> SeriousViolationsAsync(IPage page)
    {
        var found = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length, target: v.nodes[0].target.join(' ') }));
            }
            """);
        return found.Deserialize<List<Violation>>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }

    /// <summary>
    /// How far the page scrolls sideways at a width of 320 CSS pixels (data tables scroll inside their own container);
    /// with <paramref name="screenshot"/>, the page as it looks at that width is written there.
    /// </summary>
    public static async Task<int> SidewaysOverflowAt320Async(IPage page, string? screenshot = null)
    {
        var before = page.ViewportSize!;
        await page.SetViewportSizeAsync(320, 800);
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        if (screenshot is not null) await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        await page.SetViewportSizeAsync(before.Width, before.Height);
        return overflow;
    }

    /// <summary>Where screenshots go: artifacts/web-screenshots at the repository root (git-ignored), or SELBSTCHECK_ARTIFACTS.</summary>
    public static string ScreenshotFolder(string group)
    {
        var root = Environment.GetEnvironmentVariable("SELBSTCHECK_ARTIFACTS");
        if (string.IsNullOrEmpty(root))
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Selbstcheck.sln"))) dir = dir.Parent;
            root = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "artifacts");
        }

        var folder = Path.Combine(root, "web-screenshots", group);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
