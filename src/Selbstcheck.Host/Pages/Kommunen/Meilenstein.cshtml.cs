using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Wolverine;
using ApiRoute = Selbstcheck.Host.Api.Route;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// One milestone (#13, points 2, 3 and 7): its details, its reminders (sent, held back, given up) and its forms —
/// the page that reminder and escalation mails link to. Reads through MilestonesEndpoints.Get.
/// </summary>
public sealed class MeilensteinModel(IMessageBus bus, IQuerySession session, TimeProvider clock) : MilestonePage(bus, session, clock)
{
    [FromRoute(Name = "m")]
    public string MilestoneRoute { get; set; } = "";

    public string KommuneName { get; private set; } = "";

    public MilestonesEndpoints.MilestoneResource Milestone { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        await LoadAsOfAsync(Session, Clock, ct);
        if (AsOf is { } state)
        {
            KommuneName = state.Kommune.Name;
            Milestone = state.Milestones.FirstOrDefault(m => m.Id == ApiRoute.Item(MilestoneRoute))
                        ?? throw MilestoneState.NotFound(Id, MilestoneRoute);
            return;
        }

        KommuneName = (await KommunenEndpoints.Get(Id, Session, User, ct)).Name;
        Milestone = await MilestonesEndpoints.Get(Id, MilestoneRoute, Session, Clock, ct);
    }
}
