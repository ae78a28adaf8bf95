using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Projections.Milestones;
using Selbstcheck.Projections.Workshops;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Selbstcheck.Workflow.Reminders;
using Wolverine;
using ApiRoute = Selbstcheck.Host.Api.Route;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// A Kommune's milestones (#13, points 2 and 3): open ones first (overdue leading), then done and cancelled,
/// each with its reminders' state; plan one (also from a workshop's Vereinbarung), reschedule, complete,
/// cancel; the reminder policy; the calendar links. Reads through MilestonesEndpoints, writes through the
/// commands the API's endpoints send.
/// </summary>
public sealed class MeilensteineModel(IMessageBus bus, IQuerySession session, TimeProvider clock, SelbstcheckSettings settings, LinkTokens links)
    : MilestonePage(bus, session, clock)
{
    public const string PlanForm = "planen";
    public const string PolicyForm = "erinnerungen";

    public KommuneResource Kommune { get; private set; } = null!;

    public IReadOnlyList<MilestonesEndpoints.MilestoneResource> Milestones { get; private set; } = [];

    public IEnumerable<MilestonesEndpoints.MilestoneResource> Open => Milestones.Where(m => m.Status == MilestoneStatus.Offen);

    public IEnumerable<MilestonesEndpoints.MilestoneResource> Closed => Milestones.Where(m => m.Status != MilestoneStatus.Offen);

    /// <summary>A workshop's Vereinbarung that has no milestone yet.</summary>
    public sealed record OpenAgreement(Guid WorkshopId, string WorkshopTitle, string WorkshopStartsAt, Agreement Agreement)
    {
        public string Form => $"vereinbarung-{Agreement.AgreementId:N}";
    }

    public IReadOnlyList<OpenAgreement> Agreements { get; private set; } = [];

    /// <summary>A calendar link just issued: shown in this answer only, never stored by the page.</summary>
    public string? IssuedKommuneLink { get; private set; }

    public string? IssuedPersonalLink { get; private set; }

    /// <summary>A facilitator issues their own calendar link (all their Kommunen) here.</summary>
    public bool MayIssuePersonalLink => !ReadOnly && Caller is { Role: Roles.Prozessbegleitung, PersonId: not null };

    public string OffsetsText(IReadOnlyList<int> offsets) => string.Join(", ", offsets.Select(o => o.ToString(CultureInfo.InvariantCulture)));

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        await LoadAsOfAsync(Session, Clock, ct);
        if (AsOf is { } state)
        {
            Kommune = state.Kommune;
            Milestones = MilestoneDisplay.Ordered(state.Milestones);
            return;
        }

        Kommune = await KommunenEndpoints.Get(Id, Session, User, ct);
        Milestones = MilestoneDisplay.Ordered((await MilestonesEndpoints.List(Id, Session, Clock, null, "200", ct)).Items);
        if (ReadOnly) return;

        // The agreements of the Kommune's workshops that have no milestone yet (one milestone per agreement).
        var taken = (await Session.Query<MilestoneView>().Where(m => m.KommuneId == Id && m.AgreementId != null).ToListAsync(ct))
            .Select(m => m.AgreementId).OfType<Guid>().ToHashSet();
        var workshops = await Session.Query<WorkshopView>().Where(w => w.KommuneId == Id && !w.Cancelled).OrderBy(w => w.StartsAt).ToListAsync(ct);
        Agreements = workshops.SelectMany(w => w.Agreements.Where(a => !taken.Contains(a.AgreementId)).Select(a => new OpenAgreement(w.Id, w.Title, w.StartsAt, a))).ToList();
    }

    public async Task<IActionResult> OnPostPlanAsync(string? title, string? kind, string? owner, string? dueDate, string? dueTime, CancellationToken ct)
    {
        var (date, at) = FormDue.Parse(dueDate, dueTime);
        var id = Guid.CreateVersion7();
        if (await RunAsync(() => Bus.InvokeAs<MilestoneReply>(User, new PlanMilestone(Id, id, Blank(title), Blank(kind), Blank(owner), null, date, at, [], []), ct), PlanForm))
        {
            return Done("Meilenstein geplant.", $"m-{id:N}");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostFromAgreementAsync(string? workshop, string? agreement, string? owner, string? dueDate, string? dueTime, CancellationToken ct)
    {
        var (date, at) = FormDue.Parse(dueDate, dueTime);
        var id = Guid.CreateVersion7();
        var agreementId = ApiRoute.Item(agreement ?? "");
        var command = new PlanMilestoneFromAgreement(Id, id, ApiRoute.Item(workshop ?? ""), agreementId, Blank(owner), date, at);
        if (await RunAsync(() => Bus.InvokeAs<MilestoneReply>(User, command, ct), $"vereinbarung-{agreementId:N}"))
        {
            return Done("Meilenstein aus der Vereinbarung geplant.", $"m-{id:N}");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPolicyAsync(string? offsetsDays, string? sendTime, string? escalationDays, long? expectedVersion, CancellationToken ct)
    {
        var offsets = new List<int>();
        foreach (var part in (offsetsDays ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var days)) offsets.Add(days);
            else Errors.Add("offsetsDays", "Ganze Tage, durch Kommas getrennt, z. B. „14, 3, 0“.", PolicyForm);
        }

        int? escalation = int.TryParse(escalationDays, NumberStyles.Integer, CultureInfo.InvariantCulture, out var e) ? e : null;
        if (escalation is null) Errors.Add("escalationDays", "Eine ganze Zahl von Tagen.", PolicyForm);
        if (!Errors.Any
            && await RunAsync(() => Bus.InvokeAs<ReminderPolicyReply>(User, new SetReminderPolicy(Id, offsets, Blank(sendTime), escalation, expectedVersion), ct), PolicyForm))
        {
            return Done("Erinnerungsregel gespeichert.", "erinnerungen");
        }

        if (Errors.Form == PolicyForm && !Errors.Stale && Response.StatusCode == 200) Response.StatusCode = 400;
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>A subscribable link to the Kommune's calendar (the API's POST …/links with purpose kalender), shown once.</summary>
    public async Task<IActionResult> OnPostCalendarLinkAsync(CancellationToken ct)
    {
        var (command, token) = LinkTokens.NewLink(LinkPurposes.Kalender, Id, $"kommune:{Id}", TimeSpan.FromDays(365));
        if (await RunAsync(() => Bus.InvokeAs<LinkRecord>(User, command, ct), "kalender"))
        {
            IssuedKommuneLink = $"{settings.PublicUrl.TrimEnd('/')}/api/kommunen/{Uri.EscapeDataString(Id)}/calendar.ics?key={Uri.EscapeDataString(token)}";
        }

        return await SecretAnswerAsync(ct);
    }

    /// <summary>The facilitator's own calendar link (the API's POST /api/facilitators/{personId}/links), shown once.</summary>
    public async Task<IActionResult> OnPostPersonalLinkAsync(CancellationToken ct)
    {
        if (Caller is not { Role: Roles.Prozessbegleitung, PersonId: { } person })
        {
            Errors.Add("persoenlich", "Einen persönlichen Kalenderlink stellt sich die Prozessbegleitung selbst aus.", "persoenlich");
            Response.StatusCode = 403;
        }
        else
        {
            await RunAsync(async () =>
            {
                // As the API's endpoint: only a person who exists (and was not erased) gets a link.
                if (await Session.LoadAsync<Workflow.People.PersonRecord>(person, ct) is not { ErasedAt: null })
                {
                    throw new NotFound("person-unbekannt", "Person nicht gefunden", $"Es gibt keine Person \"{person}\".");
                }

                var issued = await links.IssueForPersonAsync(ProgrammeActions.Of(HttpContext), LinkPurposes.Kalender, person, TimeSpan.FromDays(365), ct);
                IssuedPersonalLink = $"{settings.PublicUrl.TrimEnd('/')}/api/facilitators/{person}/calendar.ics?key={Uri.EscapeDataString(issued.Token)}";
            }, "persoenlich");
        }

        return await SecretAnswerAsync(ct);
    }

    /// <summary>The page with a secret in it: answered directly (no redirect that would have to keep it), never cached.</summary>
    private async Task<IActionResult> SecretAnswerAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(ct);
        return Page();
    }
}
