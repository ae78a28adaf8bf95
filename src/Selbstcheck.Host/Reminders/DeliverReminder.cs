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
    // The decision gives a reminder up after DeliveryAttempts.Max recorded attempts; Hangfire allows a
    // few runs more, for runs that found the claim held or could not reach the database (they record no attempt).
    [AutomaticRetry(Attempts = DeliveryAttempts.Retries + 4,
        DelaysInSeconds = [10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 28800, 43200, 43200, 43200, 43200, 43200],
        OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisplayName("Erinnerung {0} / {1} / {2}")]
    public async Task Run(string kommuneId, Guid milestoneId, string reminderKey, CancellationToken ct)
    {
        var outcome = await bus.InvokeAsync<ReminderOutcome>(new DeliverReminder(kommuneId, milestoneId, reminderKey), CommandHeaders.For(Actor.Reminders), ct);
        if (outcome.Result is ReminderResult.Failed or ReminderResult.Claimed or ReminderResult.HeldBack)
        {
            throw new ReminderNotDeliveredException($"Erinnerung {kommuneId}/{milestoneId}/{reminderKey}: {outcome.Result}");
        }
    }
}

public sealed class ReminderNotDeliveredException(string message) : Exception(message);

public enum ReminderResult
{
    /// <summary>Nothing to send: the milestone is done or cancelled, the plan superseded, the reminder already sent or given up.</summary>
    NothingToDo,

    /// <summary>The SMTP server accepted it and ReminderSent is recorded.</summary>
    Sent,

    /// <summary>The attempt failed and ReminderDeliveryFailed is recorded; the job retries with backoff.</summary>
    Failed,

    /// <summary>Another run holds the delivery claim; the job retries after a while (the claim may belong to a dead node).</summary>
    Claimed,

    /// <summary>The Kommune reached its daily mail cap: DailyMailCapReached is recorded; the job retries with backoff.</summary>
    HeldBack,

    /// <summary>That was the last attempt: ReminderAbandoned is recorded; no more retries.</summary>
    Abandoned,
}

public sealed record ReminderOutcome(ReminderResult Result);

/// <summary>
/// Delivers one reminder. The domain decides whether it is still wanted (<see cref="DeliverReminderDecision.Deliverable"/>);
/// the database claim makes concurrent runs send once; the Kommune's daily cap bounds how many mails
/// it sends; the outcome is recorded in the Kommune's stream. One deadline below the claim's lease
/// bounds the whole attempt, so no other node can take the claim over while this one still sends.
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
        // Unit addresses are resolved from the personal-data vault at sending time (an erased one is gone: the next in line gets the mail).
        var addresses = await Personal.PersonalData.LoadAsync(session, delivery.To.Select(r => r.UnitEmail), visible: true, ct);
        var to = delivery.To
            .Select(r => (Recipient: r, Name: r.Unit ?? (r.PersonId is { } p ? people.GetValueOrDefault(p)?.Name : null) ?? "",
                Email: addresses.Value(r.UnitEmail) ?? (r.PersonId is { } q ? people.GetValueOrDefault(q)?.Email : null)))
            .FirstOrDefault(r => r.Email is not null);
        MailboxAddress? copy = null;
        if (delivery.CopyPerson is { } c && people.GetValueOrDefault(c) is { Email: { } ccEmail } ccPerson)
        {
            copy = Mailbox(ccPerson.Name, ccEmail);
            if (copy is null) logger.LogWarning("Reminder {Kommune}/{Milestone}/{Key}: the owner person's address is unusable; no copy", command.KommuneId, command.MilestoneId, command.ReminderKey);
        }

        // The deadline runs from before the claim: the whole attempt ends before the lease does.
        using var deadline = mailer.StartDeadline(ct);
        var claim = DeliveryClaims.Id(command.KommuneId, command.MilestoneId, command.ReminderKey);
        if (!await DeliveryClaims.TryClaimAsync(store, claim, settings.NodeName, TimeSpan.FromSeconds(settings.Reminders.ClaimLeaseSeconds), ct))
        {
            return new ReminderOutcome(ReminderResult.Claimed);
        }

        if (to.Email is null)
        {
            return await Failed(bus, store, delivery, claim, settings, logger,
                "Keine E-Mail-Adresse: weder die verantwortliche Stelle noch die federführende Stelle (bzw. die Prozessbegleitung) hat eine bestätigte.", ct);
        }

        if (Mailbox(to.Name, to.Email) is not { } address)
        {
            return await Failed(bus, store, delivery, claim, settings, logger, $"Unbrauchbare E-Mail-Adresse ({to.Recipient.Label}); die Adresse ist nicht wiedergegeben.", ct);
        }

        var day = context.Today;
        if (!await MailQuota.TryTakeAsync(store, command.KommuneId, day, settings.Reminders.DailyMailCapPerKommune, ct))
        {
            var held = await bus.InvokeAsync<ReminderRecorded>(
                new RecordDailyMailCapReached(command.KommuneId, day, settings.Reminders.DailyMailCapPerKommune, command.MilestoneId, command.ReminderKey, delivery.Attempt),
                CommandHeaders.For(Actor.Reminders), ct);
            await DeliveryClaims.ReleaseAsync(store, claim, settings.NodeName, ct);
            logger.LogWarning("Reminder {Kommune}/{Milestone}/{Key} held back: the Kommune reached its daily cap of {Cap} mails",
                command.KommuneId, command.MilestoneId, command.ReminderKey, settings.Reminders.DailyMailCapPerKommune);
            return Abandoned(held, delivery, logger) ?? new ReminderOutcome(ReminderResult.HeldBack);
        }

        try
        {
            var message = ReminderMail.Compose(delivery, milestone, kommune!.Name, mailer.From, [address], copy is null ? [] : [copy], context.Now, settings.PublicUrl);
            await mailer.SendAsync(message, deadline.Token, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await MailQuota.GiveBackAsync(store, command.KommuneId, day, CancellationToken.None);
            logger.LogWarning("Reminder {Kommune}/{Milestone}/{Key} attempt {Attempt} failed: {Error}",
                command.KommuneId, command.MilestoneId, command.ReminderKey, delivery.Attempt, Scrub(e));
            return await Failed(bus, store, delivery, claim, settings, logger, Scrub(e), ct);
        }

        await bus.InvokeAsync<ReminderRecorded>(
            new RecordReminderSent(command.KommuneId, command.MilestoneId, command.ReminderKey, to.Recipient.Label, ReminderMail.MessageId(delivery), delivery.Attempt),
            CommandHeaders.For(Actor.Reminders), ct);
        logger.LogInformation("Reminder {Kommune}/{Milestone}/{Key} sent by {Node}", command.KommuneId, command.MilestoneId, command.ReminderKey, settings.NodeName);
        return new ReminderOutcome(ReminderResult.Sent);
    }

    private static async Task<ReminderOutcome> Failed(
        IMessageBus bus, IDocumentStore store, ReminderDelivery delivery, string claim, SelbstcheckSettings settings, ILogger logger, string error, CancellationToken ct)
    {
        var recorded = await bus.InvokeAsync<ReminderRecorded>(
            new RecordReminderFailed(delivery.KommuneId, delivery.MilestoneId, delivery.ReminderKey, delivery.Attempt, error), CommandHeaders.For(Actor.Reminders), ct);
        await DeliveryClaims.ReleaseAsync(store, claim, settings.NodeName, ct);
        return Abandoned(recorded, delivery, logger) ?? new ReminderOutcome(ReminderResult.Failed);
    }

    /// <summary>The one Error of a reminder given up (the decision records ReminderAbandoned once).</summary>
    private static ReminderOutcome? Abandoned(ReminderRecorded recorded, ReminderDelivery delivery, ILogger logger)
    {
        if (!recorded.Abandoned) return null;
        logger.LogError("Reminder {Kommune}/{Milestone}/{Key} abandoned after {Attempts} attempts", delivery.KommuneId, delivery.MilestoneId, delivery.ReminderKey, delivery.Attempt);
        return new ReminderOutcome(ReminderResult.Abandoned);
    }

    /// <summary>A mailbox MailKit can send to, or null for an unusable address.</summary>
    public static MailboxAddress? Mailbox(string name, string email)
    {
        try
        {
            var mailbox = new MailboxAddress(name, email.Trim());
            return mailbox.Address.Contains('@') && !string.IsNullOrEmpty(mailbox.Domain) ? mailbox : null;
        }
        catch (ParseException)
        {
            return null;
        }
    }

    /// <summary>The error without addresses (the audit sees it in the stream).</summary>
    private static string Scrub(Exception e) => Scrub($"{e.GetType().Name}: {e.Message}");

    public static string Scrub(string text) => Addresses().Replace(text, "<Adresse>");

    [GeneratedRegex(@"[^\s<>""']*@[^\s<>""']*")]
    private static partial Regex Addresses();
}

/// <summary>Records delivery outcomes; ReminderSent and the delivery row's "delivered" commit together.</summary>
public static class RecordReminderSentHandler
{
    public static (ReminderRecorded, Events) Handle(
        RecordReminderSent command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordReminderSent.MilestoneKey))] MilestoneState? milestone,
        IDocumentSession session)
    {
        DeliveryClaims.MarkDelivered(session, DeliveryClaims.Id(command.KommuneId, command.MilestoneId, command.ReminderKey));
        var events = DeliverReminderDecision.Decide(command, milestone);
        return (ReminderRecorded.Of(events), new Events(events));
    }
}

public static class RecordReminderFailedHandler
{
    public static (ReminderRecorded, Events) Handle(
        RecordReminderFailed command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordReminderFailed.MilestoneKey))] MilestoneState? milestone)
    {
        var events = DeliverReminderDecision.Decide(command, milestone);
        return (ReminderRecorded.Of(events), new Events(events));
    }
}

public static class RecordDailyMailCapReachedHandler
{
    public static (ReminderRecorded, Events) Handle(
        RecordDailyMailCapReached command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordDailyMailCapReached.MilestoneKey))] MilestoneState? milestone)
    {
        var events = DeliverReminderDecision.Decide(command, milestone);
        return (ReminderRecorded.Of(events), new Events(events));
    }
}
