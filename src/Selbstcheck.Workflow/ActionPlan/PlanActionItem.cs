using Selbstcheck.Workflow.Common;
using Marten;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.ActionPlan;

/// <summary>Change owner and due date, saying why: the item's history keeps every change with who, when and why.</summary>
public sealed record PlanActionItem(string KommuneId, Guid ActionItemId, string? Owner, string? Due, long? ExpectedVersion, string? Reason = null) : IKommuneCommand, IHasReason
{
    public const int MaxReason = 500;

    public string ActionItemKey => ActionItemState.Key(KommuneId, ActionItemId);
}

public static class PlanActionItemDecision
{
    /// <summary>The change; the item's follow-up milestone follows it (<see cref="ActionItemMilestones.ForPlanned"/>).</summary>
    public static IReadOnlyList<object> Decide(PlanActionItem c, KommuneState kommune, ActionItemState? item, MilestoneState? followUp, CommandContext context)
    {
        var v = new Validation().Require(UnitName.IsValid(c.Owner), "owner", "Pflichtfeld: die verantwortliche Stelle.")
            .Require(!string.IsNullOrWhiteSpace(c.Reason), "reason", "Pflichtfeld: warum sich Zuständigkeit oder Frist ändern.")
            .Require(c.Reason is null || c.Reason.Length <= PlanActionItem.MaxReason, "reason", $"Höchstens {PlanActionItem.MaxReason} Zeichen.");
        Common.Due.ValidateDate(v, "due", c.Due);
        v.ThrowIfInvalid();
        var i = ActionItemState.Require(item, kommune.Id, c.ActionItemId, c.ExpectedVersion);
        UnitStaff.MayNot(context, "Zuständigkeit und Frist zu ändern");
        var events = new List<object>();
        var owner = kommune.ResolveUnit(c.Owner!, events);
        var planned = new ActionItemPlanned(kommune.Id, c.ActionItemId, owner, c.Due, i.ItemVersion + 1, c.Reason!.Trim());
        events.Add(planned);
        events.AddRange(ActionItemMilestones.ForPlanned(kommune, i, followUp, planned, context));
        context.Limits.Enforce(kommune, events);
        return events;
    }
}

public static class PlanActionItemHandler
{
    public static async Task<(ActionItemReply, Events)> Handle(
        PlanActionItem command, [KommuneStream] KommuneState kommune, [Item(nameof(PlanActionItem.ActionItemKey))] ActionItemState? item,
        IDocumentSession session, CommandContext context, CancellationToken ct)
    {
        var followUp = ActionItemMilestones.KeyOf(item) is { } key ? await session.LoadAsync<MilestoneState>(key, ct) : null;
        return ActionItemReply.From(item, PlanActionItemDecision.Decide(command, kommune, item, followUp, context));
    }
}
