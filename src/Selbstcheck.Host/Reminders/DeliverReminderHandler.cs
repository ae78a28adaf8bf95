using System.Text.RegularExpressions;
using Marten;
using MimeKit;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Projections.KommuneOverview;
using Selbstcheck.Projections.Milestones;
using Selbstcheck.Workflow.Erinnerungen;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine.Marten;

namespace Selbstcheck.Host.Reminders;

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
/// Delivers one reminder. The domain decides whether it is still wanted (<see cref="ReminderDecisions.Deliverable"/>);
/// the database claim makes concurrent runs send once; the outcome is recorded in the Kommune's stream.
/// Between the SMTP server's acceptance and the commit of ReminderSent a crash leaves the claim to
/// expire and the next run sends again (with the same Message-ID): delivery is at-least-once there.
/// </summary>
public static partial class DeliverReminderHandler
{
    public static async Task<ReminderOutcome> Handle(
        DeliverReminder command, IDocumentStore store, Mailer mailer, CommandSender sender, SelbstcheckSettings settings, TimeProvider clock,
        ILogger<DeliverReminder> logger, CancellationToken ct)
    {
        MilestoneView? milestone;
        KommuneOverview? kommune;
        ReminderDelivery? delivery;
        var addresses = new List<(ReminderRecipient Recipient, MailboxAddress Address)>();
        MailboxAddress? copy = null;
        await using (var query = store.QuerySession())
        {
            delivery = ReminderDecisions.Deliverable(await query.LoadAsync<KommuneJourney>(command.KommuneId, ct), command);
            if (delivery is null) return new ReminderOutcome(ReminderResult.NothingToDo);
            milestone = await query.LoadAsync<MilestoneView>(command.MilestoneId, ct);
            kommune = await query.LoadAsync<KommuneOverview>(command.KommuneId, ct);
            foreach (var r in delivery.To)
            {
                var person = r.PersonId is { } p ? await query.LoadAsync<PersonRecord>(p, ct) : null;
                var email = r.UnitEmail ?? person?.Email;
                if (email is not null) addresses.Add((r, new MailboxAddress(r.Unit ?? person!.Name, email)));
            }

            if (delivery.CopyPerson is { } c && await query.LoadAsync<PersonRecord>(c, ct) is { Email: { } ccEmail } ccPerson)
            {
                copy = new MailboxAddress(ccPerson.Name, ccEmail);
            }
        }

        if (milestone is null || kommune is null) return new ReminderOutcome(ReminderResult.NothingToDo);
        var claim = DeliveryClaims.Id(command.KommuneId, command.MilestoneId, command.ReminderKey);
        if (!await DeliveryClaims.TryClaimAsync(store, claim, settings.NodeName, TimeSpan.FromSeconds(settings.Reminders.ClaimLeaseSeconds), ct))
        {
            return new ReminderOutcome(ReminderResult.Claimed);
        }

        if (addresses.Count == 0)
        {
            return await Failed(sender, store, delivery, claim, settings,
                "Keine E-Mail-Adresse: weder die verantwortliche Stelle noch die federführende Stelle (bzw. die Prozessbegleitung) hat eine.", ct);
        }

        var (recipient, address) = addresses[0];
        try
        {
            var now = clock.GetUtcNow();
            var message = ReminderMail.Compose(delivery, milestone, kommune.Name, mailer.From, [address], copy is null ? [] : [copy], now);
            await mailer.SendAsync(message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning("Reminder {Kommune}/{Milestone}/{Key} attempt {Attempt} failed: {Error}",
                command.KommuneId, command.MilestoneId, command.ReminderKey, delivery.Attempt, Scrub(e));
            return await Failed(sender, store, delivery, claim, settings, Scrub(e), ct);
        }

        await sender.Send<ReminderRecorded>(
            new RecordReminderSent(command.KommuneId, command.MilestoneId, command.ReminderKey, recipient.Label, ReminderMail.MessageId(delivery), delivery.Attempt),
            ct, Actor.Reminders);
        logger.LogInformation("Reminder {Kommune}/{Milestone}/{Key} sent by {Node}", command.KommuneId, command.MilestoneId, command.ReminderKey, settings.NodeName);
        return new ReminderOutcome(ReminderResult.Sent);
    }

    private static async Task<ReminderOutcome> Failed(
        CommandSender sender, IDocumentStore store, ReminderDelivery delivery, string claim, SelbstcheckSettings settings, string error, CancellationToken ct)
    {
        await sender.Send<ReminderRecorded>(
            new RecordReminderFailed(delivery.KommuneId, delivery.MilestoneId, delivery.ReminderKey, delivery.Attempt, error), ct, Actor.Reminders);
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
public static class ReminderRecordHandler
{
    public static (ReminderRecorded, Events) Handle(
        RecordReminderSent command, [WriteAggregate(nameof(RecordReminderSent.KommuneId))] KommuneJourney journey, IDocumentSession session)
    {
        DeliveryClaims.MarkDelivered(session, DeliveryClaims.Id(command.KommuneId, command.MilestoneId, command.ReminderKey));
        var events = ReminderDecisions.Decide(command, journey);
        return (new ReminderRecorded(events.Count > 0), new Events(events));
    }

    public static (ReminderRecorded, Events) Handle(
        RecordReminderFailed command, [WriteAggregate(nameof(RecordReminderFailed.KommuneId))] KommuneJourney journey)
    {
        var events = ReminderDecisions.Decide(command, journey);
        return (new ReminderRecorded(events.Count > 0), new Events(events));
    }
}
