using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.People;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>Add a respondent to an open round. Ids are minted by the caller (the link is issued with LinkId).</summary>
public sealed record AddRespondent(
    string KommuneId,
    int Round,
    Guid RespondentId,
    Guid LinkId,
    string? Unit,
    string? Dezernat,
    Guid? ContactPersonId) : IKommuneCommand
{
    public string RoundKey => RoundState.Key(KommuneId, Round);
}

public sealed record RespondentAddedReply(Guid RespondentId, Guid LinkId, [PersonalData(false)] string Unit);

public static class AddRespondentDecision
{
    public static IReadOnlyList<object> Decide(AddRespondent c, KommuneState kommune, RoundState? round, bool contactPersonExists, CommandContext context)
    {
        new Validation()
            .Require(UnitName.IsValid(c.Unit), "unit", $"Pflichtfeld, höchstens {UnitName.MaxLength} Zeichen.")
            .Require(c.Dezernat is null || c.Dezernat.Trim().Length is > 0 and <= 50, "dezernat", "Höchstens 50 Zeichen.")
            .ThrowIfInvalid();
        RoundState.Require(round, kommune.Id, c.Round).MustBeOpen();
        if (c.ContactPersonId is not null && !contactPersonExists)
        {
            throw new RuleViolation("person-unbekannt", "Person unbekannt", $"Es gibt keine Person mit der Kennung {c.ContactPersonId}.")
            {
                Alternatives = ["Person zuerst mit POST /api/people anlegen."],
            };
        }

        var events = new List<object>();
        var unit = kommune.ResolveUnit(c.Unit!, events);
        events.Add(new RespondentAdded(kommune.Id, c.Round, c.RespondentId, unit, c.Dezernat?.Trim(), c.ContactPersonId, c.LinkId));
        context.Limits.Enforce(kommune, events);
        return events;
    }
}

public static class AddRespondentHandler
{
    public static async Task<(RespondentAddedReply, Events)> Handle(
        AddRespondent command, [KommuneStream] KommuneState kommune, [Item(nameof(AddRespondent.RoundKey))] RoundState? round,
        IDocumentSession session, CommandContext context, CancellationToken ct)
    {
        var contact = command.ContactPersonId is { } id && await session.LoadAsync<PersonRecord>(id, ct) is { ErasedAt: null };
        var events = AddRespondentDecision.Decide(command, kommune, round, contact, context);
        var added = events.OfType<RespondentAdded>().Single();
        return (new RespondentAddedReply(added.RespondentId, command.LinkId, added.Unit), new Events(events));
    }
}
