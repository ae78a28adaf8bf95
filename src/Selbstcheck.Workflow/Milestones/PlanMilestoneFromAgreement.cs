using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Reminders;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Milestones;

/// <summary>Turn a workshop's Vereinbarung into a milestone: title and kind from the agreement, due from its planned date unless given.</summary>
public sealed record PlanMilestoneFromAgreement(string KommuneId, Guid MilestoneId, Guid WorkshopId, Guid AgreementId, string? Owner, string? DueDate, string? DueAt) : IKommuneCommand
{
    public string WorkshopKey => WorkshopState.Key(KommuneId, WorkshopId);
}

public static class PlanMilestoneFromAgreementDecision
{
    /// <summary>The milestone of the agreement (one per agreement) and its reminders (none for imported history).</summary>
    public static IReadOnlyList<object> Decide(
        PlanMilestoneFromAgreement c, KommuneState kommune, WorkshopState? workshop, bool agreementHasMilestone, CommandContext context)
    {
        var w = WorkshopState.Require(workshop, kommune.Id, c.WorkshopId);
        var agreement = w.Agreements.GetValueOrDefault(c.AgreementId)
            ?? throw new NotFound("vereinbarung-unbekannt", "Vereinbarung nicht gefunden", $"Der Workshop hat keine Vereinbarung {c.AgreementId}.");
        if (agreementHasMilestone)
        {
            throw new Conflict("meilenstein-existiert", "Meilenstein existiert bereits", "Aus dieser Vereinbarung wurde schon ein Meilenstein.");
        }

        var dueDate = c.DueDate ?? (c.DueAt is null ? agreement.PlannedDate : null);
        var v = new Validation();
        if (c.Owner is not null && !UnitName.IsValid(c.Owner)) v.Add("owner", $"Höchstens {UnitName.MaxLength} Zeichen.");
        Due.ValidateOneOf(v, dueDate, c.DueAt, missingHint: "Die Vereinbarung hat kein geplantes Datum: dueDate oder dueAt angeben.");
        v.ThrowIfInvalid();
        var events = new List<object>();
        var owner = c.Owner ?? agreement.Owner ?? kommune.LeadOffice ?? throw new RuleViolation("federfuehrende-stelle-fehlt", "Keine verantwortliche Stelle",
            "Weder die Vereinbarung noch die Anfrage nennt eine verantwortliche Stelle, und die Kommune hat keine federführende Stelle.")
        {
            Alternatives = ["\"owner\" angeben"],
        };
        events.Add(new MilestonePlanned(kommune.Id, c.MilestoneId, agreement.Title, agreement.Kind, kommune.ResolveUnit(owner, events), null, dueDate, c.DueAt,
            [], [], c.AgreementId));
        events.AddRange(ReminderPlanning.Plan(kommune, c.MilestoneId, 1, dueDate, c.DueAt, context));
        context.Limits.Enforce(kommune, events);
        return events;
    }
}

public static class PlanMilestoneFromAgreementHandler
{
    public static async Task<(MilestoneReply, Events)> Handle(
        PlanMilestoneFromAgreement command, [KommuneStream] KommuneState kommune, [Item(nameof(PlanMilestoneFromAgreement.WorkshopKey))] WorkshopState? workshop,
        IDocumentSession session, CommandContext context, CancellationToken ct)
    {
        var taken = await session.Query<MilestoneState>().AnyAsync(m => m.KommuneId == kommune.Id && m.AgreementId == command.AgreementId, ct);
        return MilestoneReply.From(null, PlanMilestoneFromAgreementDecision.Decide(command, kommune, workshop, taken, context));
    }
}
