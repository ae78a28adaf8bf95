using System.Runtime.CompilerServices;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests;

internal static class HostTestsSetup
{
    // A short claim and deadline keep the slow-server test short; a small daily cap lets a test reach it.
    [ModuleInitializer]
    internal static void Init() => TestHost.Options = new TestHostOptions
    {
        Database = "hosttests",
        RateLimits = false,
        Settings = new Dictionary<string, string>
        {
            ["Selbstcheck:Reminders:ClaimLeaseSeconds"] = "10",
            ["Selbstcheck:Smtp:SendDeadlineSeconds"] = "6",
            ["Selbstcheck:Reminders:DailyMailCapPerKommune"] = "3",
        },
    };
}
