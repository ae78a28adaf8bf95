using Microsoft.Extensions.Options;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// What may reach a log, fixed in code — whatever settings file is (or is not) loaded, whatever
/// working directory the service starts from, whatever a configuration tries to turn up:
/// <list type="bullet">
/// <item>no URL with its query string (link keys live in <c>?key=</c>, valid for months): ASP.NET's
/// request lines, HTTP logging, Kestrel and routing details stay below what is written;</item>
/// <item>no token or header: authentication and HTTP client details likewise;</item>
/// <item>no body content: Wolverine logs a failed invocation with the whole command (addresses, titles,
/// notes) under the command type's name — silenced for the Workflow's types; refusals are logged
/// by <see cref="Selbstcheck.Workflow.Common.RefusalLog"/> without content instead;</item>
/// <item>no SQL parameters: Marten and Npgsql only from Warning up.</item>
/// </list>
/// The service's own request line (<see cref="Access.Hygiene.UseRequestLog"/>) writes the path without query.
/// </summary>
public static class LogFilters
{
    /// <summary>Categories that write URLs, headers, tokens or SQL parameters below Warning.</summary>
    public static readonly IReadOnlyList<string> AtLeastWarning =
    [
        "Microsoft.AspNetCore.Hosting.Diagnostics",
        "Microsoft.AspNetCore.HttpLogging",
        "Microsoft.AspNetCore.W3CLogging",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Http",
        "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization",
        "Microsoft.AspNetCore.Antiforgery",
        "Microsoft.AspNetCore.Mvc",
        "Microsoft.AspNetCore.StaticFiles",
        "System.Net.Http",
        "Wolverine.Http",
        "Marten",
        "Npgsql",
        "Hangfire",
    ];

    /// <summary>Categories never written: Wolverine names its failure line after the command type, and prints the command.</summary>
    public static readonly IReadOnlyList<string> Never =
    [
        typeof(Selbstcheck.Workflow.Common.IKommuneCommand).Namespace!.Split('.')[0] + ".Workflow",
    ];

    public static ILoggingBuilder AddSelbstcheckLogFilters(this ILoggingBuilder logging)
    {
        logging.Services.AddSingleton<IPostConfigureOptions<LoggerFilterOptions>, Enforce>();
        return logging;
    }

    /// <summary>
    /// Runs after configuration bound its rules (also after every reload): for each provider named in
    /// any rule, and for none, adds the caps as the most specific rules, so no rule from a settings
    /// file or an environment variable can lower them.
    /// </summary>
    private sealed class Enforce : IPostConfigureOptions<LoggerFilterOptions>
    {
        public void PostConfigure(string? name, LoggerFilterOptions options)
        {
            var configuredRules = options.Rules.ToList();
            var providers = configuredRules.Select(r => r.ProviderName).Distinct().ToList();
            if (!providers.Contains(null)) providers.Add(null);
            foreach (var provider in providers)
            {
                foreach (var category in AtLeastWarning)
                {
                    // The stricter of Warning and what the configuration asks for (e.g. Marten only from Error), fixed once.
                    var minimum = Configured(configuredRules, provider, category) is { } configured && configured > LogLevel.Warning ? configured : LogLevel.Warning;
                    options.Rules.Add(new LoggerFilterRule(provider, category, minimum, null));
                }

                foreach (var category in Never) options.Rules.Add(new LoggerFilterRule(provider, category, LogLevel.None, null));
            }
        }

        /// <summary>The level the configuration gives the category (its most specific rule), if any.</summary>
        private static LogLevel? Configured(IEnumerable<LoggerFilterRule> rules, string? provider, string category) =>
            rules
                .Where(r => r.Filter is null && r.LogLevel is not null && (r.ProviderName is null || r.ProviderName == provider) &&
                            (r.CategoryName is null || category.StartsWith(r.CategoryName, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(r => r.ProviderName is null ? 0 : 1).ThenBy(r => r.CategoryName?.Length ?? 0)
                .LastOrDefault()?.LogLevel;
    }
}
