using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Milestones;

public sealed record CompleteMilestone(string KommuneId, Guid MilestoneId, long? ExpectedVersion) : IKommuneCommand
{
    public string MilestoneKey => MilestoneState.Key(KommuneId, MilestoneId);
}

public static class CompleteMilestoneDecision
{
    /// <summary>Done; the reminders still waiting are dropped.</summary>
    public static IReadOnlyList<object> Decide(CompleteMilestone c, string kommune, MilestoneState? milestone)
    {
        var m = MilestoneState.RequireOpen(milestone, kommune, c.MilestoneId, c.ExpectedVersion);
        return [m.Complete()];
    }
}

public static class CompleteMilestoneHandler
{
    public static (MilestoneReply, Events) Handle(
        CompleteMilestone command, [KommuneStream] KommuneState kommune, [Item(nameof(CompleteMilestone.MilestoneKey))] MilestoneState? milestone) =>
        MilestoneReply.From(milestone, CompleteMilestoneDecision.Decide(command, kommune.Id, milestone));
}
