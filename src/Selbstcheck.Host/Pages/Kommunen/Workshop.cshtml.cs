using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Api;
using Selbstcheck.Projections.MaturityOverview;
using Selbstcheck.Projections.Replay;
using Selbstcheck.Projections.Workshops;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// A workshop's documentation as a page: the text of the documentation generator (the PDF's HTML) in the
/// site's layout; as of a moment, the workshop and the Standortbestimmung replayed to that version.
/// </summary>
public sealed class WorkshopModel(IQuerySession session, TimeProvider clock) : KommunePage
{
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
        Documentation = await WorkshopDocumentationEndpoints.BodyAsync(session, name, workshop, rounds, User, ct, milestones);

        return Page();
    }
}
