using System.Text.Json;
using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// Every error a client can see is a ProblemDetails with a German title, a stable type URI and
/// the correlation id — including errors raised by the framework itself.
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:selbstcheck:problem:";

    public static ProblemDetails Create(HttpContext context, int status, string type, string title, string? detail = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Type = TypePrefix + type,
            Title = title,
            Detail = detail,
            Instance = context.Request.Path,
        };
        problem.Extensions["correlationId"] = Correlation.Get(context);
        return problem;
    }

    public static Task Write(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? 500;
        context.Response.ContentType = "application/problem+json; charset=utf-8";
        return context.Response.WriteAsync(JsonSerializer.Serialize<object>(problem, ProblemJson));
    }

    private static readonly JsonSerializerOptions ProblemJson = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static ProblemDetails FromDomain(HttpContext context, DomainProblem p)
    {
        var problem = Create(context, p.Status, p.Type, p.Title, p.Detail);
        foreach (var (key, value) in p.Extensions) problem.Extensions[key] = value;
        switch (p)
        {
            case InvalidInput invalid:
                problem.Extensions["errors"] = invalid.Errors
                    .GroupBy(e => e.Field)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
                break;
            case RuleViolation { Alternatives.Count: > 0 } rule:
                problem.Extensions["alternatives"] = rule.Alternatives;
                break;
        }

        return problem;
    }

    /// <summary>The German title for a bare status code (routing 404, 405, …).</summary>
    public static (string Type, string Title) ForStatus(int status) => status switch
    {
        400 => ("ungueltige-anfrage", "Ungültige Anfrage"),
        401 => ("nicht-angemeldet", "Nicht angemeldet"),
        403 => ("keine-berechtigung", "Keine Berechtigung"),
        404 => ("nicht-gefunden", "Nicht gefunden"),
        405 => ("methode-nicht-erlaubt", "Methode nicht erlaubt"),
        406 => ("format-nicht-verfuegbar", "Antwortformat nicht verfügbar"),
        409 => ("konflikt", "Konflikt"),
        413 => ("anfrage-zu-gross", "Anfrage zu groß"),
        415 => ("medientyp-nicht-unterstuetzt", "Medientyp nicht unterstützt"),
        422 => ("regel-verletzt", "Nicht zulässig"),
        429 => ("zu-viele-anfragen", "Zu viele Anfragen"),
        _ when status >= 500 => ("interner-fehler", "Interner Fehler"),
        _ => ("fehler", "Fehler"),
    };
}

/// <summary>Maps exceptions to ProblemDetails. Unknown exceptions are logged and become a 500 without internals.</summary>
public sealed class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var problem = Map(context, exception);
        if (problem.Status >= 500)
        {
            logger.LogError(exception, "Unhandled error for {Method} {Path}", context.Request.Method, context.Request.Path);
        }

        if (Pages.WebSetup.IsPageRequest(context.Request))
        {
            // A page's reading failed (an unknown Kommune, say): the same status and German title, as a page.
            await Pages.ErrorPage.WriteAsync(context, problem.Status ?? 500, problem.Title ?? "Fehler", problem.Detail);
            return true;
        }

        await Problems.Write(context, problem);
        return true;
    }

    private static ProblemDetails Map(HttpContext context, Exception exception)
    {
        var root = Unwrap(exception);
        switch (root)
        {
            case DomainProblem p:
                return Problems.FromDomain(context, p);
            case RequestBodyTooLargeException big:
                return Problems.Create(context, 413, "anfrage-zu-gross", "Anfrage zu groß",
                    $"Der Inhalt einer Anfrage darf höchstens {big.Limit} Bytes groß sein.");
            case BadHttpRequestException { StatusCode: 413 }:
                return Problems.Create(context, 413, "anfrage-zu-gross", "Anfrage zu groß", "Der Inhalt der Anfrage ist zu groß.");
            case JsonException json:
                return InvalidJson(context, json);
            case BadHttpRequestException bad:
                return Problems.Create(context, 400, "ungueltige-anfrage", "Ungültige Anfrage", bad.Message);
            case DocumentAlreadyExistsException:
            case ExistingStreamIdCollisionException:
                return Problems.Create(context, 409, "bereits-vorhanden", "Bereits vorhanden",
                    "Ein eindeutiger Schlüssel ist bereits vergeben.");
            case ConcurrencyException:
                return Problems.Create(context, 409, "gleichzeitige-aenderung", "Gleichzeitige Änderung",
                    "Die Daten wurden gleichzeitig von anderer Seite geändert. Bitte erneut versuchen.");
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                return Problems.Create(context, 400, "abgebrochen", "Anfrage abgebrochen");
            default:
                return Problems.Create(context, 500, "interner-fehler", "Interner Fehler",
                    "Ein unerwarteter Fehler ist aufgetreten. Bitte die Korrelations-ID angeben.");
        }
    }

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: 1 } agg:
                    e = agg.InnerExceptions[0];
                    continue;
                case BadHttpRequestException { InnerException: JsonException json }:
                    return json;
                case InvalidOperationException { InnerException: JsonException json2 }:
                    return json2;
                case { InnerException: DomainProblem inner }:
                    return inner;
                default:
                    return e;
            }
        }
    }

    public static ProblemDetails InvalidJson(HttpContext context, JsonException json)
    {
        var where = json.LineNumber is { } line
            ? $" (Zeile {line + 1}, Position {(json.BytePositionInLine ?? 0) + 1}{(string.IsNullOrEmpty(json.Path) || json.Path == "$" ? "" : $", Feld {json.Path}")})"
            : string.IsNullOrEmpty(json.Path) ? "" : $" (Feld {json.Path})";
        var problem = Problems.Create(context, 400, "ungueltiges-json", "Ungültiges JSON",
            $"Der Inhalt der Anfrage ist kein gültiges JSON für diese Anfrage{where}.");
        if (json.LineNumber is { } l) problem.Extensions["line"] = l + 1;
        if (json.BytePositionInLine is { } b) problem.Extensions["position"] = b + 1;
        if (!string.IsNullOrEmpty(json.Path)) problem.Extensions["path"] = json.Path;
        return problem;
    }
}

/// <summary>
/// Writes every ProblemDetails that goes through ASP.NET Core's problem-details service in the
/// service's shape: the correlation id, a German title for a bare status, and Wolverine's own
/// answer to a request body it cannot read turned into "Ungültiges JSON" with line, position and
/// the JSON path (the framework knows where; the service says it in German).
/// </summary>
public sealed partial class GermanProblemDetailsWriter : Microsoft.AspNetCore.Http.IProblemDetailsWriter
{
    /// <summary>The type Wolverine gives the 400 it writes for an unreadable body.</summary>
    private const string WolverineJsonType = "https://httpstatuses.com/400";

    [System.Text.RegularExpressions.GeneratedRegex(@"Path: (?<path>\$[^\s|]*)")]
    private static partial System.Text.RegularExpressions.Regex PathPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"The JSON property '(?<name>[^']+)' could not be mapped")]
    private static partial System.Text.RegularExpressions.Regex UnknownPropertyPattern();

    public bool CanWrite(Microsoft.AspNetCore.Http.ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(Microsoft.AspNetCore.Http.ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var given = context.ProblemDetails;
        var status = given.Status ?? http.Response.StatusCode;
        ProblemDetails problem;
        if (given.Type == WolverineJsonType)
        {
            problem = InvalidJson(http, given);
        }
        else if (given.Type?.StartsWith(Problems.TypePrefix, StringComparison.Ordinal) == true)
        {
            problem = given;
            problem.Extensions["correlationId"] = Correlation.Get(http);
        }
        else
        {
            var (type, title) = Problems.ForStatus(status);
            problem = Problems.Create(http, status, type, title, given.Detail);
        }

        return new ValueTask(Problems.Write(http, problem));
    }

    private static ProblemDetails InvalidJson(HttpContext context, ProblemDetails given)
    {
        var detail = given.Detail ?? "";
        var line = Number(given.Extensions.TryGetValue("lineNumber", out var l) ? l : null);
        var position = Number(given.Extensions.TryGetValue("bytePositionInLine", out var b) ? b : null);
        var path = PathPattern().Match(detail) is { Success: true } m ? m.Groups["path"].Value : null;
        var unknown = UnknownPropertyPattern().Match(detail);

        string what;
        if (unknown.Success) what = $"Unbekanntes Feld \"{unknown.Groups["name"].Value}\"";
        else if (detail.StartsWith(PlainTextConverter.Refusal, StringComparison.Ordinal)) what = detail.TrimEnd('.');
        else if (path is not null && path != "$") what = $"Ungültiger Wert im Feld {path}";
        else what = "Der Inhalt ist kein gültiges JSON";

        var where = line is not null ? $" (Zeile {line + 1}, Position {(position ?? 0) + 1})" : "";
        var problem = Problems.Create(context, 400, "ungueltiges-json", "Ungültiges JSON", $"{what}{where}.");
        if (line is not null) problem.Extensions["line"] = line + 1;
        if (position is not null) problem.Extensions["position"] = position + 1;
        if (path is not null) problem.Extensions["path"] = path;
        if (unknown.Success) problem.Extensions["field"] = unknown.Groups["name"].Value;
        return problem;
    }

    private static long? Number(object? value) => value switch
    {
        long l => l,
        int i => i,
        JsonElement { ValueKind: JsonValueKind.Number } e => e.GetInt64(),
        _ => null,
    };
}
