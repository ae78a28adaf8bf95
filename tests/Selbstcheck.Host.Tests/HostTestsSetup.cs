using System.Runtime.CompilerServices;
using Marten;
using Selbstcheck.Host.Tests.Platform;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests;

internal static class HostTestsSetup
{
    /// <summary>A cap low enough to reach in a test (the default is 1,000 milestones per Kommune).</summary>
    public const int MilestoneCap = 30;

    // A short claim and deadline keep the slow-server test short; a small daily cap lets a test reach it.
    [ModuleInitializer]
    internal static void Init() => TestHost.Options = new TestHostOptions
    {
        Database = "hosttests",
        RateLimits = false,
        Settings = new Dictionary<string, string>
        {
            ["Selbstcheck:Caps:Milestones"] = MilestoneCap.ToString(),
            ["Selbstcheck:Reminders:ClaimLeaseSeconds"] = "10",
            ["Selbstcheck:Smtp:SendDeadlineSeconds"] = "6",
            ["Selbstcheck:Reminders:DailyMailCapPerKommune"] = "3",
        },
        // The store's SQL, so tests can show that lists are paged in the database.
        Services = services => services.ConfigureMarten(opts => opts.Logger(SqlLog.Instance)),
    };
}
