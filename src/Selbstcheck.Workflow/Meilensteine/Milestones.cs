using System.Collections.Immutable;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Erinnerungen;
using Selbstcheck.Workflow.Teilnahme;
using Selbstcheck.Workflow.Workshop;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Meilensteine;

public sealed record MilestoneState(Guid Id, string Status, long Version)
{
    public Guid? AgreementId { get; init; }

    public string Owner { get; init; } = "";

    public Guid? OwnerPersonId { get; init; }

    public string? DueDate { get; init; }

    public string? DueAt { get; init; }

    /// <summary>The number of the current reminder plan (0: never planned, e.g. imported history).</summary>
    public int Plan { get; init; }

    /// <summary>The current plan's reminders by key; older plans' reminders are gone.</summary>
    public ImmutableDictionary<string, ReminderSlot> Reminders { get; init; } = ImmutableDictionary<string, ReminderSlot>.Empty;

    public static MilestoneState Create(MilestonePlanned e) => new(e.MilestoneId, MilestoneStatus.Offen, 1)
    {
        AgreementId = e.AgreementId,
        Owner = e.Owner,
        OwnerPersonId = e.OwnerPersonId,
        DueDate = e.DueDate,
        DueAt = e.DueAt,
    };

    public MilestoneState Apply(object e) => e switch
    {
        MilestoneRescheduled r => this with { Version = r.Version, DueDate = r.DueDate, DueAt = r.DueAt },
        MilestoneCompleted c => this with { Status = MilestoneStatus.Erledigt, Version = c.Version },
        MilestoneCancelled c => this with { Status = MilestoneStatus.Abgesagt, Version = c.Version },
        RemindersPlanned p => this with
        {
            Plan = p.Plan,
            Reminders = p.Reminders.ToImmutableDictionary(r => r.Key, r => new ReminderSlot(r.Kind, r.OffsetDays, r.FireAt, false, 0)),
        },
        ReminderSent s when Reminders.TryGetValue(s.ReminderKey, out var slot) =>
            this with { Reminders = Reminders.SetItem(s.ReminderKey, slot with { Sent = true, Attempts = s.Attempt }) },
        ReminderDeliveryFailed f when Reminders.TryGetValue(f.ReminderKey, out var slot) =>
            this with { Reminders = Reminders.SetItem(f.ReminderKey, slot with { Attempts = f.Attempt }) },
        _ => this,
    };
}

public sealed record ReminderSlot(string Kind, int OffsetDays, DateTimeOffset FireAt, bool Sent, int Attempts);

/// <summary>Plan a milestone directly. The id is minted by the caller.</summary>
public sealed record PlanMilestone(
    string KommuneId, Guid MilestoneId, string? Title, string? Kind, string? Owner, Guid? OwnerPersonId, string? DueDate, string? DueAt,
    IReadOnlyList<int>? Fields, IReadOnlyList<Guid>? ActionItems) : IKommuneCommand;

/// <summary>Turn a workshop's Vereinbarung into a milestone: title and kind from the agreement, due from its planned date unless given.</summary>
public sealed record PlanMilestoneFromAgreement(string KommuneId, Guid MilestoneId, Guid WorkshopId, Guid AgreementId, string? Owner, string? DueDate, string? DueAt) : IKommuneCommand;

public sealed record RescheduleMilestone(string KommuneId, Guid MilestoneId, string? DueDate, string? DueAt, string? Reason, long? ExpectedVersion) : IKommuneCommand;

public sealed record CompleteMilestone(string KommuneId, Guid MilestoneId, long? ExpectedVersion) : IKommuneCommand;

public sealed record CancelMilestone(string KommuneId, Guid MilestoneId, string? Reason, long? ExpectedVersion) : IKommuneCommand;

public sealed record MilestoneReply(Guid MilestoneId, string Status, long Version);

public static class MilestoneDecisions
{
    public static IReadOnlyList<object> Decide(PlanMilestone c, KommuneJourney state, IReadOnlyCollection<int> fields, DateTimeOffset now)
    {
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(c.Title) && c.Title.Length <= 300, "title", "Pflichtfeld, höchstens 300 Zeichen.");
        v.Require(c.Kind is not null && MilestoneKinds.All.Contains(c.Kind), "kind", $"Erlaubt: {string.Join(", ", MilestoneKinds.All)}.");
        v.Require(UnitName.IsValid(c.Owner), "owner", "Pflichtfeld: die verantwortliche Stelle.");
        Due(v, c.DueDate, c.DueAt);
        foreach (var f in (c.Fields ?? []).Where(f => !fields.Contains(f))) v.Add("fields", $"Handlungsfeld {f} gibt es nicht.");
        foreach (var a in (c.ActionItems ?? []).Where(a => !state.ActionItems.ContainsKey(a))) v.Add("actionItems", $"Handlungsbedarf {a} gibt es in dieser Kommune nicht.");
        v.ThrowIfInvalid();
        var events = new List<object>();
        var owner = state.ResolveUnit(c.Owner!, events);
        events.Add(new MilestonePlanned(state.Id, c.MilestoneId, c.Title!.Trim(), c.Kind!, owner, c.OwnerPersonId, c.DueDate, c.DueAt,
            (c.Fields ?? []).Distinct().Order().ToList(), (c.ActionItems ?? []).Distinct().ToList(), null));
        events.Add(ReminderDecisions.Plan(state, c.MilestoneId, 1, c.DueDate, c.DueAt, now));
        return events;
    }

    public static IReadOnlyList<object> Decide(PlanMilestoneFromAgreement c, KommuneJourney state, DateTimeOffset now)
    {
        var workshop = WorkshopRules.Workshop(state, c.WorkshopId);
        var agreement = workshop.Agreements.GetValueOrDefault(c.AgreementId)
            ?? throw new NotFound("vereinbarung-unbekannt", "Vereinbarung nicht gefunden", $"Der Workshop hat keine Vereinbarung {c.AgreementId}.");
        if (state.Milestones.Values.Any(m => m.AgreementId == c.AgreementId))
        {
            throw new Conflict("meilenstein-existiert", "Meilenstein existiert bereits", "Aus dieser Vereinbarung wurde schon ein Meilenstein.");
        }

        var dueDate = c.DueDate ?? (c.DueAt is null ? agreement.PlannedDate : null);
        var v = new Validation();
        if (c.Owner is not null && !UnitName.IsValid(c.Owner)) v.Add("owner", $"Höchstens {UnitName.MaxLength} Zeichen.");
        Due(v, dueDate, c.DueAt, dueRequiredHint: "Die Vereinbarung hat kein geplantes Datum: dueDate oder dueAt angeben.");
        v.ThrowIfInvalid();
        var events = new List<object>();
        var owner = c.Owner ?? agreement.Owner ?? state.LeadOffice ?? throw new RuleViolation("federfuehrende-stelle-fehlt", "Keine verantwortliche Stelle",
            "Weder die Vereinbarung noch die Anfrage nennt eine verantwortliche Stelle, und die Kommune hat keine federführende Stelle.")
        {
            Alternatives = ["\"owner\" angeben"],
        };
        events.Add(new MilestonePlanned(state.Id, c.MilestoneId, agreement.Title, agreement.Kind, state.ResolveUnit(owner, events), null, dueDate, c.DueAt,
            [], [], c.AgreementId));
        events.Add(ReminderDecisions.Plan(state, c.MilestoneId, 1, dueDate, c.DueAt, now));
        return events;
    }

    public static IReadOnlyList<object> Decide(RescheduleMilestone c, KommuneJourney state, DateTimeOffset now)
    {
        var v = new Validation();
        Due(v, c.DueDate, c.DueAt);
        v.Require(!string.IsNullOrWhiteSpace(c.Reason), "reason", "Pflichtfeld: warum verschoben wird.");
        v.ThrowIfInvalid();
        var m = Open(state, c.MilestoneId, c.ExpectedVersion);
        return
        [
            new MilestoneRescheduled(state.Id, c.MilestoneId, c.DueDate, c.DueAt, c.Reason!.Trim(), m.Version + 1),
            ReminderDecisions.Plan(state, c.MilestoneId, m.Plan + 1, c.DueDate, c.DueAt, now),
        ];
    }

    public static IReadOnlyList<object> Decide(CompleteMilestone c, KommuneJourney state)
    {
        var m = Open(state, c.MilestoneId, c.ExpectedVersion);
        return [new MilestoneCompleted(state.Id, c.MilestoneId, m.Version + 1)];
    }

    public static IReadOnlyList<object> Decide(CancelMilestone c, KommuneJourney state)
    {
        new Validation().Require(!string.IsNullOrWhiteSpace(c.Reason), "reason", "Pflichtfeld: warum abgesagt wird.").ThrowIfInvalid();
        var m = Open(state, c.MilestoneId, c.ExpectedVersion);
        return [new MilestoneCancelled(state.Id, c.MilestoneId, c.Reason!.Trim(), m.Version + 1)];
    }

    private static MilestoneState Open(KommuneJourney state, Guid id, long? expected)
    {
        var m = state.Milestones.GetValueOrDefault(id)
                ?? throw new NotFound("meilenstein-unbekannt", "Meilenstein nicht gefunden", $"Die Kommune \"{state.Id}\" hat keinen Meilenstein {id}.");
        ItemVersion.Check($"Meilenstein {id}", expected, m.Version);
        if (m.Status != MilestoneStatus.Offen)
        {
            throw new RuleViolation($"meilenstein-{m.Status}", m.Status == MilestoneStatus.Erledigt ? "Meilenstein erledigt" : "Meilenstein abgesagt",
                $"Der Meilenstein ist {m.Status}; er kann nicht mehr verschoben, erledigt oder abgesagt werden.");
        }

        return m;
    }

    /// <summary>Exactly one of an all-day date or a local Berlin date-time.</summary>
    private static void Due(Validation v, string? dueDate, string? dueAt, string? dueRequiredHint = null)
    {
        if ((dueDate is null) == (dueAt is null))
        {
            v.Add("due", dueDate is null ? dueRequiredHint ?? "Genau eines von dueDate (ganztägig) oder dueAt (Uhrzeit) angeben." : "Nur eines von dueDate oder dueAt.");
            return;
        }

        WorkshopRules.Date(v, "dueDate", dueDate);
        if (dueAt is not null && !BerlinTime.TryParseLocal(dueAt, out _)) v.Add("dueAt", "Datum und Uhrzeit wie \"2020-10-08T18:00\" in Europe/Berlin (keine Zeitumstellungslücke).");
    }
}

public static class MilestoneHandler
{
    public static (MilestoneReply, Events) Handle(PlanMilestone command, [WriteAggregate(nameof(PlanMilestone.KommuneId))] KommuneJourney journey, TimeProvider clock) =>
        Reply(command.MilestoneId, journey, MilestoneDecisions.Decide(command, journey, PrioritiseHandler.Fields(journey), clock.GetUtcNow()));

    public static (MilestoneReply, Events) Handle(
        PlanMilestoneFromAgreement command, [WriteAggregate(nameof(PlanMilestoneFromAgreement.KommuneId))] KommuneJourney journey, TimeProvider clock) =>
        Reply(command.MilestoneId, journey, MilestoneDecisions.Decide(command, journey, clock.GetUtcNow()));

    public static (MilestoneReply, Events) Handle(RescheduleMilestone command, [WriteAggregate(nameof(RescheduleMilestone.KommuneId))] KommuneJourney journey, TimeProvider clock) =>
        Reply(command.MilestoneId, journey, MilestoneDecisions.Decide(command, journey, clock.GetUtcNow()));

    public static (MilestoneReply, Events) Handle(CompleteMilestone command, [WriteAggregate(nameof(CompleteMilestone.KommuneId))] KommuneJourney journey) =>
        Reply(command.MilestoneId, journey, MilestoneDecisions.Decide(command, journey));

    public static (MilestoneReply, Events) Handle(CancelMilestone command, [WriteAggregate(nameof(CancelMilestone.KommuneId))] KommuneJourney journey) =>
        Reply(command.MilestoneId, journey, MilestoneDecisions.Decide(command, journey));

    private static (MilestoneReply, Events) Reply(Guid id, KommuneJourney journey, IReadOnlyList<object> events)
    {
        var after = events.Aggregate((KommuneJourney?)journey, KommuneJourney.Next)!.Milestones[id];
        return (new MilestoneReply(id, after.Status, after.Version), new Events(events));
    }
}
