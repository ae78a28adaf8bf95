using Marten;
using Npgsql;

namespace Selbstcheck.Host.Audit;

/// <summary>Where a stream's chain and its events first disagree.</summary>
/// <param name="Kind">
/// inhalt-geaendert: the event's content no longer matches its link (payload, timestamp or type changed);
/// fehlt: a link names a version whose event is gone (<paramref name="Next"/>: the event after it);
/// nicht-verkettet: an event without a link (written behind the trigger's back);
/// kette-gebrochen: a link does not name its predecessor's hash (the chain itself was rewritten).
/// </param>
public sealed record ChainBreak(long Version, string? Type, string Kind, ChainEvent? Next);

public sealed record ChainEvent(long Version, string Type);

public sealed record ChainVerification(string KommuneId, long Version, bool Verified, ChainBreak? FirstBreak, int Checked);

/// <summary>Compares a stream's events with its chain in both directions (every event linked, every link's event present and unchanged).</summary>
public sealed class ChainVerifier(IDocumentStore store)
{
    public const string ContentChanged = "inhalt-geaendert";
    public const string Missing = "fehlt";
    public const string Unchained = "nicht-verkettet";
    public const string ChainRewritten = "kette-gebrochen";

    private sealed record Row(long Version, string? EventType, string? LinkType, string? Hash, string? PreviousHash, string? Recomputed);

    public async Task<ChainVerification> VerifyAsync(string streamId, CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            select coalesce(e.version, c.version), e.type, c.type, c.hash, c.previous_hash,
                   case when e.version is not null and c.version is not null
                        then {schema}.{EventChain.HashFunction}(e.stream_id, e.version, e.type, e.timestamp, e.data, c.previous_hash) end,
                   (select s.version from {schema}.mt_streams s where s.id = $1)
            from (select * from {schema}.mt_events where stream_id = $1) e
            full join (select * from {schema}.{EventChain.TableName} where stream_id = $1) c on c.version = e.version
            order by 1
            """, connection);
        command.Parameters.AddWithValue(streamId);
        var rows = new List<Row>();
        long streamVersion = 0;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new Row(reader.GetInt64(0), Text(reader, 1), Text(reader, 2), Text(reader, 3), Text(reader, 4), Text(reader, 5)));
                streamVersion = reader.IsDBNull(6) ? 0 : reader.GetInt64(6);
            }
        }

        var checkedEvents = rows.Count(r => r.EventType is not null);
        var firstBreak = FirstBreak(rows);
        return new ChainVerification(streamId, streamVersion, firstBreak is null, firstBreak, checkedEvents);
    }

    /// <summary>The Kommune streams (every stream Marten did not write for itself).</summary>
    public async Task<IReadOnlyList<string>> StreamsAsync(CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand($"""
            select id from {schema}.mt_streams where id not like '{EventChain.InternalStreams}'
            union select stream_id from {schema}.{EventChain.TableName}
            order by 1
            """, connection);
        var streams = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) streams.Add(reader.GetString(0));
        return streams;
    }

    private static ChainBreak? FirstBreak(List<Row> rows)
    {
        var expectedVersion = 1L;
        var expectedPrevious = "";
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Version != expectedVersion)
            {
                // Event and link both gone: the version is missing, its type unknown.
                return new ChainBreak(expectedVersion, null, Missing, NextEvent(rows, i));
            }

            if (row.EventType is null) return new ChainBreak(row.Version, row.LinkType, Missing, NextEvent(rows, i + 1));
            if (row.Hash is null) return new ChainBreak(row.Version, row.EventType, Unchained, null);
            if (row.Recomputed != row.Hash || row.EventType != row.LinkType) return new ChainBreak(row.Version, row.EventType, ContentChanged, null);
            if (row.PreviousHash != expectedPrevious) return new ChainBreak(row.Version, row.EventType, ChainRewritten, null);
            expectedPrevious = row.Hash;
            expectedVersion++;
        }

        return null;
    }

    private static ChainEvent? NextEvent(List<Row> rows, int from) =>
        rows.Skip(from).Where(r => r.EventType is not null).Select(r => new ChainEvent(r.Version, r.EventType!)).FirstOrDefault();

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
