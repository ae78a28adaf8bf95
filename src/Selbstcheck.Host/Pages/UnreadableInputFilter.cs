using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Selbstcheck.Host.Pages;

/// <summary>
/// A form value the page cannot even read (a version that is no number, a date that is no date — only a
/// hand-made request sends those; the forms' inputs cannot) is a 400 German error page, and the handler never
/// runs: a missing or garbled expectedVersion must not turn into "no version check". Whether a value is
/// allowed is the command's decision, not the binder's (implicit required attributes are off). A post that is
/// no form at all (JSON, no body) is a 400 as well, before a handler reads the form.
/// </summary>
public sealed class UnreadableInputFilter : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var request = context.HttpContext.Request;
        if (!HttpMethods.IsGet(request.Method) && !request.HasFormContentType)
        {
            context.Result = new PageError(400, "Ungültige Anfrage",
                "Diese Seite nimmt Änderungen nur als Formular an (application/x-www-form-urlencoded oder multipart/form-data).");
            return;
        }

        if (!HttpMethods.IsGet(request.Method) && !context.ModelState.IsValid)
        {
            var fields = context.ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => e.Key).Order(StringComparer.Ordinal);
            context.Result = new PageError(400, "Ungültige Eingabe",
                $"Diese Angaben konnten nicht gelesen werden: {string.Join(", ", fields)}. Bitte die Seite neu laden und das Formular erneut senden.");
            return;
        }

        await next();
    }
}
