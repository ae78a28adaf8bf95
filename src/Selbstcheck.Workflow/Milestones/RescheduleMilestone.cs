using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Reminders;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Milestones;

public sealed record RescheduleMilestone(string KommuneId, Guid MilestoneId, string? DueDate, string? DueAt, string? Reason, long? ExpectedVersion) : IKommuneCommand, IHasReason
{
    public string MilestoneKey => MilestoneState.Key(KommuneId, MilestoneId);
}

public static class RescheduleMilestoneDecision
{
    /// <summary>A new due with its reason; the reminders are planned anew.</summary>
    public static IReadOnlyList<object> Decide(RescheduleMilestone c, KommuneState kommune, MilestoneState? milestone, CommandContext context)
    {
        var v = new Validation();
        Due.ValidateOneOf(v, c.DueDate, c.DueAt);
        v.Require(!string.IsNullOrWhiteSpace(c.Reason), "reason", "Pflichtfeld: warum verschoben wird.");
        v.ThrowIfInvalid();
        var m = MilestoneState.RequireOpen(milestone, kommune.Id, c.MilestoneId, c.ExpectedVersion);
        return m.Reschedule(kommune, c.DueDate, c.DueAt, c.Reason!.Trim(), context);
    }
}

public static class RescheduleMilestoneHandler
{
    public static (MilestoneReply, Events) Handle(
        RescheduleMilestone command, [KommuneStream] KommuneState kommune, [Item(nameof(RescheduleMilestone.MilestoneKey))] MilestoneState? milestone,
        CommandContext context) =>
        MilestoneReply.From(milestone, RescheduleMilestoneDecision.Decide(command, kommune, milestone, context));
}
