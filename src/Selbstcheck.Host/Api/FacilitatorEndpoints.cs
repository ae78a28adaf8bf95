using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Projections.FacilitatorBoard;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>The facilitator's daily question: what is due, what is overdue, in which Kommune.</summary>
public static class FacilitatorEndpoints
{
    public sealed record NextMilestone(Guid Id, string Title, string? DueDate, string? DueAt);

    public sealed record BoardLine(string KommuneId, string Name, Phase Phase, NextMilestone? NextMilestone, int OverdueMilestones, int OpenActionItems, DateTimeOffset LastActivityAt);

    public sealed record Board(Guid PersonId, IReadOnlyList<BoardLine> Kommunen);

    [WolverineGet("/api/facilitators/{personId}/board", OperationId = "getFacilitatorBoard")]
    [Tags("Meilensteine")]
    public static async Task<Board> Get(string personId, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var person = Guid.TryParse(personId, out var id)
            ? id
            : throw new NotFound("person-unbekannt", "Person nicht gefunden", $"\"{personId}\" ist keine Personen-Kennung.");
        var entries = await session.Query<FacilitatorBoardEntry>().Where(e => e.FacilitatorId == person).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var today = BerlinTime.Today(now);
        return new Board(person, entries.OrderBy(e => e.Name).Select(e =>
        {
            var open = e.Milestones.Where(m => m.Value.Open).Select(m => (m.Key, m.Value, Due: Due(m.Value))).OrderBy(m => m.Due).ToList();
            var next = open.FirstOrDefault(m => m.Due >= now);
            var overdue = open.Count(m => m.Value.DueAt is not null ? m.Due < now : DateOnly.ParseExact(m.Value.DueDate!, "yyyy-MM-dd") < today);
            return new BoardLine(e.Id, e.Name, e.Phase,
                next.Value is null ? null : new NextMilestone(next.Key, next.Value.Title, next.Value.DueDate, next.Value.DueAt),
                overdue, e.OpenActionItems.Count, e.LastActivityAt);
        }).ToList());
    }

    /// <summary>The instant a milestone is due: its Berlin time, or the end of its all-day date.</summary>
    private static DateTimeOffset Due(BoardMilestone m) =>
        m.DueAt is { } at && BerlinTime.TryParseLocal(at, out var local)
            ? BerlinTime.ToInstant(local)
            : BerlinTime.ToInstant(DateOnly.ParseExact(m.DueDate!, "yyyy-MM-dd").AddDays(1), TimeOnly.MinValue);
}
