using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

/// <summary>The moderation confirms the prioritised fields (any number; ties are its call), with dot votes if any were cast.</summary>
public sealed record ConfirmPriorities(string KommuneId, Guid WorkshopId, IReadOnlyList<int>? Fields, IReadOnlyDictionary<int, int>? Votes, long? ExpectedVersion = null) : IKommuneCommand
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);
}

public static class ConfirmPrioritiesDecision
{
    public static IReadOnlyList<object> Decide(ConfirmPriorities c, KommuneState kommune, WorkshopState? workshop)
    {
        var fields = kommune.Fields;
        var v = new Validation();
        var chosen = c.Fields ?? [];
        if (chosen.Count == 0) v.Add("fields", "Mindestens ein Handlungsfeld.");
        foreach (var f in chosen.Where(f => !fields.Contains(f))) v.Add("fields", $"Handlungsfeld {f} gibt es nicht.");
        if (chosen.Distinct().Count() != chosen.Count) v.Add("fields", "Handlungsfelder doppelt.");
        foreach (var (f, n) in c.Votes ?? new Dictionary<int, int>())
        {
            if (!fields.Contains(f)) v.Add("votes", $"Handlungsfeld {f} gibt es nicht.");
            if (n < 0) v.Add("votes", $"Negative Punktzahl für Handlungsfeld {f}.");
        }

        v.ThrowIfInvalid();
        WorkshopState.EditableList(workshop, kommune.Id, c.WorkshopId, WorkshopLists.Priorities, c.ExpectedVersion);
        return [new PrioritiesConfirmed(kommune.Id, c.WorkshopId, chosen.Order().ToList(), c.Votes is { Count: > 0 } votes ? votes : null)];
    }
}

public static class ConfirmPrioritiesHandler
{
    public static (WorkshopReply, Events) Handle(
        ConfirmPriorities command, [KommuneStream] KommuneState kommune, [Item(nameof(ConfirmPriorities.WorkshopKey))] WorkshopState? workshop) =>
        WorkshopReply.ForList(command.WorkshopId, workshop, WorkshopLists.Priorities, ConfirmPrioritiesDecision.Decide(command, kommune, workshop));
}
