using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// Wolverine answers a body it cannot deserialize itself, with an English ProblemDetails and no
/// correlation id. This middleware buffers the (small) responses of requests that carry a body
/// and rewrites such a framework 400 into the service's German shape, keeping line, position
/// and the JSON path of the error.
/// </summary>
public static partial class FrameworkProblemTranslation
{
    private const string WolverineJsonType = "https://httpstatuses.com/400";

    [GeneratedRegex(@"Path: (?<path>\$[^\s|]*)")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"The JSON property '(?<name>[^']+)' could not be mapped")]
    private static partial Regex UnknownPropertyPattern();

    public static IApplicationBuilder UseFrameworkProblemTranslation(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
            {
                await next(context);
                return;
            }

            var original = context.Response.Body;
            await using var buffer = new MemoryStream();
            context.Response.Body = buffer;
            try
            {
                await next(context);
            }
            finally
            {
                context.Response.Body = original;
            }

            if (context.Response.StatusCode == 400 &&
                context.Response.ContentType?.Contains("problem+json", StringComparison.OrdinalIgnoreCase) == true &&
                TryTranslate(context, buffer.ToArray()) is { } translated)
            {
                context.Response.ContentLength = null;
                await Problems.Write(context, translated);
                return;
            }

            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        });

    private static Microsoft.AspNetCore.Mvc.ProblemDetails? TryTranslate(HttpContext context, byte[] body)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (json?["type"]?.GetValue<string>() != WolverineJsonType) return null;

        var detail = json["detail"]?.GetValue<string>() ?? "";
        var line = json["lineNumber"]?.GetValue<long>();
        var position = json["bytePositionInLine"]?.GetValue<long>();
        var path = PathPattern().Match(detail) is { Success: true } m ? m.Groups["path"].Value : null;
        var unknown = UnknownPropertyPattern().Match(detail);

        string what;
        if (unknown.Success) what = $"Unbekanntes Feld \"{unknown.Groups["name"].Value}\"";
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
}
