using System.Runtime.CompilerServices;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Host.Tests;

internal static class HostTestsSetup
{
    [ModuleInitializer]
    internal static void Init() => TestHost.Options = new TestHostOptions { Database = "hosttests", RateLimits = false };
}
