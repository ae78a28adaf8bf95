using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

/// <summary>The participating institutions by sector, replaced as a whole; people only as ids.</summary>
public sealed record RecordParticipants(string KommuneId, Guid WorkshopId, IReadOnlyList<Institution>? Institutions, long? ExpectedVersion = null) : IKommuneCommand
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);
}

public static class RecordParticipantsDecision
{
    public static IReadOnlyList<object> Decide(RecordParticipants c, string kommune, WorkshopState? workshop)
    {
        var v = new Validation();
        var institutions = c.Institutions ?? [];
        for (var i = 0; i < institutions.Count; i++)
        {
            var x = institutions[i];
            if (x is null || !Sectors.All.Contains(x.Sector)) v.Add($"institutions[{i}].sector", $"Erlaubt: {string.Join(", ", Sectors.All)}.");
            if (x is null || string.IsNullOrWhiteSpace(x.Name)) v.Add($"institutions[{i}].name", "Pflichtfeld.");
            if (x?.PersonIds is { } ids && ids.Distinct().Count() != ids.Count) v.Add($"institutions[{i}].personIds", "Jede Person nur einmal.");
        }

        v.ThrowIfInvalid();
        WorkshopState.EditableList(workshop, kommune, c.WorkshopId, WorkshopLists.Participants, c.ExpectedVersion);
        return [new WorkshopParticipantsRecorded(kommune, c.WorkshopId,
            institutions.Select(i => new Institution(i.Sector, i.Name.Trim(), i.PersonIds is { Count: > 0 } p ? p : null)).ToList())];
    }
}

public static class RecordParticipantsHandler
{
    public static (WorkshopReply, Events) Handle(
        RecordParticipants command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordParticipants.WorkshopKey))] WorkshopState? workshop) =>
        WorkshopReply.ForList(command.WorkshopId, workshop, WorkshopLists.Participants, RecordParticipantsDecision.Decide(command, kommune.Id, workshop));
}
