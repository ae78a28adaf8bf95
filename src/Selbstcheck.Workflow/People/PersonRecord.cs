using Marten;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.People;

/// <summary>
/// A person (facilitator, contact person) in the personal-data store: a document in its own
/// schema, apart from the events. Events only ever carry <see cref="Id"/>, so the record can be
/// erased later without rewriting history.
/// </summary>
public sealed record PersonRecord(Guid Id, [PersonalData(true)] string Name, [PersonalData(true)] string? Email, [PersonalData(false)] string? Organisation, DateTimeOffset CreatedAt)
{
    /// <summary>What an erased person's name reads as, everywhere.</summary>
    public const string Erased = "gelöscht";

    /// <summary>When the person's data was erased; the record is then a tombstone (name "gelöscht", no address, no organisation).</summary>
    public DateTimeOffset? ErasedAt { get; init; }

    /// <summary>#15 H4: the record's item version (1 as registered, +1 per change); records stored before it read 1.</summary>
    public long Version { get; init; } = 1;

    public static PersonRecord TombstoneOf(PersonRecord p, DateTimeOffset now) => new(p.Id, Erased, null, null, p.CreatedAt) { ErasedAt = now, Version = p.Version + 1 };
}


/// <summary>Register a person. The id is minted by the caller (the endpoint), not by the decision.</summary>
public sealed record RegisterPerson(string? Name, string? Email, string? Organisation);

public static class RegisterPersonDecision
{
    public static PersonRecord Decide(RegisterPerson c, Guid id, DateTimeOffset now)
    {
        var v = new Validation();
        if (string.IsNullOrWhiteSpace(c.Name)) v.Add("name", "Pflichtfeld.");
        else if (c.Name.Trim().Length > 200) v.Add("name", "Höchstens 200 Zeichen.");
        if (c.Email is not null && !EmailAddress.IsValid(c.Email.Trim())) v.Add("email", "Keine gültige E-Mail-Adresse.");
        if (c.Organisation is { Length: > 200 }) v.Add("organisation", "Höchstens 200 Zeichen.");
        v.ThrowIfInvalid();
        return new PersonRecord(id, c.Name!.Trim(), c.Email?.Trim(), c.Organisation?.Trim(), now);
    }
}
