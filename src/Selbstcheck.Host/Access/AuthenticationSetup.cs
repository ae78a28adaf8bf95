using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Access;

/// <summary>
/// Bearer tokens (JWT) for the API, validated against an OIDC authority or the local key; a
/// cookie for browsers (Hangfire dashboard, later the web UI), set by the sign-in from a valid
/// token. One policy scheme picks: an Authorization header means bearer, otherwise the cookie.
/// </summary>
public static class AuthenticationSetup
{
    public const string Scheme = "selbstcheck";
    public const string CookieName = "__Host-selbstcheck";
    public const string CsrfHeader = "X-CSRF-TOKEN";

    public static IServiceCollection AddSelbstcheckAuthentication(this IServiceCollection services, SelbstcheckSettings settings)
    {
        services.AddSingleton<SigningKeys>();
        services.AddSingleton<UserDirectory>();
        services.AddSingleton<TokenIssuer>();
        services.AddHostedService<SigningKeyRefresh>();
        services.AddSelbstcheckDataProtection();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfHeader;
            o.Cookie.Name = "selbstcheck-csrf";
            // Follows the request: the service itself listens on plain HTTP on loopback; behind a
            // TLS proxy (Selbstcheck:ForwardedHeaders) requests count as HTTPS and the cookie is Secure.
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.SameSite = SameSiteMode.Strict;
        });

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer, Anmelde-Cookie oder Sitzung einer befragten Stelle", o =>
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? JwtBearerDefaults.AuthenticationScheme
                        : RespondentSession.Applies(context.Request)
                            ? RespondentSession.Scheme
                            : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = async context =>
                    {
                        if (context.Principal?.Identity is not ClaimsIdentity identity) return;
                        await ToCallerAsync(identity, settings,
                            context.HttpContext.RequestServices.GetRequiredService<UserDirectory>(), context.HttpContext.RequestAborted);
                    },
                    // Our own 401 body (German ProblemDetails) instead of an empty one.
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await Unauthorized(context.HttpContext, context.AuthenticateFailure is null ? null : "Das Token ist ungültig oder abgelaufen.");
                    },
                };
            })
            .AddCookie(o =>
            {
                o.Cookie.Name = CookieName;
                o.Cookie.HttpOnly = true;
                o.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                // Strict where the session starts on this site (a token); Lax with an identity provider, whose
                // redirect back (a cross-site navigation) must arrive with the session — writes still need the
                // CSRF token (AccessControlMiddleware), and Lax sends no cookie with a cross-site POST.
                o.Cookie.SameSite = settings.Auth.BrowserSignInAtProvider ? SameSiteMode.Lax : SameSiteMode.Strict;
                o.Cookie.Path = "/";
                o.ExpireTimeSpan = TimeSpan.FromHours(settings.Auth.SessionHours);
                o.SlidingExpiration = false;
                o.LoginPath = "/anmelden";
                o.Events.OnRedirectToLogin = context =>
                {
                    if (WantsHtml(context.Request))
                    {
                        context.Response.Redirect(context.RedirectUri);
                        return Task.CompletedTask;
                    }

                    return Unauthorized(context.HttpContext, null);
                };
                o.Events.OnRedirectToAccessDenied = context =>
                    Problems.Write(context.HttpContext, Problems.Create(context.HttpContext, 403, "keine-berechtigung", "Keine Berechtigung"));
            })
            .AddRespondentSession(settings)
            .AddSelbstcheckProviderSignIn(settings);

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<SigningKeys, TimeProvider>((o, keys, clock) =>
            {
                o.TokenValidationParameters = ValidationParameters(settings, keys, clock);
                if (!string.IsNullOrWhiteSpace(settings.Auth.Authority))
                {
                    o.Authority = settings.Auth.Authority;
                    o.RequireHttpsMetadata = settings.Auth.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
                }
            });
        return services;
    }

    /// <summary>
    /// What a token must satisfy: signed by the authority's key (or a valid local key, found by its key
    /// id), for our audience, from the right issuer, not expired; a local token also no longer-lived
    /// than Selbstcheck:Auth:MaxTokenHours.
    /// </summary>
    public static TokenValidationParameters ValidationParameters(SelbstcheckSettings settings, SigningKeys keys, TimeProvider clock)
    {
        var external = !string.IsNullOrWhiteSpace(settings.Auth.Authority);
        var skew = TimeSpan.FromSeconds(30);
        var cap = TimeSpan.FromHours(settings.Auth.MaxTokenHours);
        return new TokenValidationParameters
        {
            ValidateIssuer = true,
            // Providers differ in a trailing slash of their issuer ("https://idp/" or "https://idp"): both name the authority.
            ValidIssuers = external ? [settings.Auth.Authority.TrimEnd('/'), settings.Auth.Authority.TrimEnd('/') + "/"] : [settings.Auth.LocalIssuer],
            ValidateAudience = true,
            ValidAudience = settings.Auth.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = skew,
            NameClaimType = SelbstcheckClaims.Subject,
            RoleClaimType = SelbstcheckClaims.Role,
            IssuerSigningKeyResolver = external ? null : (_, _, keyId, _) => keys.Find(keyId),
            LifetimeValidator = external ? null : (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return notBefore is { } from && expires is { } until
                    && from <= now + skew && until > now - skew && until - from <= cap;
            },
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256],
        };
    }

    /// <summary>
    /// The one mapping from a token's claims to the service's caller, for a bearer token, a token pasted at
    /// sign-in and a sign-in at the identity provider alike: the provider's claim names onto the service's,
    /// and the provider's subject onto the per-person user id of the user directory.
    /// </summary>
    public static async Task ToCallerAsync(ClaimsIdentity identity, SelbstcheckSettings settings, UserDirectory directory, CancellationToken ct)
    {
        NormalizeClaims(identity, settings.Auth);
        // Without a role the token names no caller (refused later): nobody to record in the directory.
        if (string.IsNullOrEmpty(identity.FindFirst(SelbstcheckClaims.Role)?.Value)) return;
        await MapExternalUserAsync(identity, settings, directory, ct);
    }

    /// <summary>Maps an identity provider's claim names onto the service's.</summary>
    public static void NormalizeClaims(ClaimsIdentity identity, AuthSettings auth)
    {
        Copy(auth.RoleClaim, SelbstcheckClaims.Role);
        Copy(auth.KommuneClaim, SelbstcheckClaims.Kommune);
        Copy(auth.PersonClaim, SelbstcheckClaims.Person);
        Copy(auth.PersonalDataClaim, SelbstcheckClaims.PersonalData);
        Copy(auth.UnitClaim, SelbstcheckClaims.Unit);

        void Copy(string from, string to)
        {
            if (from == to || identity.HasClaim(c => c.Type == to)) return;
            var value = identity.FindFirst(from)?.Value;
            if (value is not null) identity.AddClaim(new Claim(to, value));
        }
    }

    /// <summary>
    /// A token of the identity provider names the person by the provider's subject: the user directory
    /// maps it to the stable opaque user id the service records (the display name stays in the directory).
    /// Local tokens carry that id already.
    /// </summary>
    public static async Task MapExternalUserAsync(ClaimsIdentity identity, SelbstcheckSettings settings, UserDirectory directory, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(settings.Auth.Authority)) return;
        var subject = identity.FindFirst(SelbstcheckClaims.Subject);
        if (subject is null || string.IsNullOrEmpty(subject.Value)) return;
        var issuer = identity.FindFirst("iss")?.Value ?? settings.Auth.Authority;
        var name = identity.FindFirst(settings.Auth.NameClaim)?.Value ?? identity.FindFirst("preferred_username")?.Value ?? "";
        var userId = await directory.UserIdOfAsync(UserDirectory.ExternalKey(issuer, subject.Value), name, ct,
            identity.FindFirst(SelbstcheckClaims.Role)?.Value, identity.FindFirst(SelbstcheckClaims.Kommune)?.Value);
        identity.RemoveClaim(subject);
        identity.AddClaim(new Claim(SelbstcheckClaims.Subject, userId));
    }

    /// <summary>POST, PUT, PATCH, DELETE: what changes something (and is limited, and needs CSRF with a cookie).</summary>
    public static bool IsWrite(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    public static bool WantsHtml(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    public static Task Unauthorized(HttpContext context, string? detail)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Problems.Write(context, Problems.Create(context, 401, "nicht-angemeldet", "Nicht angemeldet",
            detail ?? "Für diese Anfrage ist eine Anmeldung nötig (Bearer-Token, Anmelde-Cookie oder Link)."));
    }
}
