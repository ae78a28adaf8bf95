using System.Text;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Reports;
using Selbstcheck.Projections.Milestones;
using Selbstcheck.Projections.QuestionnaireProgress;
using Selbstcheck.Projections.Workshops;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>Calendar feeds; calendar apps send no bearer header, so a link (purpose "kalender", ?key=…) opens them too.</summary>
public static class CalendarEndpoints
{
    [WolverineGet("/api/kommunen/{id}/calendar.ics", OperationId = "getKommuneCalendar")]
    [Tags("Meilensteine")]
    [Produces("text/calendar")]
    public static async Task<IResult> Kommune(string id, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var kommune = await KommuneLookup.Require(session, id, ct);
        var milestones = await session.Query<MilestoneView>().Where(m => m.KommuneId == id).ToListAsync(ct);
        var workshops = await session.Query<WorkshopView>().Where(w => w.KommuneId == id).ToListAsync(ct);
        var rounds = await session.Query<QuestionnaireProgress>().Where(r => r.KommuneId == id).ToListAsync(ct);
        var ics = CalendarFeed.Render(kommune.Name, milestones.OrderBy(m => m.DueDay), workshops, rounds, clock.GetUtcNow());
        return Results.Text(ics, "text/calendar; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>Everything due in the Kommunen assigned to a facilitator, read at request time (a reassignment shows at once).</summary>
    [WolverineGet("/api/facilitators/{personId}/calendar.ics", OperationId = "getFacilitatorCalendar")]
    [Tags("Meilensteine")]
    [Produces("text/calendar")]
    public static async Task<IResult> Facilitator(string personId, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var person = Guid.TryParse(personId, out var id)
            ? id
            : throw new Workflow.Common.NotFound("person-unbekannt", "Person nicht gefunden", $"\"{personId}\" ist keine Personen-Kennung.");
        var kommunen = await session.Query<Projections.KommuneOverview.KommuneOverview>().Where(k => k.FacilitatorId == person).ToListAsync(ct);
        var ids = kommunen.Select(k => k.Id).ToList();
        var milestones = await session.Query<MilestoneView>().Where(m => ids.Contains(m.KommuneId)).ToListAsync(ct);
        var workshops = await session.Query<WorkshopView>().Where(w => ids.Contains(w.KommuneId)).ToListAsync(ct);
        var rounds = await session.Query<QuestionnaireProgress>().Where(r => ids.Contains(r.KommuneId)).ToListAsync(ct);
        var ics = CalendarFeed.Render("Prozessbegleitung", milestones.OrderBy(m => m.DueDay), workshops, rounds, clock.GetUtcNow(),
            kommunen.ToDictionary(k => k.Id, k => k.Name));
        return Results.Text(ics, "text/calendar; charset=utf-8", Encoding.UTF8);
    }
}
