using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.ActionPlan;

/// <summary>Change owner and due date.</summary>
public sealed record PlanActionItem(string KommuneId, Guid ActionItemId, string? Owner, string? Due, long? ExpectedVersion) : IKommuneCommand
{
    public string ActionItemKey => ActionItemState.Key(KommuneId, ActionItemId);
}

public static class PlanActionItemDecision
{
    public static IReadOnlyList<object> Decide(PlanActionItem c, KommuneState kommune, ActionItemState? item)
    {
        var v = new Validation().Require(UnitName.IsValid(c.Owner), "owner", "Pflichtfeld: die verantwortliche Stelle.");
        Common.Due.ValidateDate(v, "due", c.Due);
        v.ThrowIfInvalid();
        var i = ActionItemState.Require(item, kommune.Id, c.ActionItemId, c.ExpectedVersion);
        var events = new List<object>();
        var owner = kommune.ResolveUnit(c.Owner!, events);
        events.Add(new ActionItemPlanned(kommune.Id, c.ActionItemId, owner, c.Due, i.ItemVersion + 1));
        return events;
    }
}

public static class PlanActionItemHandler
{
    public static (ActionItemReply, Events) Handle(
        PlanActionItem command, [KommuneStream] KommuneState kommune, [Item(nameof(PlanActionItem.ActionItemKey))] ActionItemState? item) =>
        ActionItemReply.From(item, PlanActionItemDecision.Decide(command, kommune, item));
}
