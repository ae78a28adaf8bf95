using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Selbstcheck.Host.Tests.Platform;

/// <summary>Every line the test host logs (after the service's own log filters), for tests that prove what never reaches the log.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    public static readonly CapturedLog Instance = new();

    private readonly ConcurrentQueue<string> lines = new();

    public string Text => string.Join('\n', lines);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
