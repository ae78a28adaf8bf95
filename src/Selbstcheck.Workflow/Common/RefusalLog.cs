using Microsoft.Extensions.Logging;
using Wolverine;

namespace Selbstcheck.Workflow.Common;

/// <summary>
/// How a refused command is logged, whoever sent it: at Information, with the command's type, its
/// Kommune, the problem, the actor's opaque id and role and the correlation id — never the command's
/// content (addresses, titles, notes) and never a stack trace. Wolverine's own failure line, which
/// prints the whole message, is silenced for the Workflow's categories (see the host's log filters).
/// </summary>
public static class RefusalLog
{
    public const string Category = "Selbstcheck.Refusals";

    public static void Write(ILoggerFactory loggers, Envelope? envelope, DomainProblem problem)
    {
        var logger = loggers.CreateLogger(Category);
        if (!logger.IsEnabled(LogLevel.Information)) return;
        var command = envelope?.Message;
        var actor = CommandHeaders.Read(envelope?.Headers ?? new Dictionary<string, string?>(), DateTimeOffset.MinValue).Actor;
        logger.LogInformation("Refused {Command} for Kommune {KommuneId}: {Status} {Problem}, user {UserId} ({Role}), correlation {CorrelationId}",
            command?.GetType().Name ?? "?", Printable((command as IKommuneCommand)?.KommuneId), problem.Status, problem.Type,
            Printable(actor.Id), Printable(actor.Role), Printable(envelope?.CorrelationId));
    }

    /// <summary>Client-chosen values (a Kommune id that failed validation) never break a log line or fill it.</summary>
    public static string Printable(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "-";
        var chars = value.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray();
        return new string(chars) + (value.Length > 64 ? "…" : "");
    }
}
