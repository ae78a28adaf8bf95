using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Access;

/// <summary>
/// A respondent's browser session: the questionnaire link's key is exchanged for a cookie of its own
/// (scheme <see cref="Scheme"/>, path <see cref="Path"/> only), scoped to exactly that link's respondent —
/// role befragte, the link's id and subject as claims. Its own cookie because the link arrives by mail:
/// a cross-site navigation must bring the session along (SameSite=Lax; the staff's session stays Strict),
/// and the respondent's session reaches no other path of the site.
/// </summary>
public static class RespondentSession
{
    public const string Scheme = "befragung";
    public const string CookieName = "__Secure-selbstcheck-befragung";
    public const string Path = "/befragung";

    /// <summary>The respondent's pages authenticate with the respondent's cookie, nothing else.</summary>
    public static bool Applies(HttpRequest request) => request.Path.StartsWithSegments(Path);

    public static AuthenticationBuilder AddRespondentSession(this AuthenticationBuilder builder, SelbstcheckSettings settings) =>
        builder.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            // Lax: the link is opened from a mail (cross-site); a change still needs the CSRF token.
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.Path = Path;
            o.ExpireTimeSpan = TimeSpan.FromHours(settings.Auth.SessionHours);
            o.SlidingExpiration = false;
            // The access control answers a missing session (a German page); the handler never redirects anywhere.
            o.Events.OnRedirectToLogin = context => AuthenticationSetup.Unauthorized(context.HttpContext, null);
            o.Events.OnRedirectToAccessDenied = context =>
                Problems.Write(context.HttpContext, Problems.Create(context.HttpContext, 403, "keine-berechtigung", "Keine Berechtigung"));
        });

    /// <summary>
    /// Signs the browser in as the link's respondent (never beyond the link's expiry) and redirects (303) to
    /// the same address without the key, so the key stays out of the history, screenshots and logs.
    /// </summary>
    public static async Task ExchangeAsync(HttpContext context, ClaimsPrincipal respondent, DateTimeOffset linkExpires, SelbstcheckSettings settings, TimeProvider clock)
    {
        var sessionEnds = clock.GetUtcNow().AddHours(settings.Auth.SessionHours);
        await context.SignInAsync(Scheme, respondent, new AuthenticationProperties
        {
            IsPersistent = false,
            ExpiresUtc = linkExpires < sessionEnds ? linkExpires : sessionEnds,
        });
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = (context.Request.PathBase + context.Request.Path).ToString();
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
    }

    /// <summary>Ends the respondent's session (its link is no longer valid).</summary>
    public static Task EndAsync(HttpContext context) => context.SignOutAsync(Scheme);
}
