using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

/// <summary>Schedule a workshop. The id is minted by the caller.</summary>
public sealed record ScheduleWorkshop(string KommuneId, Guid WorkshopId, string? Title, string? StartsAt, string? Place, bool Online, string? Moderation) : IKommuneCommand;

public static class ScheduleWorkshopDecision
{
    /// <summary>The workshop; its date becomes a programme milestone of the lead office.</summary>
    public static IReadOnlyList<object> Decide(ScheduleWorkshop c, KommuneState kommune, CommandContext context)
    {
        var v = new Validation();
        WorkshopInputs.StartsAt(v, "startsAt", c.StartsAt);
        if (!c.Online && string.IsNullOrWhiteSpace(c.Place)) v.Add("place", "Ort angeben, oder \"online\": true.");
        if (c.Title is { Length: > 200 }) v.Add("title", "Höchstens 200 Zeichen.");
        if (c.Moderation is { Length: > 200 }) v.Add("moderation", "Höchstens 200 Zeichen.");
        v.ThrowIfInvalid();
        var scheduled = new WorkshopScheduled(kommune.Id, c.WorkshopId, string.IsNullOrWhiteSpace(c.Title) ? "Selbstcheck-Workshop" : c.Title.Trim(),
            c.StartsAt!, c.Place?.Trim(), c.Online, string.IsNullOrWhiteSpace(c.Moderation) ? null : context.Vault.Seal(kommune.Id, c.Moderation.Trim()));
        IReadOnlyList<object> events = [scheduled, .. ProgrammeMilestones.ForWorkshopDate(kommune, scheduled, context)];
        context.Limits.Enforce(kommune, events);
        return events;
    }
}

public static class ScheduleWorkshopHandler
{
    public static (WorkshopReply, Events) Handle(ScheduleWorkshop command, [KommuneStream] KommuneState kommune, CommandContext context)
    {
        var events = ScheduleWorkshopDecision.Decide(command, kommune, context);
        return (new WorkshopReply(events.OfType<WorkshopScheduled>().Single().WorkshopId), new Events(events));
    }
}
