using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

public sealed record CancelWorkshop(string KommuneId, Guid WorkshopId, string? Reason) : IKommuneCommand, IHasReason
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);

    public string MilestoneKey => MilestoneState.Key(KommuneId, ProgrammeMilestones.ForWorkshop(KommuneId, WorkshopId));
}

public static class CancelWorkshopDecision
{
    /// <summary>Cancelled, and its programme milestone with it.</summary>
    public static IReadOnlyList<object> Decide(CancelWorkshop c, string kommune, WorkshopState? workshop, MilestoneState? milestone)
    {
        new Validation().Require(!string.IsNullOrWhiteSpace(c.Reason), "reason", "Pflichtfeld: warum abgesagt wird.").ThrowIfInvalid();
        if (WorkshopState.Editable(workshop, kommune, c.WorkshopId).Held) throw WorkshopInputs.AlreadyHeld();
        var reason = c.Reason!.Trim();
        return [new WorkshopCancelled(kommune, c.WorkshopId, reason), .. ProgrammeMilestones.Cancel(milestone, reason)];
    }
}

public static class CancelWorkshopHandler
{
    public static (WorkshopReply, Events) Handle(
        CancelWorkshop command, [KommuneStream] KommuneState kommune,
        [Item(nameof(CancelWorkshop.WorkshopKey))] WorkshopState? workshop, [Item(nameof(CancelWorkshop.MilestoneKey))] MilestoneState? milestone) =>
        (new WorkshopReply(command.WorkshopId), new Events(CancelWorkshopDecision.Decide(command, kommune.Id, workshop, milestone)));
}
