using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Workshops;

/// <summary>The agreed next steps (Vereinbarungen), replaced as a whole.</summary>
public sealed record RecordAgreements(string KommuneId, Guid WorkshopId, IReadOnlyList<AgreementInput>? Agreements) : IKommuneCommand
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);
}

/// <summary>An agreed next step as entered; the id is minted by the caller when absent.</summary>
public sealed record AgreementInput(Guid? AgreementId, string? Title, string? Kind, string? Owner, string? PlannedDate, string? Status, IReadOnlyList<string>? Details);

public static class RecordAgreementsDecision
{
    public static IReadOnlyList<object> Decide(RecordAgreements c, string kommune, WorkshopState? workshop, Func<Guid> newId)
    {
        var v = new Validation();
        var agreements = c.Agreements ?? [];
        for (var i = 0; i < agreements.Count; i++)
        {
            var a = agreements[i];
            if (a is null || string.IsNullOrWhiteSpace(a.Title)) v.Add($"agreements[{i}].title", "Pflichtfeld.");
            if (a is null || !MilestoneKinds.All.Contains(a.Kind ?? "")) v.Add($"agreements[{i}].kind", $"Erlaubt: {string.Join(", ", MilestoneKinds.All)}.");
            if (a is null || string.IsNullOrWhiteSpace(a.Status)) v.Add($"agreements[{i}].status", "Pflichtfeld, z. B. \"geplant\".");
            Due.ValidateDate(v, $"agreements[{i}].plannedDate", a?.PlannedDate);
        }

        v.ThrowIfInvalid();
        WorkshopState.Editable(workshop, kommune, c.WorkshopId);
        return [new AgreementsRecorded(kommune, c.WorkshopId, agreements.Select(a => new Agreement(
            a.AgreementId ?? newId(), a.Title!.Trim(), a.Kind!, a.Owner?.Trim(), a.PlannedDate, a.Status!.Trim(),
            a.Details is { Count: > 0 } d ? d.Select(x => x.Trim()).ToList() : null)).ToList())];
    }
}

public static class RecordAgreementsHandler
{
    public static (WorkshopReply, Events) Handle(
        RecordAgreements command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordAgreements.WorkshopKey))] WorkshopState? workshop) =>
        (new WorkshopReply(command.WorkshopId), new Events(RecordAgreementsDecision.Decide(command, kommune.Id, workshop, Guid.CreateVersion7)));
}
