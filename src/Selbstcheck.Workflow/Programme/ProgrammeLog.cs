using System.Security.Cryptography;
using System.Text.Json;
using Marten;
using Npgsql;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Programme;

/// <summary>
/// Who changed something at programme level, and in which conversation: the actor (user id and
/// role), the correlation id (the HTTP request's, or the job's or command line's own) and the
/// causation id (the request, or the command line call, that caused the change).
/// </summary>
public sealed record ProgrammeAction(Actor Actor, string CorrelationId, string CausationId, bool Imported = false)
{
    /// <summary>A change made outside any request (start-up, command line): its own correlation and causation id.</summary>
    public static ProgrammeAction Own(Actor actor, string what, bool imported = false)
    {
        var id = $"{what}/{Guid.CreateVersion7():N}";
        return new ProgrammeAction(actor, id, id, imported);
    }
}

/// <summary>
/// Appends programme-level events to the programme stream, in the transaction of the session that
/// also writes the document they describe (one SaveChanges: both or neither), with the same
/// metadata the command pipeline gives a Kommune's events (user, role, correlation, causation).
/// Appends to the programme stream queue: the session's transaction starts here and takes a
/// transaction-scoped advisory lock, held until its commit — Marten's quick append reads the
/// stream's version without a row lock, so two writers would otherwise collide on the same version.
/// </summary>
public static class ProgrammeLog
{
    private const string LockSql = "select pg_advisory_xact_lock(hashtext('selbstcheck-programme-stream'))";

    /// <summary>
    /// Joins the programme stream's queue: the session's transaction starts and holds the lock until its commit
    /// (#15 H4: a change of a person or user record reads the record only after this, so edits never interleave).
    /// </summary>
    public static async Task QueueAsync(IDocumentSession session, CancellationToken ct)
    {
        // Idempotent within a transaction (Marten keeps the open one; the advisory lock is re-entrant).
        await session.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand(LockSql, (NpgsqlConnection)session.Connection!);
        await command.ExecuteNonQueryAsync(ct);
    }

    public static async Task AppendAsync(IDocumentSession session, ProgrammeAction action, CancellationToken ct, params IProgrammeEvent[] events)
    {
        if (events.Length == 0) return;
        await QueueAsync(session, ct);

        session.LastModifiedBy = action.Actor.Id;
        session.SetHeader(EventHeaders.ActorRole, action.Actor.Role);
        session.CorrelationId = action.CorrelationId;
        session.CausationId = action.CausationId;
        if (action.Imported) session.SetHeader(ImportedHistory.Header, true);
        session.Events.Append(ProgrammeStream.Id, events.Cast<object>().ToArray());
    }
}

/// <summary>The SHA-256 of an imported catalogue or scheme: over its JSON as stored (System.Text.Json, web defaults), hex.</summary>
public static class ContentHash
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Of<T>(T content) => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(content, Json)));
}
