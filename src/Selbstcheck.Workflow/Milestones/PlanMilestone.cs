using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Reminders;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Milestones;

/// <summary>Plan a milestone directly. The id is minted by the caller.</summary>
public sealed record PlanMilestone(
    string KommuneId, Guid MilestoneId, string? Title, string? Kind, string? Owner, Guid? OwnerPersonId, string? DueDate, string? DueAt,
    IReadOnlyList<int>? Fields, IReadOnlyList<Guid>? ActionItems) : IKommuneCommand;

public static class PlanMilestoneDecision
{
    /// <summary>
    /// The milestone and its reminders (none for imported history). An owner person must be one the
    /// Kommune's stream names (<see cref="KommuneState.People"/>) and still be in the personal-data
    /// store (<paramref name="ownerPersonExists"/>): reminders go to them in copy.
    /// </summary>
    public static IReadOnlyList<object> Decide(
        PlanMilestone c, KommuneState kommune, IReadOnlyCollection<Guid> knownActionItems, bool ownerPersonExists, CommandContext context)
    {
        var v = new Validation();
        v.Require(!string.IsNullOrWhiteSpace(c.Title) && c.Title.Length <= 300, "title", "Pflichtfeld, höchstens 300 Zeichen.");
        v.Require(c.Kind is not null && MilestoneKinds.All.Contains(c.Kind), "kind", $"Erlaubt: {string.Join(", ", MilestoneKinds.All)}.");
        v.Require(UnitName.IsValid(c.Owner), "owner", "Pflichtfeld: die verantwortliche Stelle.");
        Due.ValidateOneOf(v, c.DueDate, c.DueAt);
        var fields = kommune.Fields;
        foreach (var f in (c.Fields ?? []).Where(f => !fields.Contains(f))) v.Add("fields", $"Handlungsfeld {f} gibt es nicht.");
        foreach (var a in (c.ActionItems ?? []).Where(a => !knownActionItems.Contains(a))) v.Add("actionItems", $"Handlungsbedarf {a} gibt es in dieser Kommune nicht.");
        if (c.OwnerPersonId is { } person && !(ownerPersonExists && kommune.People.Contains(person)))
        {
            // One answer for unknown and foreign people: the caller learns nothing about other Kommunen.
            v.Add("ownerPersonId", $"Person {person} gehört nicht zu dieser Kommune (ihre Prozessbegleitung, Ansprechpersonen befragter Stellen, Workshop-Teilnehmende).");
        }

        v.ThrowIfInvalid();
        var events = new List<object>();
        var owner = kommune.ResolveUnit(c.Owner!, events);
        events.Add(new MilestonePlanned(kommune.Id, c.MilestoneId, c.Title!.Trim(), c.Kind!, owner, c.OwnerPersonId, c.DueDate, c.DueAt,
            (c.Fields ?? []).Distinct().Order().ToList(), (c.ActionItems ?? []).Distinct().ToList(), null));
        events.AddRange(ReminderPlanning.Plan(kommune, c.MilestoneId, 1, c.DueDate, c.DueAt, context));
        context.Limits.Enforce(kommune, events);
        return events;
    }
}

public static class PlanMilestoneHandler
{
    public static async Task<(MilestoneReply, Events)> Handle(
        PlanMilestone command, [KommuneStream] KommuneState kommune, IDocumentSession session, CommandContext context, CancellationToken ct)
    {
        var keys = (command.ActionItems ?? []).Distinct().Select(a => ActionItemState.Key(kommune.Id, a)).ToList();
        var known = keys.Count == 0 ? [] : (await session.LoadManyAsync<ActionItemState>(ct, keys)).Select(i => i.ActionItemId).ToHashSet();
        var ownerExists = command.OwnerPersonId is { } person && await session.LoadAsync<People.PersonRecord>(person, ct) is { ErasedAt: null };
        return MilestoneReply.From(null, PlanMilestoneDecision.Decide(command, kommune, known, ownerExists, context));
    }
}
