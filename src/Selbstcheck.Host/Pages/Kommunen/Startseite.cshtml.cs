using Marten;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// A Kommune's home (the Integrationsbüro's start page): phase, what is due next, open Handlungsbedarfe
/// by field — read through the API's own endpoints and resources.
/// </summary>
public sealed class StartseiteModel(IQuerySession session, TimeProvider clock) : KommunePage
{
    public KommuneResource Kommune { get; private set; } = null!;

    public IReadOnlyList<MilestonesEndpoints.MilestoneResource> Due { get; private set; } = [];

    public ActionPlanEndpoints.ActionPlanResource Plan { get; private set; } = null!;

    /// <summary>The Handlungsfelder's names as the Kommune's evaluations name them (the catalogue version it answered).</summary>
    public IReadOnlyDictionary<int, string> FieldNames { get; private set; } = new Dictionary<int, string>();

    public string FieldTitle(int field) => FieldNames.TryGetValue(field, out var name) ? $"Handlungsfeld {field}: {name}" : $"Handlungsfeld {field}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsOfAsync(session, clock, ct);
        if (AsOf is { } state)
        {
            Kommune = state.Kommune;
            Due = state.Milestones.Where(m => m.Status == MilestoneStatus.Offen).OrderBy(m => m.DueDate, StringComparer.Ordinal).Take(5).ToList();
            Plan = state.ActionPlan;
            FieldNames = state.Rounds.Select(r => r.Evaluation).OfType<MaturityEndpoints.MaturityResource>().SelectMany(e => e.Fields)
                .GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Last().Name);
            return;
        }

        Kommune = await KommunenEndpoints.Get(Id, session, User, ct);
        var milestones = await MilestonesEndpoints.List(Id, session, clock, null, "200", ct);
        // Open milestones, the earliest due first (overdue ones lead), at most five.
        Due = milestones.Items.Where(m => m.Status == MilestoneStatus.Offen).Take(5).ToList();
        Plan = await ActionPlanEndpoints.Plan(Id, session, User, clock, ct);
        FieldNames = (await MaturityEndpoints.Trend(Id, session, ct)).Fields.GroupBy(f => f.Field).ToDictionary(g => g.Key, g => g.Last().Name);
    }
}
