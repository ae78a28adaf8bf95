using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Selbstcheck.Host.Audit;
using Selbstcheck.Host.Infrastructure;
using Wolverine.Http;

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
    public static async Task<IResult> Get(string id, IQuerySession session, TimeProvider clock, CancellationToken ct)
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
            "python3 ops/verify-export THIS-FILE [EARLIER-EXPORT-OF-THE-SAME-KOMMUNE]");
        var file = new StringBuilder().Append(JsonSerializer.Serialize(header, Json)).Append('\n');
        foreach (var line in lines) file.Append(line).Append('\n');

        return Results.File(Encoding.UTF8.GetBytes(file.ToString()), "application/jsonl", $"audit-{id}-v{version}.jsonl");
    }

    // Readable for a person (umlauts and quotes as they are): the file is a download, never HTML.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string? Text(NpgsqlDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetString(column);

    public sealed record Header(
        string Format, string KommuneId, string ExportedAt, long Version, string Hash,
        string HashInput, string TimestampFormat, string Data, string Metadata, string Verify);

    public sealed record EventLine(
        long Version, string Type, string Timestamp, string Data, string PreviousHash, string Hash,
        string? UserId, string? Role, string? CorrelationId, string? CausationId, JsonElement? Headers);
}
