using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

/// <summary>The participants' understanding of Weltoffenheit (the poster), replaced as a whole.</summary>
public sealed record RecordUnderstanding(string KommuneId, Guid WorkshopId, IReadOnlyList<ListItem>? Statements, long? ExpectedVersion = null) : IKommuneCommand
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);
}

public static class RecordUnderstandingDecision
{
    public static IReadOnlyList<object> Decide(RecordUnderstanding c, string kommune, WorkshopState? workshop)
    {
        var v = new Validation();
        WorkshopInputs.Items(v, "statements", c.Statements, required: true);
        v.ThrowIfInvalid();
        WorkshopState.EditableList(workshop, kommune, c.WorkshopId, WorkshopLists.Understanding, c.ExpectedVersion);
        return [new UnderstandingRecorded(kommune, c.WorkshopId, WorkshopInputs.Clean(c.Statements))];
    }
}

public static class RecordUnderstandingHandler
{
    public static (WorkshopReply, Events) Handle(
        RecordUnderstanding command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordUnderstanding.WorkshopKey))] WorkshopState? workshop) =>
        WorkshopReply.ForList(command.WorkshopId, workshop, WorkshopLists.Understanding, RecordUnderstandingDecision.Decide(command, kommune.Id, workshop));
}
