using System.Net;
using Microsoft.AspNetCore.Html;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Pages;

/// <summary>
/// What a command refused, as a page shows it: the ProblemDetails' title and detail in a summary at
/// the top, each field's message next to its input. Fields are named as the API names them (camelCase
/// JSON paths); <see cref="Form"/> says which of a page's forms sent the command (an item's inline
/// form, say), so the inputs' ids are <c>{Form}-{field}</c>.
/// </summary>
public sealed class FormErrors
{
    private readonly List<FieldError> _fields = [];

    public bool Any => Title is not null;

    /// <summary>The problem's German title ("Ungültige Eingabe", "Veraltete Version", …).</summary>
    public string? Title { get; private set; }

    public string? Detail { get; private set; }

    /// <summary>The form that sent the refused command, or null for a page's only form.</summary>
    public string? Form { get; private set; }

    /// <summary>The item changed since the form was loaded (a stale expectedVersion): the page shows the current values.</summary>
    public bool Stale { get; private set; }

    public IReadOnlyList<FieldError> Fields => _fields;

    public const string StaleTitle = "Inzwischen geändert — bitte neu laden";

    public void From(DomainProblem problem, string? form = null)
    {
        Form = form;
        Stale = problem is Conflict && problem.Type == "veraltete-version";
        Title = Stale ? StaleTitle : problem.Title;
        Detail = Stale
            ? $"{problem.Detail} Unten stehen jetzt die aktuellen Werte; bitte prüfen und erneut speichern."
            : problem.Detail;
        if (problem is InvalidInput invalid) _fields.AddRange(invalid.Errors);
    }

    /// <summary>A refusal the page itself finds (before any command), e.g. a date that does not parse.</summary>
    public void Add(string field, string message, string? form = null)
    {
        Form = form;
        Title ??= "Ungültige Eingabe";
        _fields.Add(new FieldError(field, message));
    }

    public string InputId(string field, string? form = null) => form is null ? field : $"{form}-{field}";

    /// <summary>The message for a field of a form (this form's refusal only), or null.</summary>
    public string? For(string field, string? form = null) =>
        form == Form ? _fields.FirstOrDefault(f => string.Equals(f.Field, field, StringComparison.OrdinalIgnoreCase))?.Message : null;

    /// <summary>A field's error as a KERN error line, with the id its input names in aria-describedby.</summary>
    public IHtmlContent FieldHtml(string field, string? form = null) =>
        For(field, form) is { } message
            ? new HtmlString($"<p class=\"kern-error\" id=\"{WebUtility.HtmlEncode(InputId(field, form))}-fehler\" role=\"alert\">{WebUtility.HtmlEncode(message)}</p>")
            : HtmlString.Empty;

    /// <summary>The aria-invalid / aria-describedby attributes an input with an error carries.</summary>
    public IHtmlContent Aria(string field, string? form = null) =>
        For(field, form) is null
            ? HtmlString.Empty
            : new HtmlString($"aria-invalid=\"true\" aria-describedby=\"{WebUtility.HtmlEncode(InputId(field, form))}-fehler\"");

    // #15 H1 workshop edit pages: a stale save keeps what was typed and shows the current version above the form.
    /// <summary>After a stale save on a page that keeps the typed values: says so instead of "the current values show below".</summary>
    public void KeepTyped()
    {
        if (Stale) Detail = "Ihre Eingaben stehen weiter im Formular, darüber die aktuelle Fassung. Bitte vergleichen; erneut speichern ersetzt die aktuelle Fassung.";
    }
}
