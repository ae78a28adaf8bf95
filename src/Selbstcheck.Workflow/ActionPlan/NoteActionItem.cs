using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Workshops;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.ActionPlan;

public sealed record NoteActionItem(string KommuneId, Guid ActionItemId, string? Note, long? ExpectedVersion) : IKommuneCommand
{
    public string ActionItemKey => ActionItemState.Key(KommuneId, ActionItemId);
}

public static class NoteActionItemDecision
{
    public static IReadOnlyList<object> Decide(NoteActionItem c, KommuneState kommuneState, ActionItemState? item, CommandContext context)
    {
        var kommune = kommuneState.Id;
        new Validation().Require(!string.IsNullOrWhiteSpace(c.Note) && c.Note.Length <= WorkshopInputs.MaxText, "note", "Pflichtfeld.").ThrowIfInvalid();
        var i = ActionItemState.Require(item, kommune, c.ActionItemId, c.ExpectedVersion);
        UnitStaff.MustOwn(kommuneState, i, context);
        // A note may name people: sealed in the personal-data vault.
        return [new ActionItemNoted(kommune, c.ActionItemId, context.Vault.Seal(kommune, c.Note!.Trim()), i.ItemVersion + 1)];
    }
}

public static class NoteActionItemHandler
{
    public static (ActionItemReply, Events) Handle(
        NoteActionItem command, [KommuneStream] KommuneState kommune, [Item(nameof(NoteActionItem.ActionItemKey))] ActionItemState? item, CommandContext context) =>
        ActionItemReply.From(item, NoteActionItemDecision.Decide(command, kommune, item, context));
}
