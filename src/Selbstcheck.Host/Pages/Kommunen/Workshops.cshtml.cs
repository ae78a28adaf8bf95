using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Workshops;
using Wolverine;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// The Kommune's workshops (date, status, place), each with its documentation as a page and as PDF; #15 H1: for the
/// roles that record workshops (programmteam, the assigned facilitator) a form to schedule one (as POST …/workshops),
/// which leads on to its preparation.
/// </summary>
public sealed class WorkshopsModel(IQuerySession session, TimeProvider clock, IMessageBus bus) : KommunePage
{
    public const string ScheduleForm = "planen";

    /// <summary>The schedule form: for programmteam and the facilitator, today only.</summary>
    public bool MaySchedule => !Historical && Caller is { Role: Roles.Programmteam or Roles.Prozessbegleitung };

    /// <summary>What the schedule form sent, shown again after a refusal.</summary>
    public ScheduleInput Input { get; private set; } = new(null, null, null, false, null);

    public sealed record ScheduleInput(string? Title, string? StartsAt, string? Place, bool Online, string? Moderation);

    public string PreparationLink(Guid workshop) => $"/kommunen/{Uri.EscapeDataString(Id)}/workshops/{workshop}/vorbereitung";

    public string Name { get; private set; } = "";

    public IReadOnlyList<Row> Workshops { get; private set; } = [];

    public sealed record Row(Guid Id, string Title, string StartsAt, string? Place, bool Online, string Status);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (AsOfAccess.Refused(this)) return await AsOfAccess.RefuseAsync(HttpContext);
        await LoadAsOfAsync(session, clock, ct);
        if (AsOf is { } state)
        {
            Name = state.Kommune.Name;
            Workshops = state.Workshops.Select(w => new Row(w.Id, w.Title, w.StartsAt, w.Place, w.Online, w.Status)).ToList();
            return Page();
        }

        Name = (await KommunenEndpoints.Get(Id, session, User, ct)).Name;
        var list = await WorkshopsEndpoints.List(Id, session, null, "200", ct);
        Workshops = list.Items.Select(w => new Row(w.Id, w.Title, w.StartsAt, w.Place, w.Online, w.Status)).ToList();

        return Page();
    }

    /// <summary>Schedules a workshop, as POST /api/kommunen/{id}/workshops; then on to its preparation.</summary>
    public async Task<IActionResult> OnPostAsync(string? title, string? startsAt, string? place, bool? online, string? moderation, CancellationToken ct)
    {
        if (Historical) return PageError.AsOfIsReadOnly();
        Input = new ScheduleInput(title, startsAt, place, online ?? false, moderation);
        foreach (var (field, value) in new[] { ("title", title), ("startsAt", startsAt), ("place", place), ("moderation", moderation) })
        {
            if (value is not null && ActionPlanPage.TextProblem(value) is { } problem) Errors.Add(field, problem, ScheduleForm);
        }

        WorkshopReply? reply = null;
        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else if (await RunAsync(async () => reply = await bus.InvokeAs<WorkshopReply>(User,
                     new ScheduleWorkshop(Id, Guid.CreateVersion7(), title, startsAt, place, online ?? false, moderation), ct), ScheduleForm))
        {
            Notice = "Workshop geplant. Jetzt die Vorbereitung eintragen.";
            return Redirect(PreparationLink(reply!.WorkshopId));
        }

        return await OnGetAsync(ct);
    }

    public string PdfLink(Guid workshop) => $"/api/kommunen/{Uri.EscapeDataString(Id)}/workshops/{workshop}/documentation.pdf";

    public static string Where(Row w) => (w.Place, w.Online) switch
    {
        (null, true) => "online",
        (null, false) => "–",
        (var p, true) => $"{p} (online)",
        (var p, false) => p!,
    };
}
