using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Milestones;

public sealed record CancelMilestone(string KommuneId, Guid MilestoneId, string? Reason, long? ExpectedVersion) : IKommuneCommand, IHasReason
{
    public string MilestoneKey => MilestoneState.Key(KommuneId, MilestoneId);
}

public static class CancelMilestoneDecision
{
    /// <summary>Cancelled with its reason; the reminders still waiting are dropped.</summary>
    public static IReadOnlyList<object> Decide(CancelMilestone c, string kommune, MilestoneState? milestone)
    {
        new Validation().Require(!string.IsNullOrWhiteSpace(c.Reason), "reason", "Pflichtfeld: warum abgesagt wird.").ThrowIfInvalid();
        var m = MilestoneState.RequireOpen(milestone, kommune, c.MilestoneId, c.ExpectedVersion);
        return [m.Cancel(c.Reason!.Trim())];
    }
}

public static class CancelMilestoneHandler
{
    public static (MilestoneReply, Events) Handle(
        CancelMilestone command, [KommuneStream] KommuneState kommune, [Item(nameof(CancelMilestone.MilestoneKey))] MilestoneState? milestone) =>
        MilestoneReply.From(milestone, CancelMilestoneDecision.Decide(command, kommune.Id, milestone));
}
