using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

/// <summary>The agreed next steps (Vereinbarungen), replaced as a whole.</summary>
public sealed record RecordAgreements(string KommuneId, Guid WorkshopId, IReadOnlyList<AgreementInput>? Agreements, long? ExpectedVersion = null) : IKommuneCommand
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);
}

/// <summary>An agreed next step as entered; the id is minted by the caller when absent.</summary>
public sealed record AgreementInput(Guid? AgreementId, string? Title, string? Kind, string? Owner, string? PlannedDate, string? Status, IReadOnlyList<string>? Details);

public static class RecordAgreementsDecision
{
    /// <summary>
    /// The new list. <paramref name="withMilestone"/>: the workshop's agreements that already became a
    /// milestone — they stay (the milestone refers to them); changing their text is allowed.
    /// </summary>
    public static IReadOnlyList<object> Decide(RecordAgreements c, string kommune, WorkshopState? workshop, IReadOnlySet<Guid> withMilestone, Func<Guid> newId)
    {
        var v = new Validation();
        var agreements = c.Agreements ?? [];
        var seen = new HashSet<Guid>();
        for (var i = 0; i < agreements.Count; i++)
        {
            var a = agreements[i];
            if (a is null || string.IsNullOrWhiteSpace(a.Title)) v.Add($"agreements[{i}].title", "Pflichtfeld.");
            if (a is null || !MilestoneKinds.All.Contains(a.Kind ?? "")) v.Add($"agreements[{i}].kind", $"Erlaubt: {string.Join(", ", MilestoneKinds.All)}.");
            if (a is null || string.IsNullOrWhiteSpace(a.Status)) v.Add($"agreements[{i}].status", "Pflichtfeld, z. B. \"geplant\".");
            if (a?.AgreementId is { } id && !seen.Add(id)) v.Add($"agreements[{i}].agreementId", $"Die Vereinbarung {id} steht mehrfach in der Liste; jede Kennung nur einmal.");
            Due.ValidateDate(v, $"agreements[{i}].plannedDate", a?.PlannedDate);
        }

        v.ThrowIfInvalid();
        var w = WorkshopState.EditableList(workshop, kommune, c.WorkshopId, WorkshopLists.Agreements, c.ExpectedVersion);
        var removed = w.Agreements.Keys.Where(id => !seen.Contains(id) && withMilestone.Contains(id)).Order().ToList();
        if (removed.Count > 0)
        {
            throw new RuleViolation("vereinbarung-hat-meilenstein", "Vereinbarung ist ein Meilenstein",
                $"Aus der Vereinbarung {string.Join(", ", removed)} wurde bereits ein Meilenstein; sie kann nicht aus der Liste entfernt werden.")
            {
                Alternatives = ["Die Vereinbarung in der Liste lassen (ihr Text darf sich ändern).", "Den Meilenstein absagen (POST /api/kommunen/{id}/milestones/{m}/cancel); die Vereinbarung bleibt trotzdem stehen."],
            };
        }

        return [new AgreementsRecorded(kommune, c.WorkshopId, agreements.Select(a => new Agreement(
            a.AgreementId ?? newId(), a.Title!.Trim(), a.Kind!, a.Owner?.Trim(), a.PlannedDate, a.Status!.Trim(),
            a.Details is { Count: > 0 } d ? d.Select(x => x.Trim()).ToList() : null)).ToList())];
    }
}

public static class RecordAgreementsHandler
{
    public static async Task<(WorkshopReply, Events)> Handle(
        RecordAgreements command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordAgreements.WorkshopKey))] WorkshopState? workshop,
        IDocumentSession session, CancellationToken ct)
    {
        var current = workshop?.Agreements.Keys.ToArray() ?? [];
        var withMilestone = current.Length == 0
            ? []
            : (await session.Query<MilestoneState>().Where(m => m.KommuneId == kommune.Id && m.AgreementId != null && current.Contains(m.AgreementId.Value))
                .Select(m => m.AgreementId!.Value).ToListAsync(ct)).ToHashSet();
        return WorkshopReply.ForList(command.WorkshopId, workshop, WorkshopLists.Agreements,
            RecordAgreementsDecision.Decide(command, kommune.Id, workshop, withMilestone, Guid.CreateVersion7));
    }
}
