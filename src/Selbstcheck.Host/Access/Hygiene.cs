using System.Diagnostics;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Access;

/// <summary>Rate limits, security headers and a request log without query strings (link keys) or bodies.</summary>
public static class Hygiene
{
    public static IServiceCollection AddSelbstcheckRateLimits(this IServiceCollection services, SelbstcheckSettings settings)
    {
        var limits = settings.RateLimits;
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = 429;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!limits.Enabled) return RateLimitPartition.GetNoLimiter("off");
                var path = context.Request.Path;
                if (HttpMethods.IsPost(context.Request.Method) && path.StartsWithSegments("/api/session"))
                {
                    var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                    return RateLimitPartition.GetFixedWindowLimiter($"signin:{address}", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.SignInsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    });
                }

                // #14 open survey: opening a round's open survey link may start a response — per client address
                // (kept in memory only, never stored with a response).
                if (HttpMethods.IsGet(context.Request.Method) && path.StartsWithSegments("/befragung/offen"))
                {
                    var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                    return RateLimitPartition.GetFixedWindowLimiter($"offen:{address}", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = settings.OpenSurvey.StartsPerMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    });
                }

                // Probes of the platform (load balancer, orchestrator) are never limited.
                if (path.StartsWithSegments("/health")) return RateLimitPartition.GetNoLimiter("health");
                var caller = Caller.From(context.User);
                // #14: the responses of one open survey link share its actor id: each response has a budget of its own.
                var user = caller is { Role: Workflow.Common.Roles.Befragte, LinkSubject: { } subject } ? $"{caller.UserId}/{subject}" : caller?.UserId;
                if (AuthenticationSetup.IsWrite(context.Request.Method))
                {
                    return PerMinute($"write:{user ?? $"ip:{context.Connection.RemoteIpAddress}"}", limits.WritesPerMinute);
                }

                // Reads: per user (a token, a sign-in, a link); without credentials per client address.
                return caller is not null
                    ? PerMinute($"read:{user}", limits.ReadsPerMinute)
                    : PerMinute($"read:ip:{context.Connection.RemoteIpAddress?.ToString() ?? "unknown"}", limits.AnonymousReadsPerMinute);
            });
            o.OnRejected = async (rejected, ct) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(10);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.Write(context, Problems.Create(context, 429, "zu-viele-anfragen", "Zu viele Anfragen",
                    $"Bitte in {seconds} Sekunden erneut versuchen."));
            };
        });
        return services;
    }

    /// <summary>A token bucket of <paramref name="perMinute"/> requests with a burst of the same size, refilled every 10 s.</summary>
    private static RateLimitPartition<string> PerMinute(string partition, int perMinute) =>
        RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = Math.Max(1, perMinute / 6),
            ReplenishmentPeriod = TimeSpan.FromSeconds(10),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    /// <summary>Headers for every response; pages get a policy that allows their own scripts and styles only.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var formTargets = FormTargets(app.ApplicationServices.GetRequiredService<SelbstcheckSettings>());
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var h = context.Response.Headers;
                h.XContentTypeOptions = "nosniff";
                h.XFrameOptions = "DENY";
                h["Referrer-Policy"] = "no-referrer"; // link keys live in URLs: never pass them on
                h["Cross-Origin-Opener-Policy"] = "same-origin";
                h["Cross-Origin-Resource-Policy"] = "same-origin";
                h["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                // Hangfire's dashboard brings inline scripts and styles; nothing else does.
                var page = context.Request.Path.StartsWithSegments("/hangfire");
                // The web pages (#13) and the token form: own styles, fonts and scripts only — no inline script or style, no eval.
                var webPage = (!page && context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                               && !context.Request.Path.StartsWithSegments("/api")) || context.Request.Path.StartsWithSegments("/anmelden");
                h.ContentSecurityPolicy = page
                    ? $"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action {formTargets}"
                    : webPage
                        ? $"default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; img-src 'self' data:; form-action {formTargets}; frame-ancestors 'none'; base-uri 'none'"
                        : "default-src 'none'; frame-ancestors 'none'";
                if (context.Request.Path.StartsWithSegments("/api")) h.CacheControl = "no-store";
                if (context.Request.IsHttps) h.StrictTransportSecurity = "max-age=31536000";
                return Task.CompletedTask;
            });
            return next(context);
        });
    }

    /// <summary>
    /// Where a page's forms may lead: this site, and the identity provider when there is one — the sign-out
    /// form's answer redirects there, and browsers apply form-action to that redirect too.
    /// </summary>
    public static string FormTargets(SelbstcheckSettings settings) =>
        settings.Auth.BrowserSignInAtProvider && Uri.TryCreate(settings.Auth.Authority, UriKind.Absolute, out var authority)
            ? $"'self' {authority.GetLeftPart(UriPartial.Authority)}"
            : "'self'";

    /// <summary>One line per request: method, path without query, status, duration, user id, correlation id.</summary>
    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Selbstcheck.Requests");
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("{Method} {Path} → {Status} in {Elapsed:F1} ms, user {UserId}, correlation {CorrelationId}",
                        context.Request.Method, context.Request.Path, context.Response.StatusCode,
                        Stopwatch.GetElapsedTime(started).TotalMilliseconds, Caller.From(context.User)?.UserId ?? "anonym",
                        Correlation.Get(context));
                }
            }
        });
    }
}
