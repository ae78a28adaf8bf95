using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

/// <summary>Reschedule (time, place) with a reason.</summary>
public sealed record RescheduleWorkshop(string KommuneId, Guid WorkshopId, string? StartsAt, string? Place, bool Online, string? Reason) : IKommuneCommand, IHasReason
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);

    public string MilestoneKey => MilestoneState.Key(KommuneId, ProgrammeMilestones.ForWorkshop(KommuneId, WorkshopId));
}

public static class RescheduleWorkshopDecision
{
    /// <summary>Moved; its programme milestone moves with it, with new reminders.</summary>
    public static IReadOnlyList<object> Decide(RescheduleWorkshop c, KommuneState kommune, WorkshopState? workshop, MilestoneState? milestone, CommandContext context)
    {
        var v = new Validation();
        WorkshopInputs.StartsAt(v, "startsAt", c.StartsAt);
        if (!c.Online && string.IsNullOrWhiteSpace(c.Place)) v.Add("place", "Ort angeben, oder \"online\": true.");
        if (string.IsNullOrWhiteSpace(c.Reason)) v.Add("reason", "Pflichtfeld: warum verschoben wird.");
        v.ThrowIfInvalid();
        if (WorkshopState.Editable(workshop, kommune.Id, c.WorkshopId).Held) throw WorkshopInputs.AlreadyHeld();
        var rescheduled = new WorkshopRescheduled(kommune.Id, c.WorkshopId, c.StartsAt!, c.Place?.Trim(), c.Online, c.Reason!.Trim());
        return [rescheduled, .. ProgrammeMilestones.Reschedule(kommune, milestone, null, rescheduled.StartsAt, rescheduled.Reason, context)];
    }
}

public static class RescheduleWorkshopHandler
{
    public static (WorkshopReply, Events) Handle(
        RescheduleWorkshop command, [KommuneStream] KommuneState kommune,
        [Item(nameof(RescheduleWorkshop.WorkshopKey))] WorkshopState? workshop, [Item(nameof(RescheduleWorkshop.MilestoneKey))] MilestoneState? milestone,
        CommandContext context) =>
        (new WorkshopReply(command.WorkshopId), new Events(RescheduleWorkshopDecision.Decide(command, kommune, workshop, milestone, context)));
}
