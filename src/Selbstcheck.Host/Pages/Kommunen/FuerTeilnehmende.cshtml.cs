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
public sealed class FuerTeilnehmendeModel(IQuerySession session) : KommunePage
{
    public string Name { get; private set; } = "";

    public IReadOnlyList<WorkshopsEndpoints.WorkshopSummary> Workshops { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // Today's workshops only (a participant cannot ask for earlier states; the others have the workshops page for it).
        if (Historical) return BadRequest();
        Name = (await KommunenEndpoints.Get(Id, session, User, ct)).Name;
        Workshops = (await WorkshopsEndpoints.List(Id, session, null, "200", ct)).Items;
        return Page();
    }

    public string WorkshopLink(Guid workshop, string page = "") =>
        $"/kommunen/{Uri.EscapeDataString(Id)}/workshops/{workshop}{(page.Length == 0 ? "" : "/" + page)}";

    public string PdfLink(Guid workshop) => $"/api/kommunen/{Uri.EscapeDataString(Id)}/workshops/{workshop}/documentation.pdf";

    public static bool Cancelled(WorkshopsEndpoints.WorkshopSummary w) => w.Status == WorkshopStatus.Abgesagt;
}
