using System.Security.Claims;
using Marten;
using Selbstcheck.Host.Personal;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Projections.Workshops;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;
using Selbstcheck.Workflow.Workshops;
using Wolverine;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>The Selbstcheck-Workshop: schedule, agenda, participants, statements, priorities, working groups, agreements, feedback.</summary>
public static class WorkshopsEndpoints
{
    public sealed record ScheduleRequest(string? Title, string? StartsAt, string? Place, bool? Online, string? Moderation, string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/workshops", OperationId = "scheduleWorkshop")]
    [Tags("Workshop")]
    [ProducesResponseType<WorkshopReply>(201)]
    public static async Task<IResult> Schedule(string id, ScheduleRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        var reply = await bus.InvokeAs<WorkshopReply>(user,
            new ScheduleWorkshop(id, Guid.CreateVersion7(), body.Title, body.StartsAt, body.Place, body.Online ?? false, body.Moderation), ct);
        return Results.Created($"/api/kommunen/{id}/workshops/{reply.WorkshopId}", new { id = reply.WorkshopId });
    }

    public sealed record WorkshopSummary(Guid Id, [PersonalData(false)] string Title, [PersonalData(false)] string StartsAt, [PersonalData(false)] string? Place, bool Online, [PersonalData(false)] string Status, IReadOnlyList<int> Priorities);

    [WolverineGet("/api/kommunen/{id}/workshops", OperationId = "listWorkshops")]
    [Tags("Workshop")]
    public static async Task<Paged<WorkshopSummary>> List(string id, IQuerySession session, string? page, string? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        await KommuneLookup.EnsureExists(session, id, ct);
        var rows = await session.Query<WorkshopView>().Where(w => w.KommuneId == id).Stats(out var stats)
            .OrderBy(w => w.StartsAt).ThenBy(w => w.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var items = rows.Select(w => new WorkshopSummary(w.Id, w.Title, w.StartsAt, w.Place, w.Online, w.Status, w.Priorities)).ToList();
        return new Paged<WorkshopSummary>(items, paging.Page, paging.PageSize, stats.TotalResults);
    }

    [WolverineGet("/api/kommunen/{id}/workshops/{w}", OperationId = "getWorkshop")]
    [Tags("Workshop")]
    public static async Task<WorkshopResource> Get(string id, string w, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var view = await Find(session, id, w, ct);
        return WorkshopResource.From(view, await PersonalRefs(session, [view], user, ct));
    }

    /// <summary>The workshops' personal values (moderation, speakers), resolved for the caller in one batch.</summary>
    public static Task<PersonalValues> PersonalRefs(IQuerySession session, IEnumerable<WorkshopView> views, ClaimsPrincipal user, CancellationToken ct) =>
        PersonalData.LoadAsync(session, views.SelectMany(v => v.Agenda.Select(a => a.By).Prepend(v.Moderation)), user, ct);

    public static async Task<WorkshopView> Find(IQuerySession session, string id, string w, CancellationToken ct)
    {
        await KommuneLookup.EnsureExists(session, id, ct);
        var view = Guid.TryParse(w, out var wid) ? await session.LoadAsync<WorkshopView>(wid, ct) : null;
        return view is not null && view.KommuneId == id
            ? view
            : throw new NotFound("workshop-unbekannt", "Workshop nicht gefunden", $"Die Kommune \"{id}\" hat keinen Workshop \"{w}\".");
    }

    public sealed record RescheduleRequest(string? StartsAt, string? Place, bool? Online, string? Reason, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/workshops/{w}/schedule", OperationId = "rescheduleWorkshop")]
    [Tags("Workshop")]
    public static Task<WorkshopReply> Reschedule(string id, string w, RescheduleRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<WorkshopReply>(user, new RescheduleWorkshop(id, Route.Item(w), body.StartsAt, body.Place, body.Online ?? false, body.Reason), ct);

    public sealed record ReasonRequest(string? Reason, string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/workshops/{w}/cancel", OperationId = "cancelWorkshop")]
    [Tags("Workshop")]
    public static Task<WorkshopReply> Cancel(string id, string w, ReasonRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<WorkshopReply>(user, new CancelWorkshop(id, Route.Item(w), body.Reason), ct);

    [WolverinePost("/api/kommunen/{id}/workshops/{w}/held", OperationId = "markWorkshopHeld")]
    [Tags("Workshop")]
    public static Task<WorkshopReply> Held(string id, string w, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<WorkshopReply>(user, new MarkWorkshopHeld(id, Route.Item(w)), ct);

    public sealed record AgendaRequest(IReadOnlyList<string>? Goals, IReadOnlyList<AgendaItemInput>? Items, long? ExpectedVersion = null, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/workshops/{w}/agenda", OperationId = "setWorkshopAgenda")]
    [Tags("Workshop")]
    public static Task<WorkshopReply> Agenda(string id, string w, AgendaRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<WorkshopReply>(user, new SetWorkshopAgenda(id, Route.Item(w), body.Goals, body.Items, body.ExpectedVersion), ct);

    public sealed record ParticipantsRequest(IReadOnlyList<Institution>? Institutions, long? ExpectedVersion = null, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/workshops/{w}/participants", OperationId = "recordWorkshopParticipants")]
    [Tags("Workshop")]
    public static Task<WorkshopReply> Participants(string id, string w, ParticipantsRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<WorkshopReply>(user, new RecordParticipants(id, Route.Item(w), body.Institutions, body.ExpectedVersion), ct);

    public sealed record StatementsRequest(IReadOnlyList<ListItem>? Statements, long? ExpectedVersion = null, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/workshops/{w}/understanding", OperationId = "recordUnderstanding")]
    [Tags("Workshop")]
    public static Task<WorkshopReply> Understanding(string id, string w, StatementsRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<WorkshopReply>(user, new RecordUnderstanding(id, Route.Item(w), body.Statements, body.ExpectedVersion), ct);

    public sealed record PrioritiesRequest(IReadOnlyList<int>? Fields, IReadOnlyDictionary<int, int>? Votes, long? ExpectedVersion = null, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/workshops/{w}/priorities", OperationId = "confirmPriorities")]
    [Tags("Workshop")]
    public static Task<WorkshopReply> Priorities(string id, string w, PrioritiesRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<WorkshopReply>(user, new ConfirmPriorities(id, Route.Item(w), body.Fields, body.Votes, body.ExpectedVersion), ct);

    public sealed record WorkingGroupRequest(
        int? Field, IReadOnlyList<ListItem>? WhatWorks, IReadOnlyList<ListItem>? WhatDoesNotWorkYet, IReadOnlyList<ListItem>? NeedsForAction, string? Owner, string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/workshops/{w}/working-groups", OperationId = "recordWorkingGroup")]
    [Tags("Workshop")]
    [ProducesResponseType<WorkingGroupReply>(201)]
    public static async Task<IResult> WorkingGroup(string id, string w, WorkingGroupRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        var reply = await bus.InvokeAs<WorkingGroupReply>(user,
            new RecordWorkingGroup(id, Route.Item(w), body.Field, body.WhatWorks, body.WhatDoesNotWorkYet, body.NeedsForAction, body.Owner), ct);
        return Results.Created($"/api/kommunen/{id}/action-plan", reply);
    }

    // #15 H2 workshop results: a recorded working group's lists revised with the group's version.
    public sealed record WorkingGroupRevisionRequest(
        IReadOnlyList<ListItem>? WhatWorks, IReadOnlyList<ListItem>? WhatDoesNotWorkYet, IReadOnlyList<ListItem>? NeedsForAction, string? Owner,
        long? ExpectedVersion = null, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/workshops/{w}/working-groups/{field}", OperationId = "reviseWorkingGroup")]
    [Tags("Workshop")]
    public static Task<WorkingGroupRevisionReply> ReviseWorkingGroup(
        string id, string w, string field, WorkingGroupRevisionRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<WorkingGroupRevisionReply>(user, new ReviseWorkingGroup(id, Route.Item(w), Route.Field(field), body.WhatWorks, body.WhatDoesNotWorkYet,
            body.NeedsForAction, body.Owner, body.ExpectedVersion), ct);

    public sealed record AgreementsRequest(IReadOnlyList<AgreementInput>? Agreements, long? ExpectedVersion = null, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/workshops/{w}/agreements", OperationId = "recordAgreements")]
    [Tags("Workshop")]
    public static Task<WorkshopReply> Agreements(string id, string w, AgreementsRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<WorkshopReply>(user, new RecordAgreements(id, Route.Item(w), body.Agreements, body.ExpectedVersion), ct);

    public sealed record FeedbackRequest(IReadOnlyList<string>? Items, long? ExpectedVersion = null, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/workshops/{w}/feedback", OperationId = "recordFeedback")]
    [Tags("Workshop")]
    public static Task<WorkshopReply> Feedback(string id, string w, FeedbackRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<WorkshopReply>(user, new RecordFeedback(id, Route.Item(w), body.Items, body.ExpectedVersion), ct);
}

/// <summary>The workshop documentation, as HTML and as PDF rendered from the same HTML.</summary>
public static class WorkshopDocumentationEndpoints
{
    [WolverineGet("/api/kommunen/{id}/workshops/{w}/documentation.html", OperationId = "getWorkshopDocumentationHtml")]
    [Tags("Workshop")]
    [Produces("text/html")]
    public static async Task<IResult> Html(string id, string w, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
        Results.Text(await Render(session, id, w, user, ct), "text/html; charset=utf-8", System.Text.Encoding.UTF8);

    [WolverineGet("/api/kommunen/{id}/workshops/{w}/documentation.pdf", OperationId = "getWorkshopDocumentationPdf")]
    [Tags("Workshop")]
    [Produces("application/pdf")]
    public static async Task<IResult> Pdf(string id, string w, IQuerySession session, ClaimsPrincipal user, Reports.PdfRenderer pdf, CancellationToken ct)
    {
        var html = await Render(session, id, w, user, ct);
        try
        {
            return Results.File(await pdf.RenderAsync(html, ct), "application/pdf", $"{id}-workshop-dokumentation.pdf");
        }
        catch (Reports.RenderUnavailable busy)
        {
            return busy.ToResult();
        }
    }

    private static async Task<string> Render(IQuerySession session, string id, string w, ClaimsPrincipal user, CancellationToken ct)
    {
        var workshop = await WorkshopsEndpoints.Find(session, id, w, ct);
        var kommune = await KommuneLookup.Require(session, id, ct);
        var overview = await session.LoadAsync<Projections.MaturityOverview.MaturityOverview>(id, ct);
        var (round, levels, names, personal) = await PartsAsync(session, workshop, overview?.Rounds ?? [], user, ct);
        return Reports.WorkshopDocumentation.Render(kommune.Name, workshop, round, levels, names, personal, await MilestonesOf(session, id, ct),
            await PerspectivesBeforeAsync(session, workshop, overview?.Rounds ?? [], ct));
    }

    /// <summary>
    /// The documentation's text below its heading, for the web page: of the workshop as read (today, or replayed
    /// as of a moment), with the Standortbestimmung current among the rounds given.
    /// </summary>
    public static async Task<string> BodyAsync(
        IQuerySession session, string kommuneName, Projections.Workshops.WorkshopView workshop,
        IReadOnlyList<Projections.MaturityOverview.RoundMaturity> rounds, ClaimsPrincipal user, CancellationToken ct,
        IReadOnlyList<Projections.Milestones.MilestoneView>? milestones = null)
    {
        var (round, levels, names, personal) = await PartsAsync(session, workshop, rounds, user, ct);
        return Reports.WorkshopDocumentation.Body(kommuneName, workshop, round, levels, names, personal, milestones ?? await MilestonesOf(session, workshop.KommuneId, ct),
            await PerspectivesBeforeAsync(session, workshop, rounds, ct));
    }

    /// <summary>#14: the perspectives of other actor groups' rounds closed before the workshop began (the documentation's date).</summary>
    public static async Task<IReadOnlyList<PerspectiveComparison>> PerspectivesBeforeAsync(
        IQuerySession session, Projections.Workshops.WorkshopView workshop, IReadOnlyList<Projections.MaturityOverview.RoundMaturity> rounds, CancellationToken ct)
    {
        if (!BerlinTime.TryParseLocal(workshop.StartsAt, out var local)) return [];
        var view = await PerspectivesEndpoints.OfAsync(session, PerspectivesEndpoints.Rounds(rounds), BerlinTime.ToInstant(local), ct);
        return view.Comparisons;
    }

    /// <summary>#14: the Kommune's milestones, for the agreements' current status.</summary>
    private static async Task<IReadOnlyList<Projections.Milestones.MilestoneView>> MilestonesOf(IQuerySession session, string kommune, CancellationToken ct) =>
        await session.Query<Projections.Milestones.MilestoneView>().Where(m => m.KommuneId == kommune).ToListAsync(ct);

    private static async Task<(Projections.MaturityOverview.RoundMaturity? Round, IReadOnlyList<LevelBound>? Levels, Dictionary<int, string> Names, PersonalValues Personal)> PartsAsync(
        IQuerySession session, Projections.Workshops.WorkshopView workshop, IReadOnlyList<Projections.MaturityOverview.RoundMaturity> rounds, ClaimsPrincipal user, CancellationToken ct)
    {
        var round = Standortbestimmung.Current(rounds);
        IReadOnlyList<LevelBound>? levels = null;
        var names = new Dictionary<int, string>();
        if (round?.Evaluation is { } e)
        {
            levels = (await CatalogueImport.SchemeAsync(session, e.SchemeId, e.SchemeVersion, ct)).Levels;
            var catalogue = (await session.LoadAsync<CatalogueVersionRecord>(CatalogueVersionRecord.Key(e.CatalogueId, e.CatalogueVersion), ct))?.Catalogue;
            foreach (var f in catalogue?.Fields ?? []) names[f.Number] = f.Name;
        }

        return (round, levels, names, await WorkshopsEndpoints.PersonalRefs(session, [workshop], user, ct));
    }
}

/// <summary>A workshop as the API shows it: the read model with its personal values (moderation, speakers) resolved for the caller.</summary>
public sealed record WorkshopResource(
    Guid Id,
    [PersonalData(false)] string KommuneId,
    [PersonalData(false)] string Title,
    [PersonalData(false)] string StartsAt,
    [PersonalData(false)] string? Place,
    bool Online,
    [PersonalData(true)] string? Moderation,
    DateTimeOffset ScheduledAt,
    IReadOnlyList<Reschedule> Reschedules,
    bool Cancelled,
    [PersonalData(false)] string? CancellationReason,
    bool Held,
    [PersonalData(false)] IReadOnlyList<string> Goals,
    IReadOnlyList<AgendaItemResource> Agenda,
    IReadOnlyList<Institution> Institutions,
    IReadOnlyList<ListItem> Statements,
    IReadOnlyList<int> Priorities,
    IReadOnlyDictionary<int, int>? Votes,
    IReadOnlyList<WorkingGroupView> WorkingGroups,
    IReadOnlyList<Agreement> Agreements,
    [PersonalData(false)] IReadOnlyList<string> Feedback,
    IReadOnlyDictionary<string, long> Versions,
    [PersonalData(false)] string Status)
{
    public static WorkshopResource From(WorkshopView w, PersonalValues personal) => new(
        w.Id, w.KommuneId, w.Title, w.StartsAt, w.Place, w.Online, personal.Show(w.Moderation), w.ScheduledAt, w.Reschedules, w.Cancelled,
        w.CancellationReason, w.Held, w.Goals, w.Agenda.Select(a => new AgendaItemResource(a.Time, a.Title, personal.Show(a.By))).ToList(),
        w.Institutions, w.Statements, w.Priorities, w.Votes, w.WorkingGroups, w.Agreements, w.Feedback, w.Versions, w.Status);
}

public sealed record AgendaItemResource([PersonalData(false)] string? Time, [PersonalData(false)] string Title, [PersonalData(true)] string? By);
