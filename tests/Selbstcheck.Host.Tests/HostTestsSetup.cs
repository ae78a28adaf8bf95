using System.Runtime.CompilerServices;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Tests.Platform;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests;

internal static class HostTestsSetup
{
    /// <summary>A cap low enough to reach in a test (the default is 1,000 milestones per Kommune).</summary>
    public const int MilestoneCap = 30;

    [ModuleInitializer]
    internal static void Init()
    {
        // The SMTP sink's slow mode holds a thread for seconds (its DATA event is synchronous) while the host,
        // its jobs and the other test classes share this process's thread pool: on two cores its default
        // minimum of two threads let that delay unrelated reminders by seconds.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
        TestHost.Options = Options;
    }

    private static readonly TestHostOptions Options = new()
    {
        Database = "hosttests",
        RateLimits = false,
        Settings = new Dictionary<string, string>
        {
            ["Selbstcheck:Caps:Milestones"] = MilestoneCap.ToString(),
            // A short claim and deadline keep the slow-server test short; a small daily cap lets a test reach it.
            ["Selbstcheck:Reminders:ClaimLeaseSeconds"] = "10",
            ["Selbstcheck:Smtp:SendDeadlineSeconds"] = "6",
            ["Selbstcheck:Reminders:DailyMailCapPerKommune"] = "3",
        },
        // The store's SQL, so tests can show that lists are paged in the database.
        // And every line the host logs, so a test can show that personal values never reach the log.
        Services = services =>
        {
            services.ConfigureMarten(opts => opts.Logger(SqlLog.Instance));
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(CapturedLog.Instance);
        },
    };
}
