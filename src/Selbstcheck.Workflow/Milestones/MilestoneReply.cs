using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Milestones;

/// <summary>The reply of the milestone commands: the milestone's status and version after the change.</summary>
public sealed record MilestoneReply(Guid MilestoneId, [PersonalData(false)] string Status, long Version)
{
    public static (MilestoneReply, Events) From(MilestoneState? before, IReadOnlyList<object> events)
    {
        var after = MilestoneState.After(before, events)!;
        return (new MilestoneReply(after.MilestoneId, after.Status, after.ItemVersion), new Events(events));
    }
}
