using System.Net;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Pages;

/// <summary>
/// Errors a browser sees on a page: a German HTML page (status, title, what to do) instead of the
/// API's ProblemDetails JSON — the same status and German title, with the correlation id to quote.
/// </summary>
public static class ErrorPage
{
    public static Task WriteAsync(HttpContext context, int status, string title, string? detail)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        var e = (string? s) => WebUtility.HtmlEncode(s ?? "");
        return context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="de">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{e(title)} – Selbstcheck Weltoffene Kommune</title>
              <link rel="stylesheet" href="/kern/kern.min.css">
              <link rel="stylesheet" href="/kern/fonts/fira-sans.css">
              <link rel="stylesheet" href="/css/selbstcheck.css">
              <link rel="icon" href="/favicon.svg" type="image/svg+xml">
            </head>
            <body>
              <a class="sc-skip" href="#inhalt">Zum Inhalt springen</a>
              <main id="inhalt" class="kern-container sc-main">
                <h1 class="kern-heading-large">{e(title)}</h1>
                <p class="kern-body">{e(detail)}</p>
                <p class="kern-body kern-body--small">Fehlercode {status} · Vorgangsnummer {e(Correlation.Get(context))}</p>
                <p class="kern-body"><a class="kern-link" href="/">Zur Startseite</a></p>
              </main>
            </body>
            </html>
            """);
    }

    /// <summary>Writes the framework's and the service's problems for page requests as HTML (registered before the JSON writer).</summary>
    public sealed class Writer : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => WebSetup.IsPageRequest(context.HttpContext.Request);

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            var title = Problems.ForStatus(status).Title;
            var detail = status switch
            {
                404 => "Diese Seite gibt es nicht. Bitte die Adresse prüfen.",
                _ => context.ProblemDetails.Detail ?? "Bitte später erneut versuchen.",
            };
            return new ValueTask(ErrorPage.WriteAsync(context.HttpContext, status, title, detail));
        }
    }
}
