using System.ComponentModel;
using Hangfire;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Reminders;
using Wolverine;

namespace Selbstcheck.Host.Reminders;

/// <summary>
/// The Hangfire job of one reminder. It holds no business logic: it sends <see cref="DeliverReminder"/>
/// and, when the delivery failed or another run holds the claim, fails so Hangfire retries it with
/// backoff. Arguments are ids only (the dashboard shows them).
/// </summary>
public sealed class ReminderJob(IMessageBus bus)
{
    [AutomaticRetry(Attempts = 12, DelaysInSeconds = [10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800, 43200], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Erinnerung {0} / {1} / {2}")]
    public async Task Run(string kommuneId, Guid milestoneId, string reminderKey, CancellationToken ct)
    {
        var outcome = await bus.InvokeAsync<ReminderOutcome>(new DeliverReminder(kommuneId, milestoneId, reminderKey), CommandHeaders.For(Actor.Reminders), ct);
        if (outcome.Result is ReminderResult.Failed or ReminderResult.Claimed)
        {
            throw new ReminderNotDeliveredException($"Erinnerung {kommuneId}/{milestoneId}/{reminderKey}: {outcome.Result}");
        }
    }
}

public sealed class ReminderNotDeliveredException(string message) : Exception(message);
