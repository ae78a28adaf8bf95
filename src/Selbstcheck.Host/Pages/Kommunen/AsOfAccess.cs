using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// A Kommune as of a moment is read through the state endpoint, which only the history's readers may call
/// (programme team, audit, facilitator, Kommune): a page teilnehmende may read today refuses them an earlier state.
/// </summary>
public static class AsOfAccess
{
    public static bool Refused(KommunePage page) => page.Historical && page.Caller is { Role: Roles.Teilnehmende };

    public static async Task<IActionResult> RefuseAsync(HttpContext context)
    {
        await ErrorPage.WriteAsync(context, StatusCodes.Status403Forbidden, "Keine Berechtigung",
            "Frühere Stände einer Kommune sehen Programmteam, Audit, Prozessbegleitung und Integrationsbüro.");
        return new EmptyResult();
    }
}
