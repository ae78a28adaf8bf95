using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

/// <summary>The participants' feedback, replaced as a whole.</summary>
public sealed record RecordFeedback(string KommuneId, Guid WorkshopId, IReadOnlyList<string>? Items, long? ExpectedVersion = null) : IKommuneCommand
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);
}

public static class RecordFeedbackDecision
{
    public static IReadOnlyList<object> Decide(RecordFeedback c, string kommune, WorkshopState? workshop)
    {
        var v = new Validation();
        var items = c.Items ?? [];
        for (var i = 0; i < items.Count; i++) v.Require(!string.IsNullOrWhiteSpace(items[i]) && items[i].Length <= WorkshopInputs.MaxText, $"items[{i}]", "Leer oder zu lang.");
        v.ThrowIfInvalid();
        WorkshopState.EditableList(workshop, kommune, c.WorkshopId, WorkshopLists.Feedback, c.ExpectedVersion);
        return [new FeedbackRecorded(kommune, c.WorkshopId, items.Select(i => i.Trim()).ToList())];
    }
}

public static class RecordFeedbackHandler
{
    public static (WorkshopReply, Events) Handle(
        RecordFeedback command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordFeedback.WorkshopKey))] WorkshopState? workshop) =>
        WorkshopReply.ForList(command.WorkshopId, workshop, WorkshopLists.Feedback, RecordFeedbackDecision.Decide(command, kommune.Id, workshop));
}
