using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Projections.FacilitatorBoard;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>The facilitator's daily question: what is due, what is overdue, in which Kommune.</summary>
public static class FacilitatorEndpoints
{
    public sealed record NextMilestone(Guid Id, [PersonalData(false)] string Title, [PersonalData(false)] string? DueDate, [PersonalData(false)] string? DueAt);

    /// <summary>A reminder of an open milestone given up after its last attempt.</summary>
    public sealed record AbandonedReminder(Guid MilestoneId, [PersonalData(false)] string Title, [PersonalData(false)] string ReminderKey);

    /// <summary>
    /// MailCapReachedOn: the last day (Europe/Berlin) the Kommune's daily mail cap held a mail back, if within the last week;
    /// AbandonedReminders: reminders of open milestones given up — both ask the facilitator to look.
    /// </summary>
    public sealed record BoardLine(
        [PersonalData(false)] string KommuneId, [PersonalData(false)] string Name, Phase Phase, NextMilestone? NextMilestone, int OverdueMilestones, int OpenActionItems, DateTimeOffset LastActivityAt,
        DateOnly? MailCapReachedOn, IReadOnlyList<AbandonedReminder> AbandonedReminders);

    /// <summary>The facilitator's Kommunen, one page of them (by name; the paging convention's fields beside the list).</summary>
    public sealed record Board(Guid PersonId, IReadOnlyList<BoardLine> Kommunen, int Page, int PageSize, long Total);

    [WolverineGet("/api/facilitators/{personId}/board", OperationId = "getFacilitatorBoard")]
    [Tags("Meilensteine")]
    public static async Task<Board> Get(string personId, IQuerySession session, TimeProvider clock, string? page, string? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        var person = Guid.TryParse(personId, out var id)
            ? id
            : throw new NotFound("person-unbekannt", "Person nicht gefunden", $"\"{personId}\" ist keine Personen-Kennung.");
        var entries = await session.Query<FacilitatorBoardEntry>().Where(e => e.FacilitatorId == person).Stats(out var stats)
            .OrderBy(e => e.Name).ThenBy(e => e.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return new Board(person, entries.Select(e =>
        {
            var open = e.Milestones.Where(m => m.Value.Open)
                .Select(m => (Id: m.Key, Milestone: m.Value, Due: Due.From(m.Value.DueDate, m.Value.DueAt)!.Value))
                .OrderBy(m => m.Due.Deadline).ToList();
            var next = open.Where(m => !m.Due.IsOverdueAt(now)).Select(m => new NextMilestone(m.Id, m.Milestone.Title, m.Milestone.DueDate, m.Milestone.DueAt)).FirstOrDefault();
            var abandoned = open.SelectMany(m => m.Milestone.AbandonedReminders.Select(key => new AbandonedReminder(m.Id, m.Milestone.Title, key))).ToList();
            var capReached = e.MailCapReachedOn is { } day && day >= BerlinTime.Today(now).AddDays(-7) ? e.MailCapReachedOn : null;
            return new BoardLine(e.Id, e.Name, e.Phase, next, open.Count(m => m.Due.IsOverdueAt(now)), e.OpenActionItems.Count, e.LastActivityAt, capReached, abandoned);
        }).ToList(), paging.Page, paging.PageSize, stats.TotalResults);
    }
}
