using Hangfire;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Host.Reminders;

/// <summary>A reminder's Hangfire job, so a newer plan, completion or cancellation can delete it.</summary>
public sealed class ReminderJobRecord
{
    /// <summary>Kommune/milestone/key, as the delivery claim.</summary>
    public string Id { get; set; } = "";

    public Guid MilestoneId { get; set; }

    public string JobId { get; set; } = "";

    public DateTimeOffset FireAt { get; set; }
}

/// <summary>
/// The mechanism (#6): one Hangfire delayed job per planned reminder, its job id tracked.
/// This Marten subscription runs in the async daemon (on exactly one node, distributed by
/// Wolverine) and turns every live <see cref="RemindersPlanned"/> into jobs at their instants; a
/// newer plan, a completion or a cancellation deletes the jobs still waiting. The subscription's
/// progress commits with the job records, so after a crash it resumes without losing a plan; a
/// plan seen twice finds its records and schedules nothing again. Imported history has no plans to
/// schedule (its decisions plan none). The jobs only send a command; whether a reminder is still
/// wanted is decided when it fires.
/// </summary>
public sealed class ReminderScheduling(IBackgroundJobClient jobs, TimeProvider clock, ILogger<ReminderScheduling> logger) : SubscriptionBase
{
    public const string SubscriptionName = "reminder-scheduling";

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken ct)
    {
        // Records stored in this page are not committed yet, so queries would miss them.
        var stored = new List<ReminderJobRecord>();
        foreach (var e in page.Events)
        {
            switch (e.Data)
            {
                case RemindersPlanned plan:
                    await Supersede(operations, stored, plan.MilestoneId, keep: plan.Plan, ct);
                    foreach (var r in plan.Reminders) await Schedule(operations, stored, plan, r, ct);
                    break;
                case MilestoneCompleted done:
                    await Supersede(operations, stored, done.MilestoneId, keep: null, ct);
                    break;
                case MilestoneCancelled cancelled:
                    await Supersede(operations, stored, cancelled.MilestoneId, keep: null, ct);
                    break;
                case UnitEmailConfirmationRequested requested:
                    // The job sends one link per request (the event's sequence), so a replay sends nothing twice.
                    jobs.Enqueue<AddressConfirmationJob>(j => j.Run(requested.KommuneId, requested.Unit, requested.Version, e.Sequence, CancellationToken.None));
                    break;
            }
        }

        return NullChangeListener.Instance;
    }

    private async Task Schedule(IDocumentOperations operations, List<ReminderJobRecord> stored, RemindersPlanned plan, PlannedReminder r, CancellationToken ct)
    {
        var id = DeliveryClaims.Id(plan.KommuneId, plan.MilestoneId, r.Key);
        if (stored.Any(x => x.Id == id) || await operations.LoadAsync<ReminderJobRecord>(id, ct) is not null) return;
        var jobId = r.FireAt <= clock.GetUtcNow()
            ? jobs.Enqueue<ReminderJob>(j => j.Run(plan.KommuneId, plan.MilestoneId, r.Key, CancellationToken.None))
            : jobs.Schedule<ReminderJob>(j => j.Run(plan.KommuneId, plan.MilestoneId, r.Key, CancellationToken.None), r.FireAt);
        var record = new ReminderJobRecord { Id = id, MilestoneId = plan.MilestoneId, JobId = jobId, FireAt = r.FireAt };
        operations.Store(record);
        stored.Add(record);
        logger.LogDebug("Reminder {Id} scheduled for {FireAt:O} as job {JobId}", id, r.FireAt, jobId);
    }

    /// <summary>Deletes the waiting jobs of older plans (or all, when the milestone is done or cancelled).</summary>
    private async Task Supersede(IDocumentOperations operations, List<ReminderJobRecord> stored, Guid milestoneId, int? keep, CancellationToken ct)
    {
        var prefix = keep is { } plan ? $"/p{plan}-" : null;
        var committed = await operations.Query<ReminderJobRecord>().Where(x => x.MilestoneId == milestoneId).ToListAsync(ct);
        var records = committed.Concat(stored.Where(x => x.MilestoneId == milestoneId)).DistinctBy(x => x.Id).ToList();
        foreach (var record in records.Where(x => prefix is null || !x.Id.Contains(prefix, StringComparison.Ordinal)))
        {
            jobs.Delete(record.JobId);
            operations.Delete(record);
            stored.RemoveAll(x => x.Id == record.Id);
        }
    }
}
