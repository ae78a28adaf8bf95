using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Workflow.Reminders;

/// <summary>Sent by the reminder job: deliver this reminder if it is still wanted.</summary>
public sealed record DeliverReminder(string KommuneId, Guid MilestoneId, string ReminderKey) : IKommuneCommand
{
    public string MilestoneKey => MilestoneState.Key(KommuneId, MilestoneId);
}

/// <summary>Record that the SMTP server accepted the reminder (after sending).</summary>
public sealed record RecordReminderSent(string KommuneId, Guid MilestoneId, string ReminderKey, string Recipient, string MessageId, int Attempt) : IKommuneCommand
{
    public string MilestoneKey => MilestoneState.Key(KommuneId, MilestoneId);
}

/// <summary>Record a failed delivery attempt.</summary>
public sealed record RecordReminderFailed(string KommuneId, Guid MilestoneId, string ReminderKey, int Attempt, string Error) : IKommuneCommand
{
    public string MilestoneKey => MilestoneState.Key(KommuneId, MilestoneId);
}

/// <summary>Record that the Kommune's daily mail cap held a mail back (a reminder's attempt, or with MilestoneId null an address confirmation).</summary>
public sealed record RecordDailyMailCapReached(string KommuneId, DateOnly Day, int Cap, Guid? MilestoneId, string? ReminderKey, int Attempt) : IKommuneCommand
{
    public string MilestoneKey => MilestoneState.Key(KommuneId, MilestoneId ?? Guid.Empty);
}

/// <summary>How often a reminder is tried: the first attempt and twelve retries (the job's backoff), then it is given up.</summary>
public static class DeliveryAttempts
{
    public const int Retries = 12;

    public const int Max = Retries + 1;
}

/// <summary>What recording an outcome changed; Abandoned: the reminder was given up with it.</summary>
public sealed record ReminderRecorded(bool Changed, bool Abandoned = false)
{
    public static ReminderRecorded Of(IReadOnlyList<object> events) => new(events.Count > 0, events.Any(e => e is ReminderAbandoned));
}

/// <summary>
/// A reminder to deliver now: who gets it (units by name, the facilitator by person id, in order
/// of preference — the first with an address receives it; the owner person in copy).
/// </summary>
public sealed record ReminderDelivery(
    string KommuneId, Guid MilestoneId, string ReminderKey, string Kind, int OffsetDays, int Attempt,
    IReadOnlyList<ReminderRecipient> To, Guid? CopyPerson);

/// <summary>
/// A unit of the Kommune (with its functional address, if any: a vault reference, resolved by the
/// mailer at sending time) or a person (address in the person record).
/// </summary>
public sealed record ReminderRecipient(string? Unit, People.PersonalRef? UnitEmail, Guid? PersonId)
{
    public string Label => Unit is not null ? $"stelle:{Unit}" : $"person:{PersonId}";
}

public static class DeliverReminderDecision
{
    /// <summary>
    /// Whether a reminder is still to be delivered: the milestone is open, the reminder belongs to
    /// its current plan, and it was not sent yet. Null: nothing to do (the job ends quietly).
    /// </summary>
    public static ReminderDelivery? Deliverable(DeliverReminder c, KommuneState? kommune, MilestoneState? milestone)
    {
        if (kommune is null || milestone is not { IsOpen: true } m) return null;
        if (m.Reminders.GetValueOrDefault(c.ReminderKey) is not { Sent: false, Abandoned: false } slot) return null;

        var to = new List<ReminderRecipient>();
        if (slot.Kind == ReminderKinds.Eskalation && kommune.FacilitatorId is { } facilitator) to.Add(new ReminderRecipient(null, null, facilitator));
        foreach (var unit in new[] { m.Owner, kommune.LeadOffice }.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            // An address the Kommune set that its holder has not confirmed yet receives nothing: the next in line (the lead office) does.
            to.Add(new ReminderRecipient(unit, kommune.FindUnit(unit)?.MailableEmail, null));
        }

        return new ReminderDelivery(kommune.Id, m.MilestoneId, c.ReminderKey, slot.Kind, slot.OffsetDays, slot.Attempts + 1, to,
            slot.Kind == ReminderKinds.Eskalation ? null : m.OwnerPersonId);
    }

    public static IReadOnlyList<object> Decide(RecordReminderSent c, MilestoneState? milestone) =>
        milestone?.Reminders.GetValueOrDefault(c.ReminderKey) is { Sent: false }
            ? [new ReminderSent(c.KommuneId, c.MilestoneId, c.ReminderKey, c.Recipient, c.MessageId, c.Attempt)]
            : [];

    /// <summary>The failed attempt; after the last one the reminder is given up (ReminderAbandoned).</summary>
    public static IReadOnlyList<object> Decide(RecordReminderFailed c, MilestoneState? milestone)
    {
        if (milestone?.Reminders.GetValueOrDefault(c.ReminderKey) is not { Sent: false, Abandoned: false }) return [];
        var error = c.Error.Length > 300 ? c.Error[..300] : c.Error;
        return [new ReminderDeliveryFailed(c.KommuneId, c.MilestoneId, c.ReminderKey, c.Attempt, error), .. AbandonedAfter(c.KommuneId, c.MilestoneId, c.ReminderKey, c.Attempt, error)];
    }

    /// <summary>The cap held the mail back: an attempt of the reminder (given up after the last one), or an address confirmation.</summary>
    public static IReadOnlyList<object> Decide(RecordDailyMailCapReached c, MilestoneState? milestone)
    {
        var reached = new DailyMailCapReached(c.KommuneId, c.Day, c.Cap, c.MilestoneId, c.ReminderKey, c.Attempt);
        if (c.MilestoneId is not { } m || c.ReminderKey is not { } key) return [reached with { MilestoneId = null, ReminderKey = null, Attempt = 0 }];
        if (milestone?.Reminders.GetValueOrDefault(key) is not { Sent: false, Abandoned: false }) return [];
        return [reached, .. AbandonedAfter(c.KommuneId, m, key, c.Attempt, $"Tageshöchstzahl von {c.Cap} E-Mails der Kommune erreicht.")];
    }

    private static IEnumerable<object> AbandonedAfter(string kommune, Guid milestone, string key, int attempt, string reason) =>
        attempt >= DeliveryAttempts.Max ? [new ReminderAbandoned(kommune, milestone, key, attempt, reason)] : [];
}
