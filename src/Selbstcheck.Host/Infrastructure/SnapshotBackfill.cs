using Marten;
using Npgsql;
using Selbstcheck.Workflow.Teilnahme;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// The write model is an inline snapshot. Streams written before it existed (or by an older
/// version) have none: at start, each such stream's snapshot is rebuilt from its events, so a
/// command never meets a stream without its write model. Runs before the demo import.
/// </summary>
public sealed class SnapshotBackfill(IDocumentStore store, ILogger<SnapshotBackfill> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var missing = await FindMissingAsync(ct);
        await RebuildAsync(missing, ct);
    }

    /// <summary>Streams that have no write-model snapshot.</summary>
    public async Task<IReadOnlyList<string>> FindMissingAsync(CancellationToken ct)
    {
        var missing = new List<string>();
        await using (var session = store.QuerySession())
        {
            await using var cmd = new NpgsqlCommand(
                $"select s.id from {StorageSetup.Schema}.mt_streams s left join {StorageSetup.Schema}.mt_doc_kommunejourney d on d.id = s.id where d.id is null",
                (NpgsqlConnection)session.Connection!);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) missing.Add(reader.GetString(0));
        }

        return missing;
    }

    public async Task RebuildAsync(IReadOnlyList<string> streams, CancellationToken ct)
    {
        foreach (var id in streams)
        {
            await store.Advanced.RebuildSingleStreamAsync<KommuneJourney>(id, ct);
        }

        if (streams.Count > 0) logger.LogInformation("Rebuilt the write-model snapshot of {Count} streams", streams.Count);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
