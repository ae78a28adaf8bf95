using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshop;

// Recording what the workshop produced, each list replaced as a whole: agenda, participants,
// the understanding of Weltoffenheit, the agreed next steps, the feedback.

public sealed record SetWorkshopAgenda(string KommuneId, Guid WorkshopId, IReadOnlyList<string>? Goals, IReadOnlyList<AgendaItem>? Items) : IKommuneCommand;

public sealed record RecordParticipants(string KommuneId, Guid WorkshopId, IReadOnlyList<Institution>? Institutions) : IKommuneCommand;

public sealed record RecordUnderstanding(string KommuneId, Guid WorkshopId, IReadOnlyList<ListItem>? Statements) : IKommuneCommand;

public sealed record RecordAgreements(string KommuneId, Guid WorkshopId, IReadOnlyList<AgreementInput>? Agreements) : IKommuneCommand;

/// <summary>An agreed next step as entered; the id is minted by the caller when absent.</summary>
public sealed record AgreementInput(Guid? AgreementId, string? Title, string? Kind, string? Owner, string? PlannedDate, string? Status, IReadOnlyList<string>? Details);

public sealed record RecordFeedback(string KommuneId, Guid WorkshopId, IReadOnlyList<string>? Items) : IKommuneCommand;

public static class WorkshopContentDecisions
{
    public static readonly IReadOnlyList<string> Sectors = ["Verwaltung", "Politik", "Zivilgesellschaft", "Wirtschaft"];

    public static readonly IReadOnlyList<string> AgreementKinds = ["Dialogveranstaltung", "Workshop", "Dokumentation", "Befragung", "Sonstiges"];

    public static IReadOnlyList<object> Decide(SetWorkshopAgenda c, KommuneJourney state)
    {
        var v = new Validation();
        var goals = c.Goals ?? [];
        var items = c.Items ?? [];
        for (var i = 0; i < goals.Count; i++) v.Require(!string.IsNullOrWhiteSpace(goals[i]), $"goals[{i}]", "Leeres Ziel.");
        for (var i = 0; i < items.Count; i++) v.Require(items[i] is not null && !string.IsNullOrWhiteSpace(items[i].Title), $"items[{i}].title", "Pflichtfeld.");
        v.ThrowIfInvalid();
        WorkshopRules.Editable(state, c.WorkshopId);
        return [new WorkshopAgendaSet(state.Id, c.WorkshopId, goals.Select(g => g.Trim()).ToList(),
            items.Select(i => new AgendaItem(i.Time?.Trim(), i.Title.Trim(), i.By?.Trim())).ToList())];
    }

    public static IReadOnlyList<object> Decide(RecordParticipants c, KommuneJourney state)
    {
        var v = new Validation();
        var institutions = c.Institutions ?? [];
        for (var i = 0; i < institutions.Count; i++)
        {
            var x = institutions[i];
            if (x is null || !Sectors.Contains(x.Sector)) v.Add($"institutions[{i}].sector", $"Erlaubt: {string.Join(", ", Sectors)}.");
            if (x is null || string.IsNullOrWhiteSpace(x.Name)) v.Add($"institutions[{i}].name", "Pflichtfeld.");
        }

        v.ThrowIfInvalid();
        WorkshopRules.Editable(state, c.WorkshopId);
        return [new WorkshopParticipantsRecorded(state.Id, c.WorkshopId,
            institutions.Select(i => new Institution(i.Sector, i.Name.Trim(), i.PersonIds is { Count: > 0 } p ? p : null)).ToList())];
    }

    public static IReadOnlyList<object> Decide(RecordUnderstanding c, KommuneJourney state)
    {
        var v = new Validation();
        WorkshopRules.Items(v, "statements", c.Statements, required: true);
        v.ThrowIfInvalid();
        WorkshopRules.Editable(state, c.WorkshopId);
        return [new UnderstandingRecorded(state.Id, c.WorkshopId, WorkshopRules.Clean(c.Statements))];
    }

    public static IReadOnlyList<object> Decide(RecordAgreements c, KommuneJourney state, Func<Guid> newId)
    {
        var v = new Validation();
        var agreements = c.Agreements ?? [];
        for (var i = 0; i < agreements.Count; i++)
        {
            var a = agreements[i];
            if (a is null || string.IsNullOrWhiteSpace(a.Title)) v.Add($"agreements[{i}].title", "Pflichtfeld.");
            if (a is null || !AgreementKinds.Contains(a.Kind ?? "")) v.Add($"agreements[{i}].kind", $"Erlaubt: {string.Join(", ", AgreementKinds)}.");
            if (a is null || string.IsNullOrWhiteSpace(a.Status)) v.Add($"agreements[{i}].status", "Pflichtfeld, z. B. \"geplant\".");
            WorkshopRules.Date(v, $"agreements[{i}].plannedDate", a?.PlannedDate);
        }

        v.ThrowIfInvalid();
        WorkshopRules.Editable(state, c.WorkshopId);
        return [new AgreementsRecorded(state.Id, c.WorkshopId, agreements.Select(a => new Agreement(
            a.AgreementId ?? newId(), a.Title!.Trim(), a.Kind!, a.Owner?.Trim(), a.PlannedDate, a.Status!.Trim(),
            a.Details is { Count: > 0 } d ? d.Select(x => x.Trim()).ToList() : null)).ToList())];
    }

    public static IReadOnlyList<object> Decide(RecordFeedback c, KommuneJourney state)
    {
        var v = new Validation();
        var items = c.Items ?? [];
        for (var i = 0; i < items.Count; i++) v.Require(!string.IsNullOrWhiteSpace(items[i]) && items[i].Length <= WorkshopRules.MaxText, $"items[{i}]", "Leer oder zu lang.");
        v.ThrowIfInvalid();
        WorkshopRules.Editable(state, c.WorkshopId);
        return [new FeedbackRecorded(state.Id, c.WorkshopId, items.Select(i => i.Trim()).ToList())];
    }
}

public static class WorkshopContentHandler
{
    public static (WorkshopReply, Events) Handle(SetWorkshopAgenda command, [WriteAggregate(nameof(SetWorkshopAgenda.KommuneId))] KommuneJourney journey) =>
        (new WorkshopReply(command.WorkshopId), new Events(WorkshopContentDecisions.Decide(command, journey)));

    public static (WorkshopReply, Events) Handle(RecordParticipants command, [WriteAggregate(nameof(RecordParticipants.KommuneId))] KommuneJourney journey) =>
        (new WorkshopReply(command.WorkshopId), new Events(WorkshopContentDecisions.Decide(command, journey)));

    public static (WorkshopReply, Events) Handle(RecordUnderstanding command, [WriteAggregate(nameof(RecordUnderstanding.KommuneId))] KommuneJourney journey) =>
        (new WorkshopReply(command.WorkshopId), new Events(WorkshopContentDecisions.Decide(command, journey)));

    public static (WorkshopReply, Events) Handle(RecordAgreements command, [WriteAggregate(nameof(RecordAgreements.KommuneId))] KommuneJourney journey) =>
        (new WorkshopReply(command.WorkshopId), new Events(WorkshopContentDecisions.Decide(command, journey, Guid.CreateVersion7)));

    public static (WorkshopReply, Events) Handle(RecordFeedback command, [WriteAggregate(nameof(RecordFeedback.KommuneId))] KommuneJourney journey) =>
        (new WorkshopReply(command.WorkshopId), new Events(WorkshopContentDecisions.Decide(command, journey)));
}
