using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.Routing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Access;

/// <summary>
/// Browser sign-in: a valid bearer token (from ops/token or the identity provider) is exchanged
/// for a secure, HTTP-only, SameSite=Strict cookie; changes made with the cookie need the CSRF
/// token this returns. A small German form at /anmelden does the same for people.
/// </summary>
public static class SignIn
{
    public sealed record SessionRequest(string? Token);

    public sealed record SessionInfo(string UserId, string Role, string? KommuneId, Guid? PersonId, bool PersonalData, string? CsrfToken);

    public static WebApplication MapSelbstcheckSignIn(this WebApplication app)
    {
        app.MapGet("/anmelden", (HttpContext context, IAntiforgery antiforgery, SelbstcheckSettings settings, string? returnUrl, string? fehler) =>
        {
            // With an identity provider, people sign in there (API clients still exchange tokens at /api/session).
            if (settings.Auth.BrowserSignInAtProvider) return ProviderSignIn.Challenge(returnUrl);

            // The form carries an antiforgery token (login CSRF: no other site can sign a browser in as someone else).
            var tokens = antiforgery.GetAndStoreTokens(context);
            return Results.Content(Page(SafeReturnUrl(returnUrl), fehler is not null, tokens), "text/html; charset=utf-8");
        }).ExcludeFromDescription();

        app.MapPost("/api/session", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            var form = context.Request.HasFormContentType;
            string? token;
            string? returnUrl = null;
            if (form)
            {
                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    await Problems.Write(context, Problems.Create(context, 400, "anmeldeformular-ungueltig", "Anmeldeformular ungültig",
                        "Das Anmeldeformular ist abgelaufen oder stammt nicht von dieser Seite. Bitte die Anmeldeseite neu laden."));
                    return;
                }

                var values = await context.Request.ReadFormAsync(context.RequestAborted);
                token = values["token"];
                returnUrl = SafeReturnUrl(values["returnUrl"]);
            }
            else
            {
                // JSON only (a cross-site form cannot send it without CORS); the form above has its antiforgery token.
                if (!context.Request.HasJsonContentType())
                {
                    await Problems.Write(context, Problems.Create(context, 415, "falscher-inhaltstyp", "Falscher Inhaltstyp",
                        "Die Anmeldung erwartet application/json mit dem Token, oder das Anmeldeformular."));
                    return;
                }

                var body = await context.Request.ReadFromJsonAsync<SessionRequest>(context.RequestAborted);
                token = body?.Token;
            }

            var principal = await SignInWithTokenAsync(context, token);
            if (principal is null)
            {
                if (form)
                {
                    context.Response.Redirect($"/anmelden?fehler=1&returnUrl={Uri.EscapeDataString(returnUrl ?? DefaultReturnUrl)}");
                    return;
                }

                await AuthenticationSetup.Unauthorized(context, "Das Token ist ungültig oder abgelaufen.");
                return;
            }

            var csrf = antiforgery.GetAndStoreTokens(context).RequestToken;
            if (form)
            {
                context.Response.Redirect(returnUrl ?? DefaultReturnUrl);
                return;
            }

            await context.Response.WriteAsJsonAsync(Info(principal, csrf), context.RequestAborted);
        }).ExcludeFromDescription();

        app.MapDelete("/api/session", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            context.Response.StatusCode = (int)HttpStatusCode.NoContent;
        }).ExcludeFromDescription();

        app.MapGet("/api/me", (HttpContext context, IAntiforgery antiforgery) =>
        {
            var viaCookie = !context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
            var csrf = viaCookie && context.User.Identity?.AuthenticationType != "link" ? antiforgery.GetAndStoreTokens(context).RequestToken : null;
            return Results.Ok(Info(context.User, csrf));
        }).WithTags("Zugang");

        return app;
    }

    /// <summary>
    /// Validates TOKEN exactly as the bearer handler does and, when valid, signs the browser in with the
    /// session cookie (never beyond the token's expiry): the one way a browser session starts, used by
    /// the token form and the demo sign-in alike. Null when the token is invalid.
    /// </summary>
    public static async Task<ClaimsPrincipal?> SignInWithTokenAsync(HttpContext context, string? token)
    {
        var services = context.RequestServices;
        var settings = services.GetRequiredService<SelbstcheckSettings>();
        var jwt = services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var principal = await Validate(token, jwt, settings, services.GetRequiredService<UserDirectory>(), context.RequestAborted);
        if (principal is null) return null;
        var tokenExpires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(principal.FindFirstValue("exp") ?? "0"));
        var sessionEnds = DateTimeOffset.UtcNow.AddHours(settings.Auth.SessionHours);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties
        {
            IsPersistent = false,
            ExpiresUtc = tokenExpires < sessionEnds ? tokenExpires : sessionEnds,
        });
        context.User = principal;
        return principal;
    }

    private static SessionInfo Info(ClaimsPrincipal user, string? csrf)
    {
        var caller = Caller.From(user)!;
        return new SessionInfo(caller.UserId, caller.Role, caller.KommuneId, caller.PersonId, caller.PersonalData, csrf);
    }

    /// <summary>Validates a token exactly as the bearer handler does; null when invalid.</summary>
    private static async Task<ClaimsPrincipal?> Validate(string? token, JwtBearerOptions options, SelbstcheckSettings settings, UserDirectory users, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 8192) return null;
        var parameters = options.TokenValidationParameters.Clone();
        if (options.ConfigurationManager is not null)
        {
            var config = await options.ConfigurationManager.GetConfigurationAsync(ct);
            if (config is OpenIdConnectConfiguration oidc) parameters.IssuerSigningKeys = oidc.SigningKeys;
        }

        var result = await new JsonWebTokenHandler { MapInboundClaims = false }.ValidateTokenAsync(token, parameters);
        if (!result.IsValid) return null;
        var identity = new ClaimsIdentity(result.ClaimsIdentity.Claims, CookieAuthenticationDefaults.AuthenticationScheme,
            SelbstcheckClaims.Subject, SelbstcheckClaims.Role);
        await AuthenticationSetup.ToCallerAsync(identity, settings, users, ct);
        var principal = new ClaimsPrincipal(identity);
        return Caller.From(principal) is null ? null : principal;
    }

    /// <summary>Where a sign-in without a (safe) return address leads: the start, which sends each role to its page.</summary>
    private const string DefaultReturnUrl = "/";

    private static readonly IUrlHelper LocalUrls =
        new UrlHelper(new ActionContext(new DefaultHttpContext(), new RouteData(), new ActionDescriptor()));

    /// <summary>
    /// A return URL only when the framework's local-URL check accepts it (no "//", "/\\", scheme or
    /// control character such as a tab, which browsers drop); "~/x" becomes "/x". Anything else: none.
    /// </summary>
    public static string? SafeReturnUrl(string? url) =>
        url is { Length: > 0 } && LocalUrls.IsLocalUrl(url) ? (url.StartsWith("~/", StringComparison.Ordinal) ? url[1..] : url) : null;

    private static string Page(string? returnUrl, bool failed, AntiforgeryTokenSet tokens) => $$"""
        <!DOCTYPE html>
        <html lang="de">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>Anmelden – Selbstcheck Weltoffene Kommune</title>
          <link rel="stylesheet" href="/kern/kern.min.css">
          <link rel="stylesheet" href="/kern/fonts/fira-sans.css">
          <link rel="stylesheet" href="/css/selbstcheck.css">
          <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        </head>
        <body>
          <a class="sc-skip" href="#inhalt">Zum Inhalt springen</a>
          <main id="inhalt" class="kern-container sc-main sc-narrow" tabindex="-1">
            <h1 class="kern-heading-large">Anmelden</h1>
            <p class="kern-body">Selbstcheck „Weltoffene Kommune“. Bitte das Zugangs-Token einfügen (lokal: <code>ops/token programmteam</code>).</p>
            {{(failed ? "<div class=\"kern-alert kern-alert--danger sc-alert\" role=\"alert\"><div class=\"kern-alert__header\"><span class=\"kern-title\">Das Token ist ungültig oder abgelaufen.</span></div></div>" : "")}}
            <form method="post" action="/api/session">
              <div class="kern-form-input">
                <label class="kern-label" for="token">Zugangs-Token</label>
                <textarea class="kern-form-input__input sc-token" id="token" name="token" required autocomplete="off"></textarea>
              </div>
              <input type="hidden" name="returnUrl" value="{{WebUtility.HtmlEncode(returnUrl ?? DefaultReturnUrl)}}">
              <input type="hidden" name="{{WebUtility.HtmlEncode(tokens.FormFieldName)}}" value="{{WebUtility.HtmlEncode(tokens.RequestToken)}}">
              <button type="submit" class="kern-btn kern-btn--primary"><span class="kern-label">Anmelden</span></button>
            </form>
          </main>
        </body>
        </html>
        """;
}
