using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>The programme team's and the auditors' start: the Kommunen, read through the API's list (same rules, same resource).</summary>
public sealed class ListeModel(IQuerySession session) : PageModel
{
    public Paged<KommuneResource> Kommunen { get; private set; } = new([], 1, 1, 0);

    /// <summary>Auditors start from a Kommune's history; the programme team from its home.</summary>
    public bool ShowsHome { get; private set; }

    /// <summary>#14: the programme overview is the programme team's.</summary>
    public bool ShowsProgramme { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        ShowsHome = !Caller.From(User)!.Is(Roles.Audit);
        ShowsProgramme = Caller.From(User)!.Is(Roles.Programmteam);
        Kommunen = await KommunenEndpoints.List(User, session, null, "200", null, null, null, null, ct);
    }
}
