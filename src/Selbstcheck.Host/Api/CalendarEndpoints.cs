using System.Text;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Reports;
using Selbstcheck.Projections.Milestones;
using Selbstcheck.Projections.QuestionnaireProgress;
using Selbstcheck.Projections.Workshops;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>
/// Calendar feeds; calendar apps send no bearer header, so a link (purpose "kalender", ?key=…) opens them too.
/// Bounded (<see cref="CalendarWindow"/>): a window around today, at most a configured number of entries.
/// </summary>
public static class CalendarEndpoints
{
    [WolverineGet("/api/kommunen/{id}/calendar.ics", OperationId = "getKommuneCalendar")]
    [Tags("Meilensteine")]
    [Produces("text/calendar")]
    public static async Task<IResult> Kommune(string id, IQuerySession session, TimeProvider clock, SelbstcheckSettings settings, CancellationToken ct)
    {
        var kommune = await KommuneLookup.Require(session, id, ct);
        var now = clock.GetUtcNow();
        var (milestones, workshops, rounds) = await CalendarWindow.Around(now, settings.Calendar).ReadAsync(session, [id], ct);
        var ics = CalendarFeed.Render(kommune.Name, milestones, workshops, rounds, now);
        return Results.Text(ics, "text/calendar; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>Everything due in the Kommunen assigned to a facilitator, read at request time (a reassignment shows at once).</summary>
    [WolverineGet("/api/facilitators/{personId}/calendar.ics", OperationId = "getFacilitatorCalendar")]
    [Tags("Meilensteine")]
    [Produces("text/calendar")]
    public static async Task<IResult> Facilitator(string personId, IQuerySession session, TimeProvider clock, SelbstcheckSettings settings, CancellationToken ct)
    {
        var person = Guid.TryParse(personId, out var id)
            ? id
            : throw new Workflow.Common.NotFound("person-unbekannt", "Person nicht gefunden", $"\"{personId}\" ist keine Personen-Kennung.");
        var kommunen = await session.Query<Projections.KommuneOverview.KommuneOverview>().Where(k => k.FacilitatorId == person).ToListAsync(ct);
        var ids = kommunen.Select(k => k.Id).ToList();
        var now = clock.GetUtcNow();
        var (milestones, workshops, rounds) = await CalendarWindow.Around(now, settings.Calendar).ReadAsync(session, ids, ct);
        var ics = CalendarFeed.Render("Prozessbegleitung", milestones, workshops, rounds, now,
            kommunen.ToDictionary(k => k.Id, k => k.Name));
        return Results.Text(ics, "text/calendar; charset=utf-8", Encoding.UTF8);
    }
}
