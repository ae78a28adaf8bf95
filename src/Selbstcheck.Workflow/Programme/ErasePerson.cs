using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.People;
using Wolverine;

namespace Selbstcheck.Workflow.Programme;

/// <summary>
/// A person's personal data was erased by the programme team: the person record keeps only a
/// tombstone (its id resolves to "gelöscht"), every vault entry about the person is deleted. On the
/// programme stream; no name, no address — the reason says why.
/// </summary>
public sealed record PersonErased(Guid PersonId, [PersonalData(false)] string Reason) : IProgrammeEvent;

/// <summary>Erase a person (programme team, with a reason). Not addressed to one Kommune.</summary>
public sealed record ErasePerson(Guid PersonId, string? Reason);

public sealed record ErasureReply(Guid PersonId, int ErasedValues);

/// <summary>What an erasure does, decided from the person record and the vault entries that are about the person.</summary>
public sealed record Erasure(PersonRecord Tombstone, PersonErased Erased, IReadOnlyList<Guid> VaultEntries, IReadOnlyList<PersonalDataRedacted> Redactions);

public static class ErasePersonDecision
{
    public const int MaxReason = 500;

    public static Erasure Decide(ErasePerson c, PersonRecord? person, IReadOnlyList<VaultEntry> about, DateTimeOffset now)
    {
        if (person is null || person.ErasedAt is not null)
        {
            throw new NotFound("person-unbekannt", "Person nicht gefunden", $"Es gibt keine (nicht gelöschte) Person mit der Kennung \"{c.PersonId}\".");
        }

        var reason = ErasureReason.Require(c.Reason);
        // Entries tagged with the person, and free text that names them (name or address), in every Kommune.
        var hits = about.Where(e => e.PersonId == person.Id || Names(e.Value, person)).ToList();
        return new Erasure(
            PersonRecord.TombstoneOf(person, now),
            new PersonErased(person.Id, reason),
            hits.Select(e => e.Id).ToList(),
            hits.Select(e => new PersonalDataRedacted(e.KommuneId, e.Id, reason)).ToList());
    }

    /// <summary>
    /// Whether a vault value names the person: their full name as whole words, or their address
    /// (ignoring case) — "Anna Beispiel" in "Rückfrage bei anna beispiel", not in "Anna Beispielhaft".
    /// </summary>
    public static bool Names(string value, PersonRecord person) =>
        System.Text.RegularExpressions.Regex.IsMatch(value, $@"(?<!\w){System.Text.RegularExpressions.Regex.Escape(person.Name)}(?!\w)",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant) ||
        (person.Email is { Length: > 0 } email && value.Contains(email, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A reason is required (never personal: it stays in the event).</summary>
public static class ErasureReason
{
    public static string Require(string? reason)
    {
        new Validation()
            .Require(!string.IsNullOrWhiteSpace(reason), "reason", "Pflichtfeld: der Grund der Löschung.")
            .Require(reason is null || reason.Length <= ErasePersonDecision.MaxReason, "reason", $"Höchstens {ErasePersonDecision.MaxReason} Zeichen.")
            .ThrowIfInvalid();
        return reason!.Trim();
    }
}

public static class ErasePersonHandler
{
    /// <summary>
    /// The vault entries that may be about the person (tagged with them, or containing their name or address);
    /// the decision keeps those that name them as whole words. Also what the erasure's confirmation page counts.
    /// </summary>
    public static async Task<IReadOnlyList<VaultEntry>> CandidatesAsync(IQuerySession session, PersonRecord person, CancellationToken ct)
    {
        var (id, name) = (person.Id, person.Name);
        return person.Email is { Length: > 0 } email
            ? await session.Query<VaultEntry>().Where(e => e.PersonId == id
                || e.Value.Contains(name, StringComparison.OrdinalIgnoreCase) || e.Value.Contains(email, StringComparison.OrdinalIgnoreCase)).ToListAsync(ct)
            : await session.Query<VaultEntry>().Where(e => e.PersonId == id || e.Value.Contains(name, StringComparison.OrdinalIgnoreCase)).ToListAsync(ct);
    }

    /// <summary>The vault entries an erasure of the person deletes (as the decision selects them).</summary>
    public static async Task<IReadOnlyList<VaultEntry>> AboutAsync(IQuerySession session, PersonRecord person, CancellationToken ct) =>
        (await CandidatesAsync(session, person, ct)).Where(e => e.PersonId == person.Id || ErasePersonDecision.Names(e.Value, person)).ToList();

    public static async Task<ErasureReply> Handle(ErasePerson command, IDocumentSession session, Envelope envelope, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var person = await session.LoadAsync<PersonRecord>(command.PersonId, ct);
        IReadOnlyList<VaultEntry> about = person is not null && person.ErasedAt is null ? await CandidatesAsync(session, person, ct) : [];

        var erasure = ErasePersonDecision.Decide(command, person, about, now);

        var context = CommandHeaders.Read(envelope.Headers, now);
        var correlation = envelope.CorrelationId is { Length: > 0 } c ? c : envelope.Id.ToString();
        // The programme stream's queue (ProgrammeLog), then the affected Kommunen's streams locked as their
        // commands lock them, in a fixed order: the redactions wait for a running command instead of colliding.
        await ProgrammeLog.AppendAsync(session, new ProgrammeAction(context.Actor, correlation, envelope.Id.ToString()), ct, erasure.Erased);
        var kommunen = erasure.Redactions.Select(r => r.KommuneId).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (kommunen.Length > 0)
        {
            await using var lockStreams = new Npgsql.NpgsqlCommand(
                $"select id from {session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_streams where id = any(@ids) order by id for update",
                (Npgsql.NpgsqlConnection)session.Connection!);
            lockStreams.Parameters.AddWithValue("ids", kommunen);
            await lockStreams.ExecuteNonQueryAsync(ct);
        }

        session.Store(erasure.Tombstone);
        foreach (var id in erasure.VaultEntries) session.Delete<VaultEntry>(id);
        foreach (var kommune in erasure.Redactions.GroupBy(r => r.KommuneId)) session.Events.Append(kommune.Key, kommune.ToArray<object>());
        await session.SaveChangesAsync(ct);
        return new ErasureReply(person!.Id, erasure.VaultEntries.Count);
    }
}
