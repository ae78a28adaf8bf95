using PuppeteerSharp;
using PuppeteerSharp.Media;

namespace Selbstcheck.Host.Reports;

/// <summary>
/// Renders HTML the service produced to PDF in headless Chromium (Debian's package): JavaScript
/// off, every network request refused (the documents carry their styles and charts inline), at
/// most two renders at a time. One browser is started on first use and kept.
/// </summary>
public sealed class PdfRenderer(IConfiguration configuration, ILogger<PdfRenderer> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _renders = new(2, 2);
    private readonly SemaphoreSlim _start = new(1, 1);
    private IBrowser? _browser;

    public string ExecutablePath => configuration["Selbstcheck:Chromium"] ?? "/usr/bin/chromium";

    public async Task<byte[]> RenderAsync(string html, CancellationToken ct)
    {
        await _renders.WaitAsync(ct);
        try
        {
            var browser = await BrowserAsync();
            await using var page = await browser.NewPageAsync();
            await page.SetJavaScriptEnabledAsync(false);
            await page.SetRequestInterceptionAsync(true);
            page.Request += (_, e) => _ = e.Request.AbortAsync();
            await page.SetContentAsync(html, new SetContentOptions { Timeout = 30_000 });
            return await page.PdfDataAsync(new PdfOptions
            {
                Format = PaperFormat.A4,
                PrintBackground = true,
                MarginOptions = new MarginOptions { Top = "18mm", Bottom = "18mm", Left = "16mm", Right = "16mm" },
            });
        }
        finally
        {
            _renders.Release();
        }
    }

    private async Task<IBrowser> BrowserAsync()
    {
        if (_browser is { IsClosed: false }) return _browser;
        await _start.WaitAsync();
        try
        {
            if (_browser is { IsClosed: false }) return _browser;
            if (!File.Exists(ExecutablePath))
            {
                throw new InvalidOperationException($"Chromium not found at {ExecutablePath}: install Debian's chromium package (ops/run does).");
            }

            logger.LogInformation("Starting headless Chromium for PDF rendering");
            _browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                UserDataDir = Directory.CreateTempSubdirectory("selbstcheck-pdf").FullName,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage"],
            });
            return _browser;
        }
        finally
        {
            _start.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
    }
}
