using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Meilensteine;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Erinnerungen;

/// <summary>Replace the Kommune's reminder policy; the open milestones' reminders are planned anew.</summary>
public sealed record SetReminderPolicy(string KommuneId, IReadOnlyList<int>? OffsetsDays, string? SendTime, int? EscalationDays, long? ExpectedVersion) : IKommuneCommand;

public sealed record ReminderPolicyReply(IReadOnlyList<int> OffsetsDays, string SendTime, int EscalationDays, long Version);

/// <summary>Sent by the reminder job: deliver this reminder if it is still wanted.</summary>
public sealed record DeliverReminder(string KommuneId, Guid MilestoneId, string ReminderKey) : IKommuneCommand;

/// <summary>Record that the SMTP server accepted the reminder (after sending).</summary>
public sealed record RecordReminderSent(string KommuneId, Guid MilestoneId, string ReminderKey, string Recipient, string MessageId, int Attempt) : IKommuneCommand;

/// <summary>Record a failed delivery attempt.</summary>
public sealed record RecordReminderFailed(string KommuneId, Guid MilestoneId, string ReminderKey, int Attempt, string Error) : IKommuneCommand;

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

public static class ReminderDecisions
{
    /// <summary>The next reminder plan of a milestone, at the instant <paramref name="now"/>.</summary>
    public static RemindersPlanned Plan(KommuneJourney state, Guid milestoneId, int plan, string? dueDate, string? dueAt, DateTimeOffset now) =>
        new(state.Id, milestoneId, plan, ReminderPlanner.Plan(state.ReminderPolicy, dueDate, dueAt, plan, now));

    public static IReadOnlyList<object> Decide(SetReminderPolicy c, KommuneJourney state, DateTimeOffset now)
    {
        var v = new Validation();
        ReminderPolicy.Validate(v, c.OffsetsDays, c.SendTime, c.EscalationDays);
        v.ThrowIfInvalid();
        ItemVersion.Check($"Kommune {state.Id}", c.ExpectedVersion, state.DataVersion);
        var policy = new ReminderPolicy(c.OffsetsDays!.OrderDescending().ToList(), c.SendTime!, c.EscalationDays!.Value);
        if (policy.SameAs(state.ReminderPolicy)) return [];

        var events = new List<object> { new ReminderPolicySet(state.Id, policy.OffsetsDays, policy.SendTime, policy.EscalationDays) };
        var after = state with { ReminderPolicy = policy };
        // Only milestones planned live have reminders; imported history never gets any.
        events.AddRange(state.Milestones.Values
            .Where(m => m.Status == MilestoneStatus.Offen && m.Plan > 0)
            .OrderBy(m => m.Id)
            .Select(m => Plan(after, m.Id, m.Plan + 1, m.DueDate, m.DueAt, now)));
        return events;
    }

    /// <summary>
    /// Whether a reminder is still to be delivered: the milestone is open, the reminder belongs to
    /// its current plan, and it was not sent yet. Null: nothing to do (the job ends quietly).
    /// </summary>
    public static ReminderDelivery? Deliverable(KommuneJourney? state, DeliverReminder c)
    {
        if (state?.Milestones.GetValueOrDefault(c.MilestoneId) is not { Status: MilestoneStatus.Offen } m) return null;
        if (m.Reminders.GetValueOrDefault(c.ReminderKey) is not { Sent: false } slot) return null;

        var to = new List<ReminderRecipient>();
        if (slot.Kind == ReminderKinds.Eskalation && state.FacilitatorId is { } facilitator) to.Add(new ReminderRecipient(null, null, facilitator));
        foreach (var unit in new[] { m.Owner, state.LeadOffice }.OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase))
        {
            to.Add(new ReminderRecipient(unit, state.FindUnit(unit)?.Email, null));
        }

        return new ReminderDelivery(state.Id, m.Id, c.ReminderKey, slot.Kind, slot.OffsetDays, slot.Attempts + 1, to,
            slot.Kind == ReminderKinds.Eskalation ? null : m.OwnerPersonId);
    }

    public static IReadOnlyList<object> Decide(RecordReminderSent c, KommuneJourney state) =>
        Slot(state, c.MilestoneId, c.ReminderKey) is { Sent: false }
            ? [new ReminderSent(state.Id, c.MilestoneId, c.ReminderKey, c.Recipient, c.MessageId, c.Attempt)]
            : [];

    public static IReadOnlyList<object> Decide(RecordReminderFailed c, KommuneJourney state) =>
        Slot(state, c.MilestoneId, c.ReminderKey) is { Sent: false }
            ? [new ReminderDeliveryFailed(state.Id, c.MilestoneId, c.ReminderKey, c.Attempt, c.Error.Length > 300 ? c.Error[..300] : c.Error)]
            : [];

    private static ReminderSlot? Slot(KommuneJourney state, Guid milestoneId, string key) =>
        state.Milestones.GetValueOrDefault(milestoneId)?.Reminders.GetValueOrDefault(key);
}

public static class ReminderPolicyHandler
{
    public static (ReminderPolicyReply, Events) Handle(SetReminderPolicy command, [WriteAggregate(nameof(SetReminderPolicy.KommuneId))] KommuneJourney journey, TimeProvider clock)
    {
        var events = ReminderDecisions.Decide(command, journey, clock.GetUtcNow());
        var after = events.Aggregate((KommuneJourney?)journey, KommuneJourney.Next)!;
        var policy = after.ReminderPolicy;
        return (new ReminderPolicyReply(policy.OffsetsDays, policy.SendTime, policy.EscalationDays, after.DataVersion), new Events(events));
    }
}
