using Marten;
using Npgsql;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Programme;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// The write model (<see cref="KommuneState"/> and the item documents) is kept inline with every
/// append. Streams written before it existed (an older version kept one large document per
/// Kommune) have none, and streams written under an older shape of it (<see cref="KommuneState.CurrentShape"/>)
/// lack what newer decisions read: at start, each such stream's write model is rebuilt from its
/// events, so no command meets a stream without it. Runs before the demo import and before requests are served.
/// </summary>
public sealed class WriteModelBackfill(IDocumentStore store, ILogger<WriteModelBackfill> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var missing = await FindMissingAsync(ct);
        await RebuildAsync(missing, ct);
    }

    /// <summary>Kommune streams that have no <see cref="KommuneState"/>, or one of an older shape (the programme stream has no write model).</summary>
    public async Task<IReadOnlyList<string>> FindMissingAsync(CancellationToken ct)
    {
        var missing = new List<string>();
        await using var session = store.QuerySession();
        await using var cmd = new NpgsqlCommand(
            $"select s.id from {StorageSetup.Schema}.mt_streams s left join {StorageSetup.Schema}.mt_doc_kommunestate d on d.id = s.id "
            + $"where (d.id is null or coalesce((d.data->>'shape')::int, 0) < {KommuneState.CurrentShape}) and s.id <> '{ProgrammeStream.Id}'",
            (NpgsqlConnection)session.Connection!);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) missing.Add(reader.GetString(0));
        return missing;
    }

    public async Task RebuildAsync(IReadOnlyList<string> streams, CancellationToken ct)
    {
        foreach (var id in streams)
        {
            await store.Advanced.RebuildSingleStreamAsync<KommuneState>(id, ct);
            await using var session = store.LightweightSession();
            var events = await session.Events.FetchStreamAsync(id, token: ct);
            session.StoreObjects(WriteModelStore.ItemsOf(events.Select(e => e.Data)));
            await session.SaveChangesAsync(ct);
        }

        if (streams.Count > 0) logger.LogInformation("Rebuilt the write model of {Count} streams", streams.Count);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
