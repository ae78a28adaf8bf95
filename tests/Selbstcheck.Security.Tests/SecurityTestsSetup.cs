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
        Services = services => services.AddSingleton<ILoggerProvider>(Logs),
        // Forwarded headers from one named proxy only (SignInTests checks another address is ignored).
        Settings = new Dictionary<string, string>
        {
            ["Selbstcheck:ForwardedHeaders"] = "true",
            ["Selbstcheck:KnownProxies"] = "10.20.30.40",
        },
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
