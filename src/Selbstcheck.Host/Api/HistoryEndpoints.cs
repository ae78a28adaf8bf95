using System.Globalization;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using NpgsqlTypes;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Personal;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Programme;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>
/// The auditor's entry point: a Kommune's stream (or the programme stream), event by event, in order —
/// filtered in the database. Each entry: who (user id; role in the headers), when, correlation and
/// causation id, the headers (role, reason, imported and assumed markers), a German description, the payload.
/// </summary>
public static partial class HistoryEndpoints
{
    public sealed record HistoryEntry(
        long Sequence,
        long Version,
        [PersonalData(false)] string Type,
        DateTimeOffset Timestamp,
        [PersonalData(false)] string? UserId,
        [PersonalData(false)] string? CorrelationId,
        [PersonalData(false)] string? CausationId,
        IReadOnlyDictionary<string, object>? Headers,
        [PersonalData(false)] string Description,
        object Payload,
        [PersonalData(true)] IReadOnlyDictionary<Guid, string>? Personal = null);

    /// <summary>
    /// ?type= (pinned names, repeatable or comma-separated), ?from=/?to= (instants with offset; a plain
    /// date is that whole day in Europe/Berlin), ?user= (opaque user id), ?role=; paged. Total counts
    /// the matching events.
    /// </summary>
    [WolverineGet("/api/kommunen/{id}/history", OperationId = "getKommuneHistory")]
    [Tags("Audit")]
    public static async Task<Paged<HistoryEntry>> Get(
        string id, IQuerySession session, string? page, string? pageSize,
        string[]? type, string? from, string? to, string? user, string? role, ClaimsPrincipal caller, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        var filter = HistoryFilter.Parse(type, from, to, user, role);
        await KommuneLookup.EnsureExists(session, id, ct);
        return await PageAsync(session, id, filter, paging, caller, ct);
    }

    /// <summary>
    /// The programme stream's history (catalogue and scoring-scheme imports, people records, the user
    /// directory, facilitators' links): the same paging, filters and descriptions as a Kommune's.
    /// </summary>
    [WolverineGet("/api/programm/history", OperationId = "getProgrammeHistory")]
    [Tags("Audit")]
    public static async Task<Paged<HistoryEntry>> GetProgramme(
        IQuerySession session, string? page, string? pageSize,
        string[]? type, string? from, string? to, string? user, string? role, ClaimsPrincipal caller, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        var filter = HistoryFilter.Parse(type, from, to, user, role);
        return await PageAsync(session, ProgrammeStream.Id, filter, paging, caller, ct);
    }

    private static async Task<Paged<HistoryEntry>> PageAsync(IQuerySession session, string id, HistoryFilter filter, PageRequest paging, ClaimsPrincipal caller, CancellationToken ct)
    {
        var (sequences, total) = await MatchingAsync(session, id, filter, paging, ct);
        var events = sequences.Count == 0
            ? []
            : await session.Events.QueryAllRawEvents()
                .Where(e => e.Sequence.IsOneOf(sequences.ToArray()))
                .OrderBy(e => e.Version)
                .ToListAsync(ct);
        // The payload as stored (references and salted hashes); beside it the referenced values, resolved for the caller.
        var personal = await PersonalData.LoadAsync(session, events.SelectMany(e => PersonalRefs.In(e.Data)), caller, ct);
        var items = events.Select(e => new HistoryEntry(
            e.Sequence,
            e.Version,
            e.EventTypeName,
            e.Timestamp.ToUniversalTime(),
            e.UserName,
            e.CorrelationId,
            e.CausationId,
            e.Headers,
            EventDescriptions.Describe(e.Data),
            e.Data,
            PersonalRefs.In(e.Data).ToList() is { Count: > 0 } refs ? refs.DistinctBy(r => r.Ref).ToDictionary(r => r.Ref, r => personal.Show(r)!) : null)).ToList();
        return new Paged<HistoryEntry>(items, paging.Page, paging.PageSize, total);
    }

    /// <summary>One page of the matching events' sequence numbers, and how many match: filtered and counted by PostgreSQL.</summary>
    private static async Task<(IReadOnlyList<long> Sequences, long Total)> MatchingAsync(
        IQuerySession session, string id, HistoryFilter filter, PageRequest paging, CancellationToken ct)
    {
        var where = $"""
            from {StorageSetup.Schema}.mt_events
            where stream_id = @id and is_archived = false
              and (@types::text[] is null or type = any(@types))
              and (@from::timestamptz is null or timestamp >= @from)
              and (@to::timestamptz is null or timestamp < @to)
              and (@user::text is null or user_name = @user)
              and (@role::text is null or headers->>'actorRole' = @role)
            """;
        var connection = (NpgsqlConnection)session.Connection!;
        await using var count = Command($"select count(*) {where}", connection, id, filter);
        var total = (long)(await count.ExecuteScalarAsync(ct))!;
        var sequences = new List<long>();
        if (total <= paging.Skip) return (sequences, total);

        await using var page = Command($"select seq_id {where} order by version offset @skip limit @take", connection, id, filter);
        page.Parameters.AddWithValue("skip", paging.Skip);
        page.Parameters.AddWithValue("take", paging.PageSize);
        await using var reader = await page.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) sequences.Add(reader.GetInt64(0));
        return (sequences, total);
    }

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, string id, HistoryFilter filter)
    {
        var cmd = new NpgsqlCommand(sql, connection);
        cmd.Parameters.AddWithValue("id", id);
        cmd.Parameters.Add(new NpgsqlParameter("types", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = (object?)filter.Types ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("from", NpgsqlDbType.TimestampTz) { Value = (object?)filter.From?.UtcDateTime ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("to", NpgsqlDbType.TimestampTz) { Value = (object?)filter.ToExclusive?.UtcDateTime ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("user", NpgsqlDbType.Text) { Value = (object?)filter.User ?? DBNull.Value });
        cmd.Parameters.Add(new NpgsqlParameter("role", NpgsqlDbType.Text) { Value = (object?)filter.Role ?? DBNull.Value });
        return cmd;
    }

    /// <summary>The history's filters, validated (any odd value is a 400, never a 500).</summary>
    public sealed partial record HistoryFilter([PersonalData(false)] string[]? Types, DateTimeOffset? From, DateTimeOffset? ToExclusive, [PersonalData(false)] string? User, [PersonalData(false)] string? Role)
    {
        private static readonly HashSet<string> KnownTypes = EventTypes.All.Select(t => t.StoredName).ToHashSet(StringComparer.Ordinal);

        private static readonly HashSet<string> KnownRoles =
            [Roles.Programmteam, Roles.Prozessbegleitung, Roles.Kommune, Roles.Befragte, Roles.Audit, Roles.Teilnehmende, Roles.System, Roles.Einheit];

        public static HistoryFilter Parse(string[]? type, string? from, string? to, string? user, string? role)
        {
            var v = new Validation();
            string[]? types = null;
            if (type is { Length: > 0 })
            {
                var names = type.SelectMany(t => (t ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .Distinct(StringComparer.Ordinal).ToArray();
                var unknown = names.Where(n => !KnownTypes.Contains(n)).Take(3).ToList();
                if (names.Length == 0 || unknown.Count > 0)
                {
                    v.Add("type", "Ein oder mehrere Ereignistypen (z. B. answer_recorded), wiederholt oder durch Kommas getrennt.");
                }

                types = names;
            }

            var start = Instant(v, "from", from, endOfDay: false);
            var end = Instant(v, "to", to, endOfDay: true);
            if (start is not null && end is not null && end <= start)
            {
                v.Add("to", "Das Ende liegt nicht nach dem Beginn.");
            }

            if (user is not null && (user.Length is 0 or > 200 || user.Any(char.IsControl)))
            {
                v.Add("user", "Eine Nutzer-ID (bis 200 Zeichen).");
            }

            if (role is not null && !KnownRoles.Contains(role))
            {
                v.Add("role", $"Eine Rolle: {string.Join(", ", KnownRoles)}.");
            }

            v.ThrowIfInvalid();
            return new HistoryFilter(types, start, end, user, role);
        }

        /// <summary>
        /// An instant with offset, inclusive for from, and for to (up to the end of its microsecond); or a plain
        /// date, the start of that Berlin day for from, the start of the next for to.
        /// </summary>
        private static DateTimeOffset? Instant(Validation v, string field, string? text, bool endOfDay) =>
            text is null || AuditMoment.Parse(v, field, text, "2020-07-01, ein Tag in Europe/Berlin") is not { } moment ? null
            : !endOfDay ? moment.StartOfDay
            : moment.Day is null ? moment.Instant.AddTicks(10) : moment.StartOfNextDay;
    }
}
