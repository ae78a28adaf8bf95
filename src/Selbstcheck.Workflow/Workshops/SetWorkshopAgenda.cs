using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

/// <summary>Goals and agenda, replaced as a whole.</summary>
public sealed record SetWorkshopAgenda(string KommuneId, Guid WorkshopId, IReadOnlyList<string>? Goals, IReadOnlyList<AgendaItemInput>? Items, long? ExpectedVersion = null) : IKommuneCommand
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);
}

/// <summary>An agenda item as entered; the speaker (By) is sealed in the personal-data vault.</summary>
public sealed record AgendaItemInput(string? Time, string Title, string? By);

public static class SetWorkshopAgendaDecision
{
    public static IReadOnlyList<object> Decide(SetWorkshopAgenda c, string kommune, WorkshopState? workshop, CommandContext context)
    {
        var v = new Validation();
        var goals = c.Goals ?? [];
        var items = c.Items ?? [];
        for (var i = 0; i < goals.Count; i++) v.Require(!string.IsNullOrWhiteSpace(goals[i]), $"goals[{i}]", "Leeres Ziel.");
        for (var i = 0; i < items.Count; i++) v.Require(items[i] is not null && !string.IsNullOrWhiteSpace(items[i].Title), $"items[{i}].title", "Pflichtfeld.");
        v.ThrowIfInvalid();
        WorkshopState.EditableList(workshop, kommune, c.WorkshopId, WorkshopLists.Agenda, c.ExpectedVersion);
        return [new WorkshopAgendaSet(kommune, c.WorkshopId, goals.Select(g => g.Trim()).ToList(),
            items.Select(i => new AgendaItem(i.Time?.Trim(), i.Title.Trim(), string.IsNullOrWhiteSpace(i.By) ? null : context.Vault.Seal(kommune, i.By.Trim()))).ToList())];
    }
}

public static class SetWorkshopAgendaHandler
{
    public static (WorkshopReply, Events) Handle(
        SetWorkshopAgenda command, [KommuneStream] KommuneState kommune, [Item(nameof(SetWorkshopAgenda.WorkshopKey))] WorkshopState? workshop, CommandContext context) =>
        WorkshopReply.ForList(command.WorkshopId, workshop, WorkshopLists.Agenda, SetWorkshopAgendaDecision.Decide(command, kommune.Id, workshop, context));
}
