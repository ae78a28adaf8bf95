using Selbstcheck.Workflow.Common;
using Marten;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.ActionPlan;

public sealed record ChangeActionItemStatus(string KommuneId, Guid ActionItemId, string? Status, string? Reason, long? ExpectedVersion) : IKommuneCommand, IHasReason
{
    public string ActionItemKey => ActionItemState.Key(KommuneId, ActionItemId);
}

public static class ChangeActionItemStatusDecision
{
    /// <summary>
    /// Along the allowed transitions (<see cref="ActionStatus.AllowedFrom"/>); discarding and reopening need a reason.
    /// The item's follow-up milestone follows it (<see cref="ActionItemMilestones.ForStatus"/>).
    /// </summary>
    public static IReadOnlyList<object> Decide(ChangeActionItemStatus c, KommuneState kommuneState, ActionItemState? item, MilestoneState? followUp, CommandContext context)
    {
        var kommune = kommuneState.Id;
        var to = ActionStatus.Normalize(c.Status);
        new Validation().Require(to is not null, "status", $"Erlaubt: {string.Join(", ", ActionStatus.All)}.").ThrowIfInvalid();
        var i = ActionItemState.Require(item, kommune, c.ActionItemId, c.ExpectedVersion);
        UnitStaff.MustOwn(kommuneState, i, context);
        var allowed = ActionStatus.AllowedFrom(i.Status);
        if (!allowed.Contains(to!))
        {
            throw new RuleViolation("statuswechsel-nicht-erlaubt", "Statuswechsel nicht erlaubt", $"Von \"{i.Status}\" geht es nicht nach \"{to}\".")
            {
                Alternatives = allowed.ToList(),
            };
        }

        if (ActionStatus.NeedsReason(i.Status, to!) && string.IsNullOrWhiteSpace(c.Reason))
        {
            new Validation().Add("reason", to == ActionStatus.Verworfen ? "Pflichtfeld beim Verwerfen." : "Pflichtfeld beim Wiedereröffnen.").ThrowIfInvalid();
        }

        var changed = new ActionItemStatusChanged(kommune, c.ActionItemId, i.Status, to!, string.IsNullOrWhiteSpace(c.Reason) ? null : c.Reason.Trim(), i.ItemVersion + 1);
        List<object> events = [changed, .. ActionItemMilestones.ForStatus(kommuneState, i, followUp, changed, context)];
        context.Limits.Enforce(kommuneState, events);
        return events;
    }
}

public static class ChangeActionItemStatusHandler
{
    public static async Task<(ActionItemReply, Events)> Handle(
        ChangeActionItemStatus command, [KommuneStream] KommuneState kommune, [Item(nameof(ChangeActionItemStatus.ActionItemKey))] ActionItemState? item,
        IDocumentSession session, CommandContext context, CancellationToken ct)
    {
        var followUp = ActionItemMilestones.KeyOf(item) is { } key ? await session.LoadAsync<MilestoneState>(key, ct) : null;
        return ActionItemReply.From(item, ChangeActionItemStatusDecision.Decide(command, kommune, item, followUp, context));
    }
}
