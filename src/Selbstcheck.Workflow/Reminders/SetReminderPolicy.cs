using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Reminders;

/// <summary>Replace the Kommune's reminder policy; the open milestones' reminders are planned anew.</summary>
public sealed record SetReminderPolicy(string KommuneId, IReadOnlyList<int>? OffsetsDays, string? SendTime, int? EscalationDays, long? ExpectedVersion) : IKommuneCommand;

public sealed record ReminderPolicyReply(IReadOnlyList<int> OffsetsDays, [PersonalData(false)] string SendTime, int EscalationDays, long Version);

public static class SetReminderPolicyDecision
{
    /// <summary>The policy; each open milestone planned live gets a new plan under it (imported history never gets reminders).</summary>
    public static IReadOnlyList<object> Decide(SetReminderPolicy c, KommuneState kommune, IReadOnlyList<MilestoneState> openMilestones, CommandContext context)
    {
        var v = new Validation();
        ReminderPolicy.Validate(v, c.OffsetsDays, c.SendTime, c.EscalationDays);
        v.ThrowIfInvalid();
        ItemVersion.Check($"Kommune {kommune.Id}", c.ExpectedVersion, kommune.DataVersion);
        var policy = new ReminderPolicy(c.OffsetsDays!.OrderDescending().ToList(), c.SendTime!, c.EscalationDays!.Value);
        if (policy.SameAs(kommune.ReminderPolicy)) return [];

        var set = new ReminderPolicySet(kommune.Id, policy.OffsetsDays, policy.SendTime, policy.EscalationDays);
        var after = kommune.Apply(set);
        return [set, .. openMilestones
            .Where(m => m.IsOpen && m.Plan > 0)
            .OrderBy(m => m.MilestoneId)
            .SelectMany(m => m.ReplanReminders(after, m.DueDate, m.DueAt, context))];
    }
}

public static class SetReminderPolicyHandler
{
    public static async Task<(ReminderPolicyReply, Events)> Handle(
        SetReminderPolicy command, [KommuneStream] KommuneState kommune, IDocumentSession session, CommandContext context, CancellationToken ct)
    {
        var open = await session.Query<MilestoneState>().Where(m => m.KommuneId == kommune.Id && m.Status == MilestoneStatus.Offen).ToListAsync(ct);
        var events = SetReminderPolicyDecision.Decide(command, kommune, open, context);
        var after = kommune.After(events);
        var policy = after.ReminderPolicy;
        return (new ReminderPolicyReply(policy.OffsetsDays, policy.SendTime, policy.EscalationDays, after.DataVersion), new Events(events));
    }
}
