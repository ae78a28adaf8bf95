using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Selbstcheck.Host.Access;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Pages;

/// <summary>
/// A page that sends commands: the same commands through the same bus as the API's endpoints
/// (<see cref="CallerCommands.InvokeAs{T}"/>) — never a second write path. A refusal becomes
/// <see cref="Errors"/> (summary at the top from the layout, messages next to the fields); a success
/// redirects to the page again (post/redirect/get) with a notice.
/// </summary>
public abstract class SelbstcheckPage : PageModel
{
    public FormErrors Errors { get; } = new();

    /// <summary>The notice after a successful change ("Gespeichert."), shown once.</summary>
    [TempData(Key = "Meldung")]
    public string? Notice { get; set; }

    public Caller? Caller => Access.Caller.From(User);

    /// <summary>
    /// Runs a command; true when it succeeded. A domain refusal (400/404/409/422 in the API) lands in
    /// <see cref="Errors"/> for the form named, and nothing changed.
    /// </summary>
    protected async Task<bool> RunAsync(Func<Task> command, string? form = null)
    {
        try
        {
            await command();
            return true;
        }
        catch (DomainProblem problem)
        {
            Errors.From(problem, form);
            Response.StatusCode = problem.Status;
            return false;
        }
    }

    /// <summary>
    /// A post that names no handler of the page (?handler=unknown) would render the page without reading
    /// anything: 400 instead (the German error page).
    /// </summary>
    public override Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        if (context.HandlerMethod is null && !HttpMethods.IsGet(context.HttpContext.Request.Method) && !HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            context.Result = PageError.UnknownForm();
            return Task.CompletedTask;
        }

        return next();
    }

    /// <summary>After a change: back to the page (GET) with a notice, at the form's anchor when given.</summary>
    protected IActionResult Done(string notice, string? anchor = null)
    {
        Notice = notice;
        var query = Request.Query.Where(q => q.Key != "handler").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
        var path = QueryHelpers.AddQueryString(Request.Path, query);
        return Redirect(anchor is null ? path : $"{path}#{anchor}");
    }
}
