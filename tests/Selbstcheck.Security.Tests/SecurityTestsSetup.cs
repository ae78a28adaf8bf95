using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Security.Tests;

internal static class SecurityTestsSetup
{
    /// <summary>Every log line the host writes, for the tests that check what is (not) logged.</summary>
    public static readonly LogCollector Logs = new();

    [ModuleInitializer]
    internal static void Init() => TestHost.Options = new TestHostOptions
    {
        Database = "securitytests",
        // The matrix runs with rate limits switched off (the limits have their own test project).
        RateLimits = false,
        // The matrix builds a fresh item per cell in one Kommune: far more than one Kommune may hold in use.
        Settings = new Dictionary<string, string>
        {
            ["Selbstcheck:Caps:Workshops"] = "100000",
            ["Selbstcheck:Caps:Milestones"] = "100000",
            ["Selbstcheck:Caps:ActionItems"] = "100000",
            ["Selbstcheck:Caps:Rounds"] = "100000",
            ["Selbstcheck:Caps:Respondents"] = "100000",
            // No job server: nothing but the requests of a test appends to a stream (the fuzz test checks
            // that a refused request changes nothing), and no reminder goes out.
            ["Selbstcheck:JobServer"] = "false",
            // Forwarded headers from one named proxy only (SignInTests checks another address is ignored).
            ["Selbstcheck:ForwardedHeaders"] = "true",
            ["Selbstcheck:KnownProxies"] = "10.20.30.40",
        }.Concat(MatrixWorld.ActorGroupSettings()).ToDictionary(),
        Services = services => services.AddSingleton<ILoggerProvider>(Logs),
    };
}

public sealed class LogCollector : ILoggerProvider
{
    public ConcurrentQueue<(string Category, LogLevel Level, string Message)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Entries.Enqueue((category, logLevel, formatter(state, exception) + (exception is null ? "" : " " + exception)));
    }
}
