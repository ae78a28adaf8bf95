using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Infrastructure;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>The auditor's entry point: a Kommune's stream, event by event, in order.</summary>
public static class HistoryEndpoints
{
    public sealed record HistoryEntry(
        long Sequence,
        long Version,
        string Type,
        DateTimeOffset Timestamp,
        string? UserId,
        string? CorrelationId,
        string? CausationId,
        IReadOnlyDictionary<string, object>? Headers,
        object Payload);

    [WolverineGet("/api/kommunen/{id}/history", OperationId = "getKommuneHistory")]
    [Tags("Audit")]
    public static async Task<Paged<HistoryEntry>> Get(string id, IQuerySession session, string? page, string? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        await KommuneLookup.EnsureExists(session, id, ct);
        var state = await session.Events.FetchStreamStateAsync(id, ct);
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.StreamKey == id)
            .OrderBy(e => e.Version)
            .Skip(paging.Skip)
            .Take(paging.PageSize)
            .ToListAsync(ct);
        var items = events.Select(e => new HistoryEntry(
            e.Sequence,
            e.Version,
            e.EventTypeName,
            e.Timestamp.ToUniversalTime(),
            e.UserName,
            e.CorrelationId,
            e.CausationId,
            e.Headers,
            e.Data)).ToList();
        return new Paged<HistoryEntry>(items, paging.Page, paging.PageSize, state?.Version ?? 0);
    }
}
