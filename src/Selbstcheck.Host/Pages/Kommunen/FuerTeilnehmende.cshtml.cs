using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// #15 H5 participants: the start page of the role teilnehmende ("/" leads there) — per workshop of the Kommune its
/// documentation (page and PDF), the Standortbestimmung as shown at the workshop, and the agreed next steps with their
/// status today. Readable by whoever reads the workshops' documentation (so the lead office and the facilitator see
/// what the participants get).
/// </summary>
public sealed class FuerTeilnehmendeModel(IQuerySession session, TimeProvider clock) : KommunePage
{
    public string Name { get; private set; } = "";

    public IReadOnlyList<WorkshopsEndpoints.WorkshopSummary> Workshops { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // As of a moment (for the roles that read the history, like every page of a Kommune): the workshops then, with
        // their documentation then; the Standortbestimmung at the workshop and the agreements' status are today's pages.
        if (AsOfAccess.Refused(this)) return await AsOfAccess.RefuseAsync(HttpContext);
        await LoadAsOfAsync(session, clock, ct);
        if (AsOf is { } state)
        {
            Name = state.Kommune.Name;
            Workshops = state.Workshops.Select(w => new WorkshopsEndpoints.WorkshopSummary(w.Id, w.Title, w.StartsAt, w.Place, w.Online, w.Status, w.Priorities)).ToList();
            return Page();
        }

        Name = (await KommunenEndpoints.Get(Id, session, User, ct)).Name;
        Workshops = (await WorkshopsEndpoints.List(Id, session, null, "200", ct)).Items;
        return Page();
    }

    public string WorkshopLink(Guid workshop, string page = "") =>
        page.Length == 0 ? Link($"workshops/{workshop}") : $"/kommunen/{Uri.EscapeDataString(Id)}/workshops/{workshop}/{page}";

    public string PdfLink(Guid workshop) => $"/api/kommunen/{Uri.EscapeDataString(Id)}/workshops/{workshop}/documentation.pdf";

    public static bool Cancelled(WorkshopsEndpoints.WorkshopSummary w) => w.Status == WorkshopStatus.Abgesagt;
}
