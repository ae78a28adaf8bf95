using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;

namespace Selbstcheck.Host.Pages;

/// <summary>The facilitator's start: "Meine Kommunen", the facilitator board read through its endpoint.</summary>
public sealed class MeineKommunenModel(IQuerySession session, TimeProvider clock) : PageModel
{
    public FacilitatorEndpoints.Board Board { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User)!;
        Board = await FacilitatorEndpoints.Get(caller.PersonId!.Value.ToString(), session, clock, null, "200", ct);
    }
}
