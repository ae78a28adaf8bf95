using System.ComponentModel;
using System.Text.RegularExpressions;
using Hangfire;
using Marten;
using MimeKit;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Projections.Milestones;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Reminders;
using Wolverine;
using Wolverine.Marten;

namespace Selbstcheck.Host.Reminders;

// Delivering a reminder: the Hangfire job that starts it, the handler that decides and sends, the
// handlers that record the outcome in the Kommune's stream.

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

public enum ReminderResult
{
    /// <summary>Nothing to send: the milestone is done or cancelled, the plan superseded, or the reminder already sent.</summary>
    NothingToDo,

    /// <summary>The SMTP server accepted it and ReminderSent is recorded.</summary>
    Sent,

    /// <summary>The attempt failed and ReminderDeliveryFailed is recorded; the job retries with backoff.</summary>
    Failed,

    /// <summary>Another run holds the delivery claim; the job retries after a while (the claim may belong to a dead node).</summary>
    Claimed,
}

public sealed record ReminderOutcome(ReminderResult Result);

/// <summary>
/// Delivers one reminder. The domain decides whether it is still wanted (<see cref="DeliverReminderDecision.Deliverable"/>);
/// the database claim makes concurrent runs send once; the outcome is recorded in the Kommune's stream.
/// Between the SMTP server's acceptance and the commit of ReminderSent a crash leaves the claim to
/// expire and the next run sends again (with the same Message-ID): delivery is at-least-once there.
/// </summary>
public static partial class DeliverReminderHandler
{
    public static async Task<ReminderOutcome> Handle(
        DeliverReminder command, IDocumentSession session, IDocumentStore store, Mailer mailer, IMessageBus bus, SelbstcheckSettings settings,
        CommandContext context, ILogger<DeliverReminder> logger, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var kommuneState = batch.Load<KommuneState>(command.KommuneId);
        var milestoneState = batch.Load<MilestoneState>(command.MilestoneKey);
        var milestoneView = batch.Load<MilestoneView>(command.MilestoneId);
        await batch.Execute(ct);
        var kommune = await kommuneState;
        var delivery = DeliverReminderDecision.Deliverable(command, kommune, await milestoneState);
        var milestone = await milestoneView;
        if (delivery is null || milestone is null) return new ReminderOutcome(ReminderResult.NothingToDo);

        // The people named (recipients and the copy), in one round trip.
        var personIds = delivery.To.Select(r => r.PersonId).Append(delivery.CopyPerson).OfType<Guid>().Distinct().ToArray();
        var people = personIds.Length == 0
            ? new Dictionary<Guid, PersonRecord>()
            : (await session.LoadManyAsync<PersonRecord>(ct, personIds)).ToDictionary(p => p.Id);
        var addresses = new List<(ReminderRecipient Recipient, MailboxAddress Address)>();
        foreach (var r in delivery.To)
        {
            var person = r.PersonId is { } p ? people.GetValueOrDefault(p) : null;
            var email = r.UnitEmail ?? person?.Email;
            if (email is not null) addresses.Add((r, new MailboxAddress(r.Unit ?? person!.Name, email)));
        }

        var copy = delivery.CopyPerson is { } c && people.GetValueOrDefault(c) is { Email: { } ccEmail } ccPerson
            ? new MailboxAddress(ccPerson.Name, ccEmail)
            : null;

        var claim = DeliveryClaims.Id(command.KommuneId, command.MilestoneId, command.ReminderKey);
        if (!await DeliveryClaims.TryClaimAsync(store, claim, settings.NodeName, TimeSpan.FromSeconds(settings.Reminders.ClaimLeaseSeconds), ct))
        {
            return new ReminderOutcome(ReminderResult.Claimed);
        }

        if (addresses.Count == 0)
        {
            return await Failed(bus, store, delivery, claim, settings,
                "Keine E-Mail-Adresse: weder die verantwortliche Stelle noch die federführende Stelle (bzw. die Prozessbegleitung) hat eine.", ct);
        }

        var (recipient, address) = addresses[0];
        try
        {
            var message = ReminderMail.Compose(delivery, milestone, kommune!.Name, mailer.From, [address], copy is null ? [] : [copy], context.Now);
            await mailer.SendAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning("Reminder {Kommune}/{Milestone}/{Key} attempt {Attempt} failed: {Error}",
                command.KommuneId, command.MilestoneId, command.ReminderKey, delivery.Attempt, Scrub(e));
            return await Failed(bus, store, delivery, claim, settings, Scrub(e), ct);
        }

        await bus.InvokeAsync<ReminderRecorded>(
            new RecordReminderSent(command.KommuneId, command.MilestoneId, command.ReminderKey, recipient.Label, ReminderMail.MessageId(delivery), delivery.Attempt),
            CommandHeaders.For(Actor.Reminders), ct);
        logger.LogInformation("Reminder {Kommune}/{Milestone}/{Key} sent by {Node}", command.KommuneId, command.MilestoneId, command.ReminderKey, settings.NodeName);
        return new ReminderOutcome(ReminderResult.Sent);
    }

    private static async Task<ReminderOutcome> Failed(
        IMessageBus bus, IDocumentStore store, ReminderDelivery delivery, string claim, SelbstcheckSettings settings, string error, CancellationToken ct)
    {
        await bus.InvokeAsync<ReminderRecorded>(
            new RecordReminderFailed(delivery.KommuneId, delivery.MilestoneId, delivery.ReminderKey, delivery.Attempt, error), CommandHeaders.For(Actor.Reminders), ct);
        await DeliveryClaims.ReleaseAsync(store, claim, settings.NodeName, ct);
        return new ReminderOutcome(ReminderResult.Failed);
    }

    /// <summary>The error without addresses (the audit sees it in the stream).</summary>
    private static string Scrub(Exception e) => Addresses().Replace($"{e.GetType().Name}: {e.Message}", "<Adresse>");

    [GeneratedRegex(@"[^\s<>""']+@[^\s<>""']+")]
    private static partial Regex Addresses();
}

public sealed record ReminderRecorded(bool Changed);

/// <summary>Records delivery outcomes; ReminderSent and the delivery row's "delivered" commit together.</summary>
public static class RecordReminderSentHandler
{
    public static (ReminderRecorded, Events) Handle(
        RecordReminderSent command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordReminderSent.MilestoneKey))] MilestoneState? milestone,
        IDocumentSession session)
    {
        DeliveryClaims.MarkDelivered(session, DeliveryClaims.Id(command.KommuneId, command.MilestoneId, command.ReminderKey));
        var events = DeliverReminderDecision.Decide(command, milestone);
        return (new ReminderRecorded(events.Count > 0), new Events(events));
    }
}

public static class RecordReminderFailedHandler
{
    public static (ReminderRecorded, Events) Handle(
        RecordReminderFailed command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordReminderFailed.MilestoneKey))] MilestoneState? milestone)
    {
        var events = DeliverReminderDecision.Decide(command, milestone);
        return (new ReminderRecorded(events.Count > 0), new Events(events));
    }
}
