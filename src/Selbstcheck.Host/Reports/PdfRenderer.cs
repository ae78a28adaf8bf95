using System.Diagnostics;
using System.Globalization;
using PuppeteerSharp;
using PuppeteerSharp.Media;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Reports;

/// <summary>
/// Renders HTML the service produced to PDF in headless Chromium (Debian's package): JavaScript
/// off, every network request refused (the documents carry their styles and charts inline). Work
/// is bounded (<see cref="RenderQueue"/>): a few renders at a time, a short queue before them (503
/// when full) and one deadline per request that includes the wait. One browser is started on first
/// use and kept; its profile folder is deleted when it closes, and folders left by processes that
/// died are deleted when the next renderer starts.
/// </summary>
public sealed class PdfRenderer : IAsyncDisposable
{
    public const string ProfilePrefix = "selbstcheck-pdf-";

    private readonly SemaphoreSlim _start = new(1, 1);
    private readonly ILogger<PdfRenderer> _logger;
    private IBrowser? _browser;
    private string? _profile;

    public PdfRenderer(SelbstcheckSettings settings, IConfiguration configuration, TimeProvider clock, ILogger<PdfRenderer> logger)
    {
        _logger = logger;
        ExecutablePath = configuration["Selbstcheck:Chromium"] ?? "/usr/bin/chromium";
        ProfileRoot = string.IsNullOrWhiteSpace(settings.Pdf.ProfileRoot) ? Path.GetTempPath() : settings.Pdf.ProfileRoot;
        Queue = new RenderQueue(settings.Pdf.Concurrency, settings.Pdf.QueueLength, TimeSpan.FromSeconds(settings.Pdf.TimeoutSeconds), clock);
        DeleteOrphanedProfiles();
    }

    public string ExecutablePath { get; }

    /// <summary>Where the browser's temporary profile folders are made.</summary>
    public string ProfileRoot { get; }

    /// <summary>The profile folder of the running browser (null when none runs).</summary>
    public string? CurrentProfile => _profile;

    public RenderQueue Queue { get; }

    /// <summary>The PDF, or <see cref="RenderUnavailable"/> (503) when the queue is full or the deadline passes.</summary>
    public async Task<byte[]> RenderAsync(string html, CancellationToken ct)
    {
        using var lease = await Queue.EnterAsync(ct);
        try
        {
            var browser = await BrowserAsync().WaitAsync(lease.Deadline);
            await using var page = await browser.NewPageAsync().WaitAsync(lease.Deadline);
            await page.SetJavaScriptEnabledAsync(false).WaitAsync(lease.Deadline);
            await page.SetRequestInterceptionAsync(true).WaitAsync(lease.Deadline);
            page.Request += (_, e) => _ = e.Request.AbortAsync();
            await page.SetContentAsync(html, new SetContentOptions { Timeout = lease.RemainingMilliseconds }).WaitAsync(lease.Deadline);
            return await page.PdfDataAsync(new PdfOptions
            {
                Format = PaperFormat.A4,
                PrintBackground = true,
                MarginOptions = new MarginOptions { Top = "18mm", Bottom = "18mm", Left = "16mm", Right = "16mm" },
            }).WaitAsync(lease.Deadline);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (e is OperationCanceledException or TimeoutException || lease.Deadline.IsCancellationRequested))
        {
            _logger.LogWarning("A PDF render passed its deadline of {Seconds} s", Queue.Deadline.TotalSeconds);
            throw RenderUnavailable.DeadlinePassed(Queue);
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

            await CloseBrowserAsync(); // a crashed browser: its profile goes too
            _logger.LogInformation("Starting headless Chromium for PDF rendering");
            var profile = Path.Combine(ProfileRoot, $"{ProfilePrefix}{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(profile);
            _profile = profile;
            _browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                UserDataDir = profile,
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

    private async Task CloseBrowserAsync()
    {
        var browser = _browser;
        var profile = _profile;
        _browser = null;
        _profile = null;
        if (browser is not null)
        {
            try
            {
                await browser.CloseAsync();
            }
            catch (Exception e)
            {
                _logger.LogDebug(e, "Closing Chromium failed (it may have crashed)");
            }

            await browser.DisposeAsync();
        }

        if (profile is not null) DeleteProfile(profile);
    }

    /// <summary>Profile folders of renderers whose process is gone (killed, crashed): nobody else deletes them.</summary>
    private void DeleteOrphanedProfiles()
    {
        if (!Directory.Exists(ProfileRoot)) return;
        foreach (var dir in Directory.EnumerateDirectories(ProfileRoot, ProfilePrefix + "*"))
        {
            var rest = Path.GetFileName(dir)[ProfilePrefix.Length..];
            var dash = rest.IndexOf('-');
            if (dash <= 0 || !int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (pid == Environment.ProcessId || IsRunning(pid)) continue;
            StopBrowsersOf(dir);
            DeleteProfile(dir);
        }
    }

    /// <summary>
    /// A browser outlives its renderer's process when that process was killed: it would keep running
    /// (and, once its profile is gone, spin). Stops every process started with this profile (Linux: /proc).
    /// </summary>
    private void StopBrowsersOf(string profile)
    {
        if (!OperatingSystem.IsLinux()) return;
        var marker = $"--user-data-dir={profile}";
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(entry, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile, or not ours
            }

            if (!commandLine.Split(' ').Contains(marker, StringComparer.Ordinal)) continue;
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                _logger.LogInformation("Stopped an orphaned Chromium (pid {Pid}) of a renderer that is gone", pid);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // exited meanwhile, or not ours to stop
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private void DeleteProfile(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Could not delete the Chromium profile {Folder}: {Reason}", dir, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseBrowserAsync();
    }
}

/// <summary>
/// Admission to rendering: at most <c>concurrency</c> at a time and <c>queueLength</c> waiting; a
/// request beyond them is refused at once. Each admitted request gets one deadline from its
/// admission — the wait for a renderer included.
/// </summary>
public sealed class RenderQueue(int concurrency, int queueLength, TimeSpan deadline, TimeProvider clock)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, concurrency), Math.Max(1, concurrency));
    private int _admitted;

    public int Capacity { get; } = Math.Max(1, concurrency) + Math.Max(0, queueLength);

    public TimeSpan Deadline { get; } = deadline;

    /// <summary>Requests running or waiting.</summary>
    public int Admitted => Volatile.Read(ref _admitted);

    public async Task<Lease> EnterAsync(CancellationToken ct)
    {
        if (Interlocked.Increment(ref _admitted) > Capacity)
        {
            Interlocked.Decrement(ref _admitted);
            throw RenderUnavailable.QueueFull(this);
        }

        var timer = new CancellationTokenSource(Deadline, clock);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        var started = clock.GetTimestamp();
        try
        {
            await _slots.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            linked.Dispose();
            timer.Dispose();
            Interlocked.Decrement(ref _admitted);
            if (ct.IsCancellationRequested) throw;
            throw RenderUnavailable.DeadlinePassed(this);
        }

        return new Lease(this, timer, linked, started, clock);
    }

    private void Leave()
    {
        _slots.Release();
        Interlocked.Decrement(ref _admitted);
    }

    /// <summary>A running render's place; its token is cancelled at the deadline (or when the client goes).</summary>
    public sealed class Lease(RenderQueue queue, CancellationTokenSource timer, CancellationTokenSource linked, long started, TimeProvider clock) : IDisposable
    {
        private int _disposed;

        public CancellationToken Deadline => linked.Token;

        public int RemainingMilliseconds => Math.Max(1, (int)(queue.Deadline - clock.GetElapsedTime(started)).TotalMilliseconds);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            queue.Leave();
            linked.Dispose();
            timer.Dispose();
        }
    }
}

/// <summary>503: rendering is busy (queue full) or took too long; the client may retry after <see cref="RetryAfterSeconds"/>.</summary>
public sealed class RenderUnavailable(string type, string title, string detail, int retryAfterSeconds) : Exception(detail)
{
    public string Type { get; } = type;

    public string Title { get; } = title;

    public string Detail { get; } = detail;

    public int RetryAfterSeconds { get; } = retryAfterSeconds;

    public static RenderUnavailable QueueFull(RenderQueue queue) => new("pdf-warteschlange-voll", "PDF-Erstellung ausgelastet",
        $"Es werden gerade {queue.Capacity} PDF-Dokumente erstellt oder warten darauf; bitte später erneut versuchen.", 5);

    public static RenderUnavailable DeadlinePassed(RenderQueue queue) => new("pdf-zeitlimit", "PDF-Erstellung dauerte zu lange",
        $"Das PDF-Dokument war nicht innerhalb von {(int)queue.Deadline.TotalSeconds} Sekunden fertig; bitte später erneut versuchen.",
        Math.Max(1, (int)Math.Ceiling(queue.Deadline.TotalSeconds / 2)));

    /// <summary>The answer: 503 with Retry-After and a German ProblemDetails.</summary>
    public IResult ToResult() => new UnavailableResult(this);

    private sealed class UnavailableResult(RenderUnavailable problem) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.Headers.RetryAfter = problem.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Problems.Write(context, Problems.Create(context, 503, problem.Type, problem.Title, problem.Detail));
        }
    }
}
