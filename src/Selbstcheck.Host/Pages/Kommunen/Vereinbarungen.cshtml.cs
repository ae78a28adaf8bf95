using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Api;
using Selbstcheck.Projections.Milestones;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// #15 H5 participants: a workshop's Vereinbarungen (agreed next steps) with their status today — as agreed at the
/// workshop, and where one became a milestone the milestone's status, due and owner (as the documentation's section
/// on agreements reads them). Read-only for every role; the facilitator edits the list on the workshop's pages.
/// </summary>
public sealed class VereinbarungenModel(IQuerySession session, TimeProvider clock) : KommunePage
{
    [FromRoute(Name = "w")]
    public string W { get; set; } = "";

    public string WorkshopTitle { get; private set; } = "";

    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    /// <summary>One agreement: its status as agreed at the workshop, and today (from its milestone, if it became one).</summary>
    public sealed record Row(string Title, IReadOnlyList<string> Details, string Kind, string Owner, string Due, string Agreed, string Today);

    public string DocumentationLink => $"/kommunen/{Uri.EscapeDataString(Id)}/workshops/{Uri.EscapeDataString(W)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // Today's status only: an earlier state is the documentation's page as of that moment.
        if (Historical) return BadRequest();
        var name = (await KommunenEndpoints.Get(Id, session, User, ct)).Name;
        var workshop = await WorkshopsEndpoints.Find(session, Id, W, ct);
        WorkshopTitle = Reports.WorkshopDocumentation.Title(name, workshop);
        Now = clock.GetUtcNow();
        var agreed = workshop.Agreements.Select(a => (Guid?)a.AgreementId).ToList();
        var milestones = await session.Query<MilestoneView>()
            .Where(m => m.KommuneId == Id && m.AgreementId != null && agreed.Contains(m.AgreementId))
            .OrderBy(m => m.PlannedAt).ThenBy(m => m.Id)
            .ToListAsync(ct);
        Rows = workshop.Agreements.Select(a =>
        {
            // The latest milestone planned from the agreement, as the documentation reads it.
            var milestone = milestones.LastOrDefault(m => m.AgreementId == a.AgreementId);
            var resource = milestone is null ? null : MilestonesEndpoints.MilestoneResource.From(milestone, Now);
            return new Row(
                a.Title,
                a.Details ?? [],
                a.Kind,
                milestone?.Owner is { Length: > 0 } owner ? owner : a.Owner ?? "–",
                resource is not null && (resource.DueDate ?? resource.DueAt) is not null ? Display.Due(resource.DueDate, resource.DueAt) : a.PlannedDate is not null ? Display.Day(a.PlannedDate) : "–",
                a.Status,
                resource switch
                {
                    null => "noch nicht als Meilenstein geplant",
                    { Status: MilestoneStatus.Erledigt } => MilestoneStatus.Erledigt,
                    { Status: MilestoneStatus.Abgesagt } => MilestoneStatus.Abgesagt,
                    { Overdue: true } => "als Meilenstein geplant, Termin überschritten",
                    _ => "als Meilenstein geplant",
                });
        }).ToList();

        return Page();
    }
}
