using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

public sealed record MarkWorkshopHeld(string KommuneId, Guid WorkshopId) : IKommuneCommand
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);

    public string MilestoneKey => MilestoneState.Key(KommuneId, ProgrammeMilestones.ForWorkshop(KommuneId, WorkshopId));
}

public static class MarkWorkshopHeldDecision
{
    /// <summary>Held; its programme milestone is completed.</summary>
    public static IReadOnlyList<object> Decide(MarkWorkshopHeld c, string kommune, WorkshopState? workshop, MilestoneState? milestone)
    {
        if (WorkshopState.Editable(workshop, kommune, c.WorkshopId).Held) throw WorkshopInputs.AlreadyHeld();
        return [new WorkshopHeld(kommune, c.WorkshopId), .. ProgrammeMilestones.Complete(milestone)];
    }
}

public static class MarkWorkshopHeldHandler
{
    public static (WorkshopReply, Events) Handle(
        MarkWorkshopHeld command, [KommuneStream] KommuneState kommune,
        [Item(nameof(MarkWorkshopHeld.WorkshopKey))] WorkshopState? workshop, [Item(nameof(MarkWorkshopHeld.MilestoneKey))] MilestoneState? milestone) =>
        (new WorkshopReply(command.WorkshopId), new Events(MarkWorkshopHeldDecision.Decide(command, kommune.Id, workshop, milestone)));
}
