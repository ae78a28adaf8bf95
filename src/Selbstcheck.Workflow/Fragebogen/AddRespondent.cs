using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Fragebogen;

/// <summary>Add a respondent to an open round. Ids are minted by the caller (the link is issued with LinkId).</summary>
public sealed record AddRespondent(
    string KommuneId,
    int Round,
    Guid RespondentId,
    Guid LinkId,
    string? Unit,
    string? Dezernat,
    Guid? ContactPersonId) : IKommuneCommand;

public sealed record RespondentAddedReply(Guid RespondentId, Guid LinkId, string Unit);

public static class AddRespondentDecision
{
    public static IReadOnlyList<object> Decide(AddRespondent c, KommuneJourney state, bool contactPersonExists)
    {
        new Validation()
            .Require(UnitName.IsValid(c.Unit), "unit", $"Pflichtfeld, höchstens {UnitName.MaxLength} Zeichen.")
            .Require(c.Dezernat is null || c.Dezernat.Trim().Length is > 0 and <= 50, "dezernat", "Höchstens 50 Zeichen.")
            .ThrowIfInvalid();
        var round = RoundRules.Round(state, c.Round);
        RoundRules.MustBeOpen(round);
        if (c.ContactPersonId is not null && !contactPersonExists)
        {
            throw new RuleViolation("person-unbekannt", "Person unbekannt", $"Es gibt keine Person mit der Kennung {c.ContactPersonId}.")
            {
                Alternatives = ["Person zuerst mit POST /api/people anlegen."],
            };
        }

        var events = new List<object>();
        var unit = state.ResolveUnit(c.Unit!, events);

        events.Add(new RespondentAdded(state.Id, c.Round, c.RespondentId, unit, c.Dezernat?.Trim(), c.ContactPersonId, c.LinkId));
        return events;
    }
}

public static class AddRespondentHandler
{
    public static async Task<PersonLookup> LoadAsync(AddRespondent command, IDocumentSession session, CancellationToken ct) =>
        new(command.ContactPersonId is { } id && await session.LoadAsync<PersonRecord>(id, ct) is not null);

    public static (RespondentAddedReply, Events) Handle(
        AddRespondent command,
        [WriteAggregate(nameof(AddRespondent.KommuneId))] KommuneJourney journey,
        PersonLookup contact)
    {
        var events = AddRespondentDecision.Decide(command, journey, contact.Exists);
        var added = events.OfType<RespondentAdded>().Single();
        return (new RespondentAddedReply(added.RespondentId, added.LinkId, added.Unit), new Events(events));
    }
}
