using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Selbstcheck.Host.Audit;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Personal;
using Selbstcheck.Workflow.People;
using Wolverine.Http;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Api;

/// <summary>
/// The audit export (#12, point 5): a Kommune's stream as one self-contained JSON-lines file that an
/// auditor verifies offline with <c>ops/verify-export</c> — every hashed text exactly as PostgreSQL
/// hashed it (timestamp text and <c>data::text</c> read in SQL, never re-serialised here), each link's
/// previous hash and hash, and a header that says how the hash is computed.
/// </summary>
public static class AuditExportEndpoints
{
    public const string Format = "selbstcheck-audit-export/1";

    [WolverineGet("/api/kommunen/{id}/audit-export", OperationId = "exportKommuneAudit")]
    [Tags("Audit")]
    public static async Task<IResult> Get(string id, IQuerySession session, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        await KommuneLookup.EnsureExists(session, id, ct);

        // One statement: the events and their links as of one snapshot. A missing link is exported with
        // empty hashes, so the offline verifier reports it exactly as /verify does ("nicht verkettet").
        var sql = $"""
            select e.version, e.type,
                   to_char(e.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                   e.data::text, coalesce(c.previous_hash, ''), coalesce(c.hash, ''),
                   e.user_name, e.headers->>'actorRole', e.correlation_id, e.causation_id, e.headers::text
            from {StorageSetup.Schema}.mt_events e
            left join {StorageSetup.Schema}.{EventChain.TableName} c on c.stream_id = e.stream_id and c.version = e.version
            where e.stream_id = @id
            order by e.version
            """;
        var lines = new List<string>();
        var refs = new HashSet<Guid>();
        long version = 0;
        var last = "";
        await using (var command = new NpgsqlCommand(sql, (NpgsqlConnection)session.Connection!))
        {
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                version = reader.GetInt64(0);
                last = reader.GetString(5);
                CollectRefs(reader.GetString(3), refs);
                lines.Add(JsonSerializer.Serialize(new EventLine(
                    version, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), last,
                    Text(reader, 6), Text(reader, 7), Text(reader, 8), Text(reader, 9),
                    Text(reader, 10) is { } headers ? JsonDocument.Parse(headers).RootElement.Clone() : null), Json));
            }
        }

        var header = new Header(
            Format, id, clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"), version, last,
            "lower-hex(sha256(UTF-8(stream_id + '|' + version + '|' + type + '|' + timestamp + '|' + data + '|' + previousHash))); stream_id = kommuneId, version in decimal, previousHash = '' for version 1",
            "UTC, YYYY-MM-DDTHH:MM:SS.ffffffZ (microseconds, always 6 digits)",
            "data is the stored payload's exact text (PostgreSQL jsonb::text) as a JSON string; hash it as is, never re-serialise it",
            "userId, role, correlationId, causationId and headers (role, reason, imported and assumed markers) are readable metadata and NOT part of the hash",
            "python3 ops/verify-export THIS-FILE [EARLIER-EXPORT-OF-THE-SAME-KOMMUNE]",
            "personal values are not in the events: a payload holds {ref, hash} with hash = lower-hex(sha256(UTF-8(salt + value))); "
            + "'personal' lists each ref with its value and salt (so the hash can be checked), or value 'gelöscht' once erased, "
            + "or '[personenbezogen]' for a reader without the right to see personal data",
            await PersonalAsync(session, refs, PersonalData.Visible(user), ct));
        var file = new StringBuilder().Append(JsonSerializer.Serialize(header, Json)).Append('\n');
        foreach (var line in lines) file.Append(line).Append('\n');

        return Results.File(Encoding.UTF8.GetBytes(file.ToString()), "application/jsonl", $"audit-{id}-v{version}.jsonl");
    }

    // Readable for a person (umlauts and quotes as they are): the file is a download, never HTML.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public sealed record Header(
        [PersonalData(false)] string Format, [PersonalData(false)] string KommuneId, [PersonalData(false)] string ExportedAt, long Version, [PersonalData(false)] string Hash,
        [PersonalData(false)] string HashInput, [PersonalData(false)] string TimestampFormat, [PersonalData(false)] string Data, [PersonalData(false)] string Metadata, [PersonalData(false)] string Verify,
        [PersonalData(false)] string PersonalData, IReadOnlyList<PersonalValue> Personal);

    /// <summary>A referenced personal value: with its salt while it exists and the reader may see it.</summary>
    public sealed record PersonalValue(Guid Ref, [PersonalData(true)] string Value, [PersonalData(false)] string? Salt);

    private static async Task<IReadOnlyList<PersonalValue>> PersonalAsync(IQuerySession session, HashSet<Guid> refs, bool visible, CancellationToken ct)
    {
        var entries = visible && refs.Count > 0 ? (await session.LoadManyAsync<VaultEntry>(ct, refs.ToArray())).ToDictionary(e => e.Id) : [];
        return refs.Order().Select(r => !visible ? new PersonalValue(r, Personal.PersonalData.Withheld, null)
            : entries.TryGetValue(r, out var e) ? new PersonalValue(r, e.Value, e.Salt)
            : new PersonalValue(r, Personal.PersonalData.Erased, null)).ToList();
    }

    /// <summary>Every {ref, hash} object in a stored payload.</summary>
    private static void CollectRefs(string data, HashSet<Guid> refs)
    {
        using var doc = JsonDocument.Parse(data);
        Walk(doc.RootElement);

        void Walk(JsonElement e)
        {
            if (e.ValueKind == JsonValueKind.Object)
            {
                if (e.TryGetProperty("ref", out var r) && e.TryGetProperty("hash", out _) && r.ValueKind == JsonValueKind.String && r.TryGetGuid(out var g)) refs.Add(g);
                foreach (var p in e.EnumerateObject()) Walk(p.Value);
            }
            else if (e.ValueKind == JsonValueKind.Array)
            {
                foreach (var x in e.EnumerateArray()) Walk(x);
            }
        }
    }

    public sealed record EventLine(
        long Version, [PersonalData(false)] string Type, [PersonalData(false)] string Timestamp, [PersonalData(false)] string Data, [PersonalData(false)] string PreviousHash, [PersonalData(false)] string Hash,
        [PersonalData(false)] string? UserId, [PersonalData(false)] string? Role, [PersonalData(false)] string? CorrelationId, [PersonalData(false)] string? CausationId, JsonElement? Headers);
}
