using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Security.Tests;

/// <summary>
/// The form handlers of the pages, found in the running application (not kept by hand): every page endpoint's compiled
/// descriptor lists its handler methods (OnPost → "POST /route", OnPostXxx → "POST /route?handler=Xxx"). The access
/// matrix has one row per route ("POST /route"); a handler's access cells are those of its route's row.
/// </summary>
internal static class PageForms
{
    /// <summary>
    /// Page posts the form fuzz leaves to tests of their own, with the reason. Everything else a page answers to POST is fuzzed.
    /// </summary>
    internal static readonly Dictionary<string, string> Excluded = new()
    {
        // Sign-in and sign-out send no command: SignInTests and ProviderSignInTests drive them. The token sign-in (/anmelden)
        // and the sign-out (/abmelden) are endpoints, not pages, so only the demo sign-in's page is found here.
        ["POST /demo-anmeldung"] = "the demo sign-in sends no command (SignInTests)",
        // The respondent's own pages take only a respondent's session cookie, which no matrix cell holds: their form (shared
        // with the on-behalf page fuzzed here) is driven by QuestionnaireFormTests and RespondentSessionTests.
        ["POST /befragung/feld/{n}"] = "a respondent's session only (QuestionnaireFormTests, RespondentSessionTests)",
        ["POST /befragung/absenden"] = "a respondent's session only (QuestionnaireFormTests, RespondentSessionTests)",
    };

    /// <summary>Every POST handler of every page, as "POST /route" or "POST /route?handler=Name", sorted.</summary>
    internal static async Task<List<string>> DiscoverAsync()
    {
        var host = await TestHost.Instance;
        var loader = host.Services.GetRequiredService<PageLoader>();
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is not { } page) continue;
            var compiled = await loader.LoadAsync(page, endpoint.Metadata);
            var route = endpoint.RoutePattern.RawText ?? "";
            route = route.StartsWith('/') ? route : "/" + route;
            foreach (var handler in compiled.HandlerMethods.Where(h => string.Equals(h.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase)))
            {
                found.Add(handler.Name is null ? $"POST {route}" : $"POST {route}?handler={handler.Name}");
            }
        }

        return found.ToList();
    }

    /// <summary>The page handlers the form fuzz drives: all discovered ones but the excluded.</summary>
    internal static async Task<List<string>> FuzzedAsync() => (await DiscoverAsync()).Where(f => !Excluded.ContainsKey(MatrixKey(f))).ToList();

    /// <summary>The access matrix row of a page form: its route without the handler.</summary>
    internal static string MatrixKey(string form) => form.Split('?')[0];

    /// <summary>The handler a key names ("POST /route?handler=Name" → Name), null without one.</summary>
    internal static string? HandlerOf(string form) => form.IndexOf("?handler=", StringComparison.Ordinal) is var at and >= 0 ? form[(at + 9)..] : null;

    /// <summary>Whether a request URL posts to the handler (empty: the page's unnamed OnPost), as Razor Pages selects it.</summary>
    internal static bool Drives(string url, string handler)
    {
        var query = url.Contains('?') ? QueryHelpers.ParseQuery(url[url.IndexOf('?')..]) : [];
        var sent = query.TryGetValue("handler", out var values) ? values.ToString() : "";
        return string.Equals(sent, handler, StringComparison.OrdinalIgnoreCase);
    }
}
