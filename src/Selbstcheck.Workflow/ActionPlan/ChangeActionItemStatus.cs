using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.ActionPlan;

public sealed record ChangeActionItemStatus(string KommuneId, Guid ActionItemId, string? Status, string? Reason, long? ExpectedVersion) : IKommuneCommand, IHasReason
{
    public string ActionItemKey => ActionItemState.Key(KommuneId, ActionItemId);
}

public static class ChangeActionItemStatusDecision
{
    /// <summary>Along the allowed transitions (<see cref="ActionStatus.AllowedFrom"/>); discarding and reopening need a reason.</summary>
    public static IReadOnlyList<object> Decide(ChangeActionItemStatus c, string kommune, ActionItemState? item)
    {
        var to = ActionStatus.Normalize(c.Status);
        new Validation().Require(to is not null, "status", $"Erlaubt: {string.Join(", ", ActionStatus.All)}.").ThrowIfInvalid();
        var i = ActionItemState.Require(item, kommune, c.ActionItemId, c.ExpectedVersion);
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

        return [new ActionItemStatusChanged(kommune, c.ActionItemId, i.Status, to!, string.IsNullOrWhiteSpace(c.Reason) ? null : c.Reason.Trim(), i.ItemVersion + 1)];
    }
}

public static class ChangeActionItemStatusHandler
{
    public static (ActionItemReply, Events) Handle(
        ChangeActionItemStatus command, [KommuneStream] KommuneState kommune, [Item(nameof(ChangeActionItemStatus.ActionItemKey))] ActionItemState? item) =>
        ActionItemReply.From(item, ChangeActionItemStatusDecision.Decide(command, kommune.Id, item));
}
