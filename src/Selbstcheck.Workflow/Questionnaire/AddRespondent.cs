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
        // #14: a round of another actor group asks organisations or persons of that group, not units of the Kommune.
        if (round is { IsAdministration: false } || round is { IsInterview: true }) return DecideExternal(c, kommune, round, contactPersonExists, context);
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

    /// <summary>
    /// A respondent of another actor group (#14): an organisation by its name, or a person (the contact
    /// person's record) — no unit of the Kommune is created or named. Interview rounds have no respondents.
    /// </summary>
    private static IReadOnlyList<object> DecideExternal(AddRespondent c, KommuneState kommune, RoundState round, bool contactPersonExists, CommandContext context)
    {
        new Validation()
            .Require(c.Unit is null ? c.ContactPersonId is not null : UnitName.IsValid(c.Unit), "unit",
                $"Name der Organisation (höchstens {UnitName.MaxLength} Zeichen) oder eine Kontaktperson (contactPersonId).")
            .Require(c.Dezernat is null, "dezernat", "Nur bei Runden der Verwaltung: Befragte anderer Akteursgruppen gehören zu keinem Dezernat.")
            .ThrowIfInvalid();
        if (round.IsInterview)
        {
            throw new RuleViolation("interview-runde", "Interviewrunde ohne Befragte",
                $"Runde {round.Number} ist eine Interviewrunde: Ihre Ergebnisse sind Zusammenfassungen je Handlungsfeld, keine Antworten von Befragten.")
            {
                Alternatives = [$"Zusammenfassung erfassen (PUT …/rounds/{round.Number}/interview-summaries)."],
            };
        }

        round.MustBeOpen();
        if (c.ContactPersonId is not null && !contactPersonExists)
        {
            throw new RuleViolation("person-unbekannt", "Person unbekannt", $"Es gibt keine Person mit der Kennung {c.ContactPersonId}.")
            {
                Alternatives = ["Person zuerst mit POST /api/people anlegen."],
            };
        }

        IReadOnlyList<object> events =
            [new ExternalRespondentAdded(kommune.Id, c.Round, c.RespondentId, c.Unit?.Trim() ?? ExternalRespondents.Person, c.ContactPersonId, c.LinkId)];
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
        var reply = events.OfType<RespondentAdded>().Select(a => new RespondentAddedReply(a.RespondentId, command.LinkId, a.Unit))
            .Concat(events.OfType<ExternalRespondentAdded>().Select(a => new RespondentAddedReply(a.RespondentId, command.LinkId, a.Organisation)))
            .Single();
        return (reply, new Events(events));
    }
}
