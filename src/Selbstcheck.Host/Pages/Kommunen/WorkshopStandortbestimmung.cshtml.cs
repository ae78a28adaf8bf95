using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// #15 H5 participants: the Standortbestimmung as the workshop was shown it — the Kommune replayed to the workshop's
/// start (the as-of machinery of <see cref="KommunePage"/>), rendered with the Standortbestimmung page's own markup.
/// The moment is the page's, not the caller's: teilnehmende, who may not ask for earlier states (<see cref="AsOfAccess"/>),
/// see exactly this one. A workshop that has not begun yet shows today's Standortbestimmung.
/// </summary>
public sealed class WorkshopStandortbestimmungModel(IQuerySession session, TimeProvider clock) : StandortbestimmungModel(session, clock)
{
    [FromRoute(Name = "w")]
    public string W { get; set; } = "";

    private Projections.Workshops.WorkshopView? _workshop;

    /// <summary>"Selbstcheck-Workshop in Dessau-Roßlau am 1. Juli 2020", as the documentation names it.</summary>
    public string WorkshopTitle => _workshop is null ? "" : Reports.WorkshopDocumentation.Title(Name, _workshop);

    /// <summary>The workshop's start as the facilitator scheduled it (ISO local, Berlin).</summary>
    public string StartsAt => _workshop?.StartsAt ?? "";

    public string WorkshopStatus => _workshop?.Status ?? "";

    /// <summary>The workshop has begun: the page shows the state at its start (otherwise today's).</summary>
    public bool Begun { get; private set; }

    /// <summary>The Kommune had no records yet when the workshop began (a workshop recorded afterwards for a Kommune registered later).</summary>
    public bool BeforeRecords { get; private set; }

    public override bool ShowsEarlierState => Begun;

    public override string TodayLink => $"/kommunen/{Uri.EscapeDataString(Id)}/standortbestimmung";

    public string DocumentationLink => $"/kommunen/{Uri.EscapeDataString(Id)}/workshops/{Uri.EscapeDataString(W)}";

    public override async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        // Only the workshop's own moment: an address asking for another one is not this page's.
        if (Historical) return BadRequest();
        var workshop = _workshop = await WorkshopsEndpoints.Find(Session, Id, W, ct);
        if (BerlinTime.TryParseLocal(workshop.StartsAt, out var local) && BerlinTime.ToInstant(local) is var start && start <= Clock.GetUtcNow())
        {
            Begun = true;
            try
            {
                await LoadAsOfAsync(Session, Clock, start, ct);
            }
            catch (NotFound problem) when (problem.Type == "vor-beginn")
            {
                BeforeRecords = true;
                Name = (await KommunenEndpoints.Get(Id, Session, User, ct)).Name;
                return Page();
            }
        }

        return await RenderAsync(ct);
    }
}
