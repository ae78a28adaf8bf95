using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Projections.Milestones;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Selbstcheck.Workflow.Reminders;
using Wolverine;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>Milestones: the agreed next steps with their dues, and the Kommune's reminder policy.</summary>
public static class MilestonesEndpoints
{
    public sealed record MilestoneResource(
        Guid Id, [PersonalData(false)] string Title, [PersonalData(false)] string Kind, [PersonalData(false)] string Owner, Guid? OwnerPersonId, [PersonalData(false)] string? DueDate, [PersonalData(false)] string? DueAt, [PersonalData(false)] string Status, bool Overdue,
        IReadOnlyList<int> Fields, IReadOnlyList<Guid> ActionItems, Guid? AgreementId, long Version, bool Imported, [PersonalData(false)] string? Source, IReadOnlyList<ReminderResource> Reminders,
        IReadOnlyList<ReminderAlert> Alerts)
    {
        public static MilestoneResource From(MilestoneView m, DateTimeOffset now) => new(
            m.Id, m.Title, m.Kind, m.Owner, m.OwnerPersonId, m.DueDate, m.DueAt, m.Status,
            m.Status == MilestoneStatus.Offen && Due.From(m.DueDate, m.DueAt) is { } due && due.IsOverdueAt(now),
            m.Fields, m.ActionItems, m.AgreementId, m.ItemVersion, m.Imported, m.Source,
            m.Reminders.Select(r => new ReminderResource(r.Key, r.Kind, r.FireAt, r.Status, r.FailedAttempts, r.SentAt, r.Recipient)).ToList(), m.Alerts);
    }

    /// <summary>A planned reminder: when it fires, and whether it went out (recipient as unit or person id).</summary>
    public sealed record ReminderResource([PersonalData(false)] string Key, [PersonalData(false)] string Kind, DateTimeOffset FireAt, [PersonalData(false)] string Status, int FailedAttempts, DateTimeOffset? SentAt, [PersonalData(false)] string? Recipient);

    public sealed record PlanRequest(
        string? Title, string? Kind, string? Owner, Guid? OwnerPersonId, string? DueDate, string? DueAt, IReadOnlyList<int>? Fields, IReadOnlyList<Guid>? ActionItems,
        string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/milestones", OperationId = "planMilestone")]
    [Tags("Meilensteine")]
    [ProducesResponseType<MilestoneReply>(201)]
    public static async Task<IResult> Plan(string id, PlanRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        var reply = await bus.InvokeAs<MilestoneReply>(user, new PlanMilestone(id, Guid.CreateVersion7(), body.Title, body.Kind, body.Owner, body.OwnerPersonId,
            body.DueDate, body.DueAt, body.Fields, body.ActionItems), ct);
        return Results.Created($"/api/kommunen/{id}/milestones", reply);
    }

    public sealed record FromAgreementRequest(string? Owner, string? DueDate, string? DueAt, string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/workshops/{w}/agreements/{a}/milestone", OperationId = "planMilestoneFromAgreement")]
    [Tags("Meilensteine")]
    [ProducesResponseType<MilestoneReply>(201)]
    public static async Task<IResult> FromAgreement(string id, string w, string a, FromAgreementRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        var reply = await bus.InvokeAs<MilestoneReply>(user,
            new PlanMilestoneFromAgreement(id, Guid.CreateVersion7(), Route.Item(w), Route.Item(a), body.Owner, body.DueDate, body.DueAt), ct);
        return Results.Created($"/api/kommunen/{id}/milestones", reply);
    }

    [WolverineGet("/api/kommunen/{id}/milestones", OperationId = "listMilestones")]
    [Tags("Meilensteine")]
    public static async Task<Paged<MilestoneResource>> List(string id, IQuerySession session, TimeProvider clock, string? page, string? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        await KommuneLookup.EnsureExists(session, id, ct);
        // Paged in the database, by due day; the id keeps the order stable between pages.
        var rows = await session.Query<MilestoneView>().Where(m => m.KommuneId == id).Stats(out var stats)
            .OrderBy(m => m.DueDay).ThenBy(m => m.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        var now = clock.GetUtcNow();
        return new Paged<MilestoneResource>(rows.Select(m => MilestoneResource.From(m, now)).ToList(), paging.Page, paging.PageSize, stats.TotalResults);
    }

    [WolverineGet("/api/kommunen/{id}/milestones/{m}", OperationId = "getMilestone")]
    [Tags("Meilensteine")]
    public static async Task<MilestoneResource> Get(string id, string m, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        await KommuneLookup.EnsureExists(session, id, ct);
        var view = await session.LoadAsync<MilestoneView>(Route.Item(m), ct);
        if (view is null || view.KommuneId != id) throw MilestoneState.NotFound(id, m);
        return MilestoneResource.From(view, clock.GetUtcNow());
    }

    public sealed record PolicyRequest(IReadOnlyList<int>? OffsetsDays, string? SendTime, int? EscalationDays, long? ExpectedVersion, string? KommuneId = null);

    /// <summary>The Kommune's reminder policy; the open milestones' reminders are planned anew.</summary>
    [WolverinePut("/api/kommunen/{id}/reminder-policy", OperationId = "setReminderPolicy")]
    [Tags("Meilensteine")]
    public static Task<ReminderPolicyReply> SetPolicy(string id, PolicyRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<ReminderPolicyReply>(user, new SetReminderPolicy(id, body.OffsetsDays, body.SendTime, body.EscalationDays, body.ExpectedVersion), ct);

    public sealed record RescheduleRequest(string? DueDate, string? DueAt, string? Reason, long? ExpectedVersion, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/milestones/{m}/due", OperationId = "rescheduleMilestone")]
    [Tags("Meilensteine")]
    public static Task<MilestoneReply> Reschedule(string id, string m, RescheduleRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<MilestoneReply>(user, new RescheduleMilestone(id, Route.Item(m), body.DueDate, body.DueAt, body.Reason, body.ExpectedVersion), ct);

    public sealed record VersionRequest(long? ExpectedVersion, string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/milestones/{m}/complete", OperationId = "completeMilestone")]
    [Tags("Meilensteine")]
    public static Task<MilestoneReply> Complete(string id, string m, VersionRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<MilestoneReply>(user, new CompleteMilestone(id, Route.Item(m), body.ExpectedVersion), ct);

    public sealed record CancelRequest(string? Reason, long? ExpectedVersion, string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/milestones/{m}/cancel", OperationId = "cancelMilestone")]
    [Tags("Meilensteine")]
    public static Task<MilestoneReply> Cancel(string id, string m, CancelRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<MilestoneReply>(user, new CancelMilestone(id, Route.Item(m), body.Reason, body.ExpectedVersion), ct);
}
