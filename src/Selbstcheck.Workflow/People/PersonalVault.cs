using System.Security.Cryptography;
using System.Text;
using Marten;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.People;

/// <summary>
/// A personal value (a unit's address) or free text that may name a person (an answer's comment
/// and evidence, an action item's note, a workshop's moderation, an agenda item's speaker) as an
/// event or a read model holds it: a reference into the personal-data vault and the salted hash
/// <c>sha256(salt || value)</c> (hex, both UTF-8). The text itself lives only in the vault
/// (<see cref="VaultEntry"/>); erasing the entry leaves the event — and its chained bytes —
/// unchanged, and the hash reveals nothing once the salt is gone.
/// </summary>
public sealed record PersonalRef(Guid Ref, [PersonalData(false)] string Hash);

/// <summary>
/// One sealed value in the personal-data vault (schema <c>personal</c>): the owning Kommune and,
/// where known, the person it is about; deleted on erasure or redaction.
/// </summary>
public sealed class VaultEntry
{
    public Guid Id { get; set; }

    public string KommuneId { get; set; } = "";

    public Guid? PersonId { get; set; }

    public string Salt { get; set; } = "";

    public string Value { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public PersonalRef Ref => new(Id, PersonalHash.Of(Salt, Value));

    public static VaultEntry New(string kommuneId, string value, Guid? personId, DateTimeOffset now) => new()
    {
        // Random (version 4): the reference in the events tells nothing about the value or its entry.
        Id = Guid.NewGuid(),
        KommuneId = kommuneId,
        PersonId = personId,
        Salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
        Value = value,
        CreatedAt = now,
    };
}

/// <summary>How a vault entry's hash is computed: lower-case hex of sha256(UTF-8(salt) || UTF-8(value)).</summary>
public static class PersonalHash
{
    public static string Of(string salt, string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(salt + value)));
}

/// <summary>What a decision uses to seal personal text, and to tell whether a sealed value is the one given.</summary>
public interface IPersonalVault
{
    /// <summary>Stores <paramref name="value"/> apart (with the command's commit) and returns its reference.</summary>
    PersonalRef Seal(string kommuneId, string value, Guid? personId = null);

    /// <summary>Whether <paramref name="sealedValue"/> holds exactly <paramref name="value"/> (both absent counts as equal; an erased entry never equals).</summary>
    bool Holds(PersonalRef? sealedValue, string? value, StringComparison comparison = StringComparison.Ordinal);
}

/// <summary>
/// The vault of a decision that is not stored (decision tests): deterministic references and an
/// empty salt, so expected events can be written down (<see cref="RefOf"/>).
/// </summary>
public sealed class MemoryVault : IPersonalVault
{
    private readonly Dictionary<Guid, string> values = [];

    public static PersonalRef RefOf(string value)
    {
        var hash = PersonalHash.Of("", value);
        return new PersonalRef(new Guid(Convert.FromHexString(hash[..32])), hash);
    }

    public PersonalRef Seal(string kommuneId, string value, Guid? personId = null)
    {
        var r = RefOf(value);
        values[r.Ref] = value;
        return r;
    }

    public bool Holds(PersonalRef? sealedValue, string? value, StringComparison comparison = StringComparison.Ordinal) =>
        sealedValue is null ? value is null
        : value is not null && (values.TryGetValue(sealedValue.Ref, out var v) ? string.Equals(v, value, comparison) : RefOf(value) == sealedValue);
}

/// <summary>
/// The vault of a command's session: sealed entries are stored in the same commit as the events
/// that reference them (a refused command stores neither).
/// </summary>
public sealed class SessionVault(IDocumentSession session, DateTimeOffset now) : IPersonalVault
{
    private readonly Dictionary<Guid, VaultEntry> pending = [];

    public PersonalRef Seal(string kommuneId, string value, Guid? personId = null)
    {
        var entry = VaultEntry.New(kommuneId, value, personId, now);
        pending[entry.Id] = entry;
        session.Store(entry);
        return entry.Ref;
    }

    public bool Holds(PersonalRef? sealedValue, string? value, StringComparison comparison = StringComparison.Ordinal)
    {
        if (sealedValue is null) return value is null;
        if (value is null) return false;
        // Decisions are synchronous; the lookup runs on the command's own session (no synchronization
        // context in the host, nothing else uses the session meanwhile). Only an unchanged-looking
        // resend of personal text needs it.
        var entry = pending.GetValueOrDefault(sealedValue.Ref) ?? session.LoadAsync<VaultEntry>(sealedValue.Ref).GetAwaiter().GetResult();
        return entry is not null && string.Equals(entry.Value, value, comparison);
    }
}

/// <summary>Finds every <see cref="PersonalRef"/> in an event (or any record graph): for the history and the export.</summary>
public static class PersonalRefs
{
    public static IEnumerable<PersonalRef> In(object? value)
    {
        var found = new List<PersonalRef>();
        Walk(value, found, 0);
        return found;
    }

    private static void Walk(object? value, List<PersonalRef> found, int depth)
    {
        if (value is null || depth > 8) return;
        switch (value)
        {
            case PersonalRef r:
                found.Add(r);
                return;
            case string or ValueType:
                return;
            case System.Collections.IDictionary d:
                foreach (var v in d.Values) Walk(v, found, depth + 1);
                return;
            case System.Collections.IEnumerable items:
                foreach (var v in items) Walk(v, found, depth + 1);
                return;
        }

        if (value.GetType().Namespace?.StartsWith("Selbstcheck", StringComparison.Ordinal) != true) return;
        foreach (var p in value.GetType().GetProperties())
        {
            if (p.GetIndexParameters().Length == 0) Walk(p.GetValue(value), found, depth + 1);
        }
    }
}
