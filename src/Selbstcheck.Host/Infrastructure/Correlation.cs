using System.Text.RegularExpressions;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// Every request has a correlation id: the caller's X-Correlation-Id when it is a sane token,
/// otherwise a new one. It is echoed in the response, included in every ProblemDetails, and
/// stored with every event the request causes: Wolverine's HTTP endpoints take it from the
/// request header into the commands they send, so the header is set to the id in force.
/// </summary>
public static partial class Correlation
{
    public const string Header = "X-Correlation-Id";
    private const string ItemKey = "selbstcheck.correlation";

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,100}$")]
    private static partial Regex Sane();

    public static string Get(HttpContext context) =>
        context.Items.TryGetValue(ItemKey, out var value) && value is string id ? id : Establish(context);

    private static string Establish(HttpContext context)
    {
        var incoming = context.Request.Headers[Header].ToString();
        var id = Sane().IsMatch(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.Items[ItemKey] = id;
        context.Request.Headers[Header] = id;
        return id;
    }

    public static IApplicationBuilder UseCorrelation(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var id = Get(context);
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[Header] = id;
                return Task.CompletedTask;
            });
            return next(context);
        });
}
