using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Projections.MaturityOverview;
using Selbstcheck.Projections.Replay;
using Selbstcheck.Projections.Workshops;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Workshops;
using Wolverine;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// A workshop's documentation as a page: the text of the documentation generator (the PDF's HTML) in the
/// site's layout; as of a moment, the workshop and the Standortbestimmung replayed to that version. #15 H1: for the
/// roles that record workshops, a planned workshop's forms — reschedule with a reason, cancel with a reason, mark as
/// held — sending the commands of PUT …/schedule, POST …/cancel and POST …/held.
/// </summary>
public sealed class WorkshopModel(IQuerySession session, TimeProvider clock, IMessageBus bus) : KommunePage
{
    public const string RescheduleForm = "verschieben";
    public const string CancelForm = "absagen";
    public const string HeldForm = "gehalten";

    public string StartsAt { get; private set; } = "";

    public string? Place { get; private set; }

    public bool Online { get; private set; }

    public IReadOnlyList<Reschedule> Reschedules { get; private set; } = [];

    public string? CancellationReason { get; private set; }

    /// <summary>Programmteam and the facilitator, today, for a workshop neither held nor cancelled.</summary>
    public bool MayEdit => !Historical && Caller is { Role: Roles.Programmteam or Roles.Prozessbegleitung } && Status == WorkshopStatus.Geplant;

    /// <summary>The preparation page: for the same roles while the workshop is not cancelled.</summary>
    public bool MayPrepare => !Historical && Caller is { Role: Roles.Programmteam or Roles.Prozessbegleitung } && Status != WorkshopStatus.Abgesagt;

    public string PreparationLink => $"/kommunen/{Uri.EscapeDataString(Id)}/workshops/{Uri.EscapeDataString(W)}/vorbereitung";

    /// <summary>What a refused form sent (form, field) → value, shown again.</summary>
    private readonly Dictionary<(string, string), string?> _sent = [];

    public string? Sent(string form, string field, string? current) => Errors.Form == form && _sent.TryGetValue((form, field), out var v) ? v : current;

    [FromRoute(Name = "w")]
    public string W { get; set; } = "";

    public string Title { get; private set; } = "";

    public string Status { get; private set; } = "";

    /// <summary>The generator's HTML (every recorded text escaped by it).</summary>
    public string Documentation { get; private set; } = "";

    /// <summary>#15 H2: the results page, for the roles that read it (today only).</summary>
    public bool ShowsResultsLink => !Historical && Caller is { Role: Roles.Programmteam or Roles.Prozessbegleitung or Roles.Audit };

    public string PdfLink => $"/api/kommunen/{Uri.EscapeDataString(Id)}/workshops/{Uri.EscapeDataString(W)}/documentation.pdf";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (AsOfAccess.Refused(this)) return await AsOfAccess.RefuseAsync(HttpContext);
        await LoadAsOfAsync(session, clock, ct);
        WorkshopView workshop;
        IReadOnlyList<RoundMaturity> rounds;
        IReadOnlyList<Projections.Milestones.MilestoneView>? milestones = null;
        string name;
        if (AsOf is { } state)
        {
            name = state.Kommune.Name;
            var events = await session.Events.FetchStreamAsync(Id, state.Version, token: ct);
            var journey = await JourneyReplay.ReplayAsync(session, events);
            workshop = Guid.TryParse(W, out var wid) && journey.Workshops.SingleOrDefault(x => x.Id == wid) is { } then
                ? then
                : throw new NotFound("workshop-unbekannt", "Workshop nicht gefunden", $"Zu diesem Stand hatte die Kommune \"{Id}\" keinen Workshop \"{W}\".");
            rounds = journey.Maturity?.Rounds ?? [];
            milestones = journey.Milestones;
        }
        else
        {
            name = (await KommunenEndpoints.Get(Id, session, User, ct)).Name;
            workshop = await WorkshopsEndpoints.Find(session, Id, W, ct);
            rounds = (await session.LoadAsync<MaturityOverview>(Id, ct))?.Rounds ?? [];
        }

        Title = Reports.WorkshopDocumentation.Title(name, workshop);
        Status = workshop.Status;
        StartsAt = workshop.StartsAt;
        Place = workshop.Place;
        Online = workshop.Online;
        Reschedules = workshop.Reschedules;
        CancellationReason = workshop.CancellationReason;
        Documentation = await WorkshopDocumentationEndpoints.BodyAsync(session, name, workshop, rounds, User, ct, milestones);

        return Page();
    }

    /// <summary>A new date and place with a reason, as PUT /api/kommunen/{id}/workshops/{w}/schedule.</summary>
    public Task<IActionResult> OnPostRescheduleAsync(string? startsAt, string? place, bool? online, string? reason, CancellationToken ct) =>
        SendAsync(RescheduleForm, "Termin verschoben.", [("startsAt", startsAt), ("place", place), ("online", online == true ? "true" : null), ("reason", reason)],
            () => bus.InvokeAs<WorkshopReply>(User, new RescheduleWorkshop(Id, Api.Route.Item(W), startsAt, place, online ?? false, reason), ct), ct);

    /// <summary>Cancelled with a reason, as POST /api/kommunen/{id}/workshops/{w}/cancel.</summary>
    public Task<IActionResult> OnPostCancelAsync(string? reason, CancellationToken ct) =>
        SendAsync(CancelForm, "Workshop abgesagt.", [("reason", reason)],
            () => bus.InvokeAs<WorkshopReply>(User, new CancelWorkshop(Id, Api.Route.Item(W), reason), ct), ct);

    /// <summary>Held, as POST /api/kommunen/{id}/workshops/{w}/held.</summary>
    public Task<IActionResult> OnPostHeldAsync(CancellationToken ct) =>
        SendAsync(HeldForm, "Als stattgefunden eingetragen.", [],
            () => bus.InvokeAs<WorkshopReply>(User, new MarkWorkshopHeld(Id, Api.Route.Item(W)), ct), ct);

    private async Task<IActionResult> SendAsync(string form, string notice, (string Field, string? Value)[] sent, Func<Task> command, CancellationToken ct)
    {
        if (Historical) return PageError.AsOfIsReadOnly();
        foreach (var (field, value) in sent)
        {
            _sent[(form, field)] = value;
            if (value is not null && ActionPlanPage.TextProblem(value) is { } problem) Errors.Add(field, problem, form);
        }

        if (Errors.Any) Response.StatusCode = StatusCodes.Status400BadRequest;
        else if (await RunAsync(command, form)) return Done(notice, "termin");
        var status = Response.StatusCode;
        var page = await OnGetAsync(ct);
        Response.StatusCode = status;
        return page;
    }
}
