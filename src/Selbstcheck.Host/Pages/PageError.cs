using Microsoft.AspNetCore.Mvc;

namespace Selbstcheck.Host.Pages;

/// <summary>A refusal a page finds before any command, as the German error page (e.g. a post to a view as of a moment).</summary>
internal sealed class PageError(int status, string title, string detail) : IActionResult
{
    public static PageError AsOfIsReadOnly() =>
        new(StatusCodes.Status400BadRequest, "Ungültige Eingabe", "Ein früherer Stand ist nur lesbar; Änderungen gehen nur am heutigen Stand.");

    /// <summary>A post naming no form of the page (?handler=unknown; only a hand-made request does).</summary>
    public static PageError UnknownForm() =>
        new(StatusCodes.Status400BadRequest, "Ungültige Eingabe", "Dieses Formular gibt es auf der Seite nicht. Bitte die Seite neu laden.");

    public Task ExecuteResultAsync(ActionContext context) => ErrorPage.WriteAsync(context.HttpContext, status, title, detail);
}
