using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// A Kommune's home (the Integrationsbüro's start page): phase, what is due next, open Handlungsbedarfe
/// by field — read through the API's own endpoints and resources.
/// </summary>
public sealed class StartseiteModel(IQuerySession session, TimeProvider clock) : PageModel
{
    public KommuneResource Kommune { get; private set; } = null!;

    public IReadOnlyList<MilestonesEndpoints.MilestoneResource> Due { get; private set; } = [];

    public ActionPlanEndpoints.ActionPlanResource Plan { get; private set; } = null!;

    /// <summary>The Handlungsfelder's names as the Kommune's evaluations name them (the catalogue version it answered).</summary>
    public IReadOnlyDictionary<int, string> FieldNames { get; private set; } = new Dictionary<int, string>();

    public string FieldTitle(int field) => FieldNames.TryGetValue(field, out var name) ? $"Handlungsfeld {field}: {name}" : $"Handlungsfeld {field}";

    public async Task OnGetAsync(string id, CancellationToken ct)
    {
        Kommune = await KommunenEndpoints.Get(id, session, User, ct);
        var milestones = await MilestonesEndpoints.List(id, session, clock, null, "200", ct);
        // Open milestones, the earliest due first (overdue ones lead), at most five.
        Due = milestones.Items.Where(m => m.Status == MilestoneStatus.Offen).Take(5).ToList();
        Plan = await ActionPlanEndpoints.Plan(id, session, User, clock, ct);
        FieldNames = (await MaturityEndpoints.Trend(id, session, ct)).Fields.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Last().Name);
    }
}
