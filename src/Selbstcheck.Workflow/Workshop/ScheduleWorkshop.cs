using Selbstcheck.Workflow.Meilensteine;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshop;

/// <summary>Schedule a workshop. The id is minted by the caller.</summary>
public sealed record ScheduleWorkshop(string KommuneId, Guid WorkshopId, string? Title, string? StartsAt, string? Place, bool Online, string? Moderation) : IKommuneCommand;

/// <summary>Reschedule (time, place) with a reason.</summary>
public sealed record RescheduleWorkshop(string KommuneId, Guid WorkshopId, string? StartsAt, string? Place, bool Online, string? Reason) : IKommuneCommand;

public sealed record CancelWorkshop(string KommuneId, Guid WorkshopId, string? Reason) : IKommuneCommand;

public sealed record MarkWorkshopHeld(string KommuneId, Guid WorkshopId) : IKommuneCommand;

public sealed record WorkshopReply(Guid WorkshopId);

public static class WorkshopScheduleDecisions
{
    public static IReadOnlyList<object> Decide(ScheduleWorkshop c, KommuneJourney state)
    {
        var v = new Validation();
        WorkshopRules.StartsAt(v, "startsAt", c.StartsAt);
        if (!c.Online && string.IsNullOrWhiteSpace(c.Place)) v.Add("place", "Ort angeben, oder \"online\": true.");
        if (c.Title is { Length: > 200 }) v.Add("title", "Höchstens 200 Zeichen.");
        if (c.Moderation is { Length: > 200 }) v.Add("moderation", "Höchstens 200 Zeichen.");
        v.ThrowIfInvalid();
        return [new WorkshopScheduled(state.Id, c.WorkshopId, string.IsNullOrWhiteSpace(c.Title) ? "Selbstcheck-Workshop" : c.Title.Trim(),
            c.StartsAt!, c.Place?.Trim(), c.Online, c.Moderation?.Trim())];
    }

    public static IReadOnlyList<object> Decide(RescheduleWorkshop c, KommuneJourney state)
    {
        var v = new Validation();
        WorkshopRules.StartsAt(v, "startsAt", c.StartsAt);
        if (!c.Online && string.IsNullOrWhiteSpace(c.Place)) v.Add("place", "Ort angeben, oder \"online\": true.");
        if (string.IsNullOrWhiteSpace(c.Reason)) v.Add("reason", "Pflichtfeld: warum verschoben wird.");
        v.ThrowIfInvalid();
        var w = WorkshopRules.Editable(state, c.WorkshopId);
        if (w.Held) throw Held();
        return [new WorkshopRescheduled(state.Id, c.WorkshopId, c.StartsAt!, c.Place?.Trim(), c.Online, c.Reason!.Trim())];
    }

    public static IReadOnlyList<object> Decide(CancelWorkshop c, KommuneJourney state)
    {
        new Validation().Require(!string.IsNullOrWhiteSpace(c.Reason), "reason", "Pflichtfeld: warum abgesagt wird.").ThrowIfInvalid();
        var w = WorkshopRules.Editable(state, c.WorkshopId);
        if (w.Held) throw Held();
        return [new WorkshopCancelled(state.Id, c.WorkshopId, c.Reason!.Trim())];
    }

    public static IReadOnlyList<object> Decide(MarkWorkshopHeld c, KommuneJourney state)
    {
        var w = WorkshopRules.Editable(state, c.WorkshopId);
        if (w.Held) throw Held();
        return [new WorkshopHeld(state.Id, c.WorkshopId)];
    }

    private static RuleViolation Held() =>
        new("workshop-stattgefunden", "Workshop hat stattgefunden", "Der Workshop hat bereits stattgefunden; Termin und Absage sind nicht mehr änderbar.");
}

public static class WorkshopScheduleHandler
{
    public static (WorkshopReply, Events) Handle(ScheduleWorkshop command, [WriteAggregate(nameof(ScheduleWorkshop.KommuneId))] KommuneJourney journey, TimeProvider clock) =>
        (new WorkshopReply(command.WorkshopId), new Events(ProgrammeMilestones.Follow(journey, WorkshopScheduleDecisions.Decide(command, journey), clock.GetUtcNow())));

    public static (WorkshopReply, Events) Handle(RescheduleWorkshop command, [WriteAggregate(nameof(RescheduleWorkshop.KommuneId))] KommuneJourney journey, TimeProvider clock) =>
        (new WorkshopReply(command.WorkshopId), new Events(ProgrammeMilestones.Follow(journey, WorkshopScheduleDecisions.Decide(command, journey), clock.GetUtcNow())));

    public static (WorkshopReply, Events) Handle(CancelWorkshop command, [WriteAggregate(nameof(CancelWorkshop.KommuneId))] KommuneJourney journey, TimeProvider clock) =>
        (new WorkshopReply(command.WorkshopId), new Events(ProgrammeMilestones.Follow(journey, WorkshopScheduleDecisions.Decide(command, journey), clock.GetUtcNow())));

    public static (WorkshopReply, Events) Handle(MarkWorkshopHeld command, [WriteAggregate(nameof(MarkWorkshopHeld.KommuneId))] KommuneJourney journey, TimeProvider clock) =>
        (new WorkshopReply(command.WorkshopId), new Events(ProgrammeMilestones.Follow(journey, WorkshopScheduleDecisions.Decide(command, journey), clock.GetUtcNow())));
}
