using System.Security.Claims;
using Marten;
using Selbstcheck.Host.Personal;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Projections.ActionPlan;
using Selbstcheck.Projections.KommuneOverview;
using Selbstcheck.Workflow.ActionPlan;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>The action plan: the Integrationsbüro's Handlungsbedarfe, and the open items across Kommunen for facilitators.</summary>
public static class ActionPlanEndpoints
{
    public sealed record ActionItemResource(
        Guid Id, [PersonalData(false)] string KommuneId, int Field, [PersonalData(false)] string Text, [PersonalData(false)] IReadOnlyList<string> Details, [PersonalData(false)] string Owner, bool OwnerAssumed, [PersonalData(false)] string? Due,
        [PersonalData(false)] string Status, int AgeDays, bool Overdue, long Version, Guid? WorkshopId, DateTimeOffset CreatedAt, IReadOnlyList<NoteResource> Notes, IReadOnlyList<ActionItemChange> History)
    {
        /// <summary>The items' notes (personal-data vault), resolved for the caller at once.</summary>
        public static async Task<List<ActionItemResource>> ForAsync(IQuerySession session, IEnumerable<ActionPlanItem> items, DateTimeOffset now, ClaimsPrincipal user, CancellationToken ct)
        {
            var list = items.ToList();
            var personal = await PersonalData.LoadAsync(session, list.SelectMany(i => i.Notes.Select(n => n.Text)), user, ct);
            return list.Select(i => From(i, now, personal)).ToList();
        }

        public static ActionItemResource From(ActionPlanItem i, DateTimeOffset now, PersonalValues personal)
        {
            var overdue = i.Open && Workflow.Common.Due.From(i.Due, null) is { } due && due.IsOverdueAt(now);
            return new ActionItemResource(i.Id, i.KommuneId, i.Field, i.Text, i.Details, i.Owner, i.OwnerAssumed, i.Due, i.Status,
                (int)Math.Floor((now - i.CreatedAt).TotalDays), overdue, i.ItemVersion, i.WorkshopId, i.CreatedAt,
                i.Notes.Select(n => new NoteResource(personal.Show(n.Text) ?? "", n.At, n.By)).ToList(), i.History);
        }
    }

    /// <summary>A note; its text from the personal-data vault ("gelöscht" once erased).</summary>
    public sealed record NoteResource([PersonalData(true)] string Text, DateTimeOffset At, [PersonalData(false)] string? By);

    public sealed record FieldGroup(int Field, IReadOnlyList<ActionItemResource> Items);

    public sealed record ActionPlanResource([PersonalData(false)] string KommuneId, int Open, int Overdue, IReadOnlyList<FieldGroup> Fields, IReadOnlyList<ActionItemResource> Closed)
    {
        /// <summary>The plan of the Kommune's items, ages and overdue as of <paramref name="now"/> (the live plan and the state as of a moment), notes resolved for the caller.</summary>
        public static async Task<ActionPlanResource> ForAsync(IQuerySession session, string kommune, IReadOnlyCollection<ActionPlanItem> items, DateTimeOffset now, ClaimsPrincipal user, CancellationToken ct)
        {
            var personal = await PersonalData.LoadAsync(session, items.SelectMany(i => i.Notes.Select(n => n.Text)), user, ct);
            return From(kommune, items, now, personal);
        }

        public static ActionPlanResource From(string kommune, IEnumerable<ActionPlanItem> items, DateTimeOffset now, PersonalValues personal)
        {
            var all = items.OrderBy(i => i.Field).ThenBy(i => i.CreatedAt).ThenBy(i => i.Position).Select(i => ActionItemResource.From(i, now, personal)).ToList();
            var open = all.Where(i => ActionStatus.IsOpen(i.Status)).ToList();
            return new ActionPlanResource(kommune, open.Count, open.Count(i => i.Overdue),
                open.GroupBy(i => i.Field).Select(g => new FieldGroup(g.Key, g.ToList())).ToList(),
                all.Except(open).ToList());
        }
    }

    [WolverineGet("/api/kommunen/{id}/action-plan", OperationId = "getActionPlan")]
    [Tags("Aktionsplan")]
    public static async Task<ActionPlanResource> Plan(string id, IQuerySession session, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        await KommuneLookup.EnsureExists(session, id, ct);
        var items = await session.Query<ActionPlanItem>().Where(i => i.KommuneId == id).ToListAsync(ct);
        return await ActionPlanResource.ForAsync(session, id, items, clock.GetUtcNow(), user, ct);
    }

    [WolverineGet("/api/action-items", OperationId = "listOpenActionItems")]
    [Tags("Aktionsplan")]
    public static async Task<Paged<ActionItemResource>> Open(
        ClaimsPrincipal user, IQuerySession session, TimeProvider clock, string? page, string? pageSize, string? owner, string? status, string? overdue, string? field, string? kommune,
        CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        var v = new Validation();
        var statusValue = status is null ? null : ActionStatus.Normalize(status);
        if (status is not null && statusValue is null) v.Add("status", $"Erlaubt: {string.Join(", ", ActionStatus.All)}.");
        if (overdue is not null && overdue is not ("true" or "false")) v.Add("overdue", "true oder false.");
        var fieldValue = 0;
        if (field is not null && !int.TryParse(field, out fieldValue)) v.Add("field", "Eine Zahl.");
        v.ThrowIfInvalid();

        IQueryable<ActionPlanItem> query = session.Query<ActionPlanItem>();
        // Data level: a facilitator sees the Kommunen assigned to them, a Kommune its own.
        var caller = Caller.From(user)!;
        if (caller.Is(Roles.Prozessbegleitung))
        {
            var assigned = await session.Query<KommuneOverview>().Where(k => k.FacilitatorId == caller.PersonId).Select(k => k.Id).ToListAsync(ct);
            query = query.Where(i => assigned.Contains(i.KommuneId));
        }
        else if (caller.Is(Roles.Kommune) || caller.Is(Roles.Teilnehmende))
        {
            query = query.Where(i => i.KommuneId == caller.KommuneId);
        }

        query = statusValue is null ? query.Where(i => i.Open) : query.Where(i => i.Status == statusValue);
        if (owner is not null) query = query.Where(i => i.Owner == owner);
        if (field is not null) query = query.Where(i => i.Field == fieldValue);
        if (kommune is not null) query = query.Where(i => i.KommuneId == kommune);
        var now = clock.GetUtcNow();
        // An item's due is an all-day date (yyyy-MM-dd): overdue means open and due before today in Berlin (Due.IsOverdueAt).
        var today = BerlinTime.Today(now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        if (overdue == "true") query = query.Where(i => i.Open && i.Due != null && i.Due.CompareTo(today) < 0);
        if (overdue == "false") query = query.Where(i => !i.Open || i.Due == null || i.Due.CompareTo(today) >= 0);
        // Paged in the database. Overdue items come first because they have the earliest dues (no due: last, as
        // PostgreSQL sorts nulls last); the id keeps the order stable between pages.
        var items = await query.Stats(out var stats).OrderBy(i => i.Due).ThenBy(i => i.CreatedAt).ThenBy(i => i.Id)
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return new Paged<ActionItemResource>(await ActionItemResource.ForAsync(session, items, now, user, ct), paging.Page, paging.PageSize, stats.TotalResults);
    }

    public sealed record AddRequest(int? Field, string? Text, IReadOnlyList<string>? Details, string? Owner, string? Due, string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/action-items", OperationId = "addActionItem")]
    [Tags("Aktionsplan")]
    [ProducesResponseType<ActionItemReply>(201)]
    public static async Task<IResult> Add(string id, AddRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        var reply = await bus.InvokeAs<ActionItemReply>(user, new AddActionItem(id, Guid.CreateVersion7(), body.Field, body.Text, body.Details, body.Owner, body.Due), ct);
        return Results.Created($"/api/kommunen/{id}/action-plan", reply);
    }

    public sealed record PlanRequest(string? Owner, string? Due, long? ExpectedVersion, string? KommuneId = null, string? Reason = null);

    [WolverinePut("/api/kommunen/{id}/action-items/{a}", OperationId = "planActionItem")]
    [Tags("Aktionsplan")]
    public static Task<ActionItemReply> PlanItem(string id, string a, PlanRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<ActionItemReply>(user, new PlanActionItem(id, Route.Item(a), body.Owner, body.Due, body.ExpectedVersion, body.Reason), ct);

    public sealed record StatusRequest(string? Status, string? Reason, long? ExpectedVersion, string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/action-items/{a}/status", OperationId = "changeActionItemStatus")]
    [Tags("Aktionsplan")]
    public static Task<ActionItemReply> Status(string id, string a, StatusRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<ActionItemReply>(user, new ChangeActionItemStatus(id, Route.Item(a), body.Status, body.Reason, body.ExpectedVersion), ct);

    public sealed record NoteRequest(string? Text, long? ExpectedVersion, string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/action-items/{a}/notes", OperationId = "noteActionItem")]
    [Tags("Aktionsplan")]
    public static Task<ActionItemReply> Note(string id, string a, NoteRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<ActionItemReply>(user, new NoteActionItem(id, Route.Item(a), body.Text, body.ExpectedVersion), ct);
}
