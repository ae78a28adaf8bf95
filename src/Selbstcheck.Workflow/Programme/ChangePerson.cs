using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.People;
using Wolverine;

namespace Selbstcheck.Workflow.Programme;

/// <summary>
/// #15 H4: a person record's data (name, address, organisation) was changed by the programme team. On
/// the programme stream; the id and the record's new version only — the values stay in the personal-data store.
/// </summary>
public sealed record PersonChanged(Guid PersonId, long Version) : IProgrammeEvent;

/// <summary>Change a person record (programme team): the whole record as it should read, with the version seen.</summary>
public sealed record ChangePerson(Guid PersonId, string? Name, string? Email, string? Organisation, long? ExpectedVersion = null);

public sealed record PersonChange(PersonRecord Record, PersonChanged? Changed);

public static class ChangePersonDecision
{
    /// <summary>
    /// The changed record and its event; unchanged values change nothing (no event). An erased person
    /// cannot be changed (404, as everywhere an erased person is asked for): erasure is final.
    /// </summary>
    public static PersonChange Decide(ChangePerson c, PersonRecord? person, DateTimeOffset now)
    {
        if (person is null || person.ErasedAt is not null)
        {
            throw new NotFound("person-unbekannt", "Person nicht gefunden", $"Es gibt keine (nicht gelöschte) Person mit der Kennung \"{c.PersonId}\".");
        }

        ItemVersion.Check("Die Person", c.ExpectedVersion, person.Version);
        // The same rules as at registration.
        var wanted = RegisterPersonDecision.Decide(new RegisterPerson(c.Name, Blank(c.Email), Blank(c.Organisation)), person.Id, person.CreatedAt);
        if (wanted.Name == person.Name && wanted.Email == person.Email && wanted.Organisation == person.Organisation)
        {
            return new PersonChange(person, null);
        }

        var changed = person with { Name = wanted.Name, Email = wanted.Email, Organisation = wanted.Organisation, Version = person.Version + 1 };
        return new PersonChange(changed, new PersonChanged(person.Id, changed.Version));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

public static class ChangePersonHandler
{
    public static async Task<PersonRecord> Handle(ChangePerson command, IDocumentSession session, Envelope envelope, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var context = CommandHeaders.Read(envelope.Headers, now);
        var correlation = envelope.CorrelationId is { Length: > 0 } c ? c : envelope.Id.ToString();
        // The programme stream's queue first (its lock serialises changes of people), then the record as it is now.
        await ProgrammeLog.QueueAsync(session, ct);
        var person = await session.LoadAsync<PersonRecord>(command.PersonId, ct);
        var change = ChangePersonDecision.Decide(command, person, now);
        if (change.Changed is null) return change.Record;
        await ProgrammeLog.AppendAsync(session, new ProgrammeAction(context.Actor, correlation, envelope.Id.ToString()), ct, change.Changed);
        session.Store(change.Record);
        await session.SaveChangesAsync(ct);
        return change.Record;
    }
}
