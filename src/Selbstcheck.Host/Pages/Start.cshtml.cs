using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Selbstcheck.Host.Access;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Pages;

/// <summary>"/" leads each role to its start page (the access control sends a browser without a session to the sign-in first).</summary>
public sealed class StartModel : PageModel
{
    public IActionResult OnGet()
    {
        var caller = Caller.From(User)!;
        return caller.Role switch
        {
            Roles.Programmteam or Roles.Audit => Redirect("/kommunen"),
            Roles.Prozessbegleitung => Redirect("/meine-kommunen"),
            Roles.Kommune when caller.KommuneId is not null => Redirect($"/kommunen/{Uri.EscapeDataString(caller.KommuneId)}"),
            // #14 unit staff: their Kommune's action plan.
            Roles.Einheit when caller.KommuneId is not null => Redirect($"/kommunen/{Uri.EscapeDataString(caller.KommuneId)}/aktionsplan"),
            // #15 H5 participants: what the workshops left them to read.
            Roles.Teilnehmende when caller.KommuneId is not null => Redirect($"/kommunen/{Uri.EscapeDataString(caller.KommuneId)}/fuer-teilnehmende"),
            _ => Page(),
        };
    }
}
