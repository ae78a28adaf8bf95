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

/// <summary>
/// A reminder to deliver now: who gets it (units by name, the facilitator by person id, in order
/// of preference — the first with an address receives it; the owner person in copy).
/// </summary>
public sealed record ReminderDelivery(
    string KommuneId, Guid MilestoneId, string ReminderKey, string Kind, int OffsetDays, int Attempt,
    IReadOnlyList<ReminderRecipient> To, Guid? CopyPerson);

/// <summary>A unit of the Kommune (with its functional address, if any) or a person (address in the person record).</summary>
public sealed record ReminderRecipient(string? Unit, string? UnitEmail, Guid? PersonId)
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
        if (m.Reminders.GetValueOrDefault(c.ReminderKey) is not { Sent: false } slot) return null;

        var to = new List<ReminderRecipient>();
        if (slot.Kind == ReminderKinds.Eskalation && kommune.FacilitatorId is { } facilitator) to.Add(new ReminderRecipient(null, null, facilitator));
        foreach (var unit in new[] { m.Owner, kommune.LeadOffice }.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            to.Add(new ReminderRecipient(unit, kommune.FindUnit(unit)?.Email, null));
        }

        return new ReminderDelivery(kommune.Id, m.MilestoneId, c.ReminderKey, slot.Kind, slot.OffsetDays, slot.Attempts + 1, to,
            slot.Kind == ReminderKinds.Eskalation ? null : m.OwnerPersonId);
    }

    public static IReadOnlyList<object> Decide(RecordReminderSent c, MilestoneState? milestone) =>
        milestone?.Reminders.GetValueOrDefault(c.ReminderKey) is { Sent: false }
            ? [new ReminderSent(c.KommuneId, c.MilestoneId, c.ReminderKey, c.Recipient, c.MessageId, c.Attempt)]
            : [];

    public static IReadOnlyList<object> Decide(RecordReminderFailed c, MilestoneState? milestone) =>
        milestone?.Reminders.GetValueOrDefault(c.ReminderKey) is { Sent: false }
            ? [new ReminderDeliveryFailed(c.KommuneId, c.MilestoneId, c.ReminderKey, c.Attempt, c.Error.Length > 300 ? c.Error[..300] : c.Error)]
            : [];
}
