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
        services.AddSingleton<LocalSigningKey>();
        services.AddSingleton<TokenIssuer>();
        services.AddHostedService<SigningKeyWarmup>();
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
            .AddPolicyScheme(Scheme, "Bearer oder Anmelde-Cookie", o =>
                o.ForwardDefaultSelector = context =>
                    context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? JwtBearerDefaults.AuthenticationScheme
                        : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (context.Principal?.Identity is ClaimsIdentity identity) NormalizeClaims(identity, settings.Auth);
                        return Task.CompletedTask;
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
                o.Cookie.SameSite = SameSiteMode.Strict;
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
            });

        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<LocalSigningKey>((o, key) =>
            {
                o.TokenValidationParameters = ValidationParameters(settings, key);
                if (!string.IsNullOrWhiteSpace(settings.Auth.Authority))
                {
                    o.Authority = settings.Auth.Authority;
                    o.RequireHttpsMetadata = settings.Auth.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
                }
            });
        return services;
    }

    /// <summary>What a token must satisfy: signed by the authority's (or the local) key, for our audience, from the right issuer, not expired.</summary>
    public static TokenValidationParameters ValidationParameters(SelbstcheckSettings settings, LocalSigningKey key)
    {
        var external = !string.IsNullOrWhiteSpace(settings.Auth.Authority);
        return new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidIssuer = external ? settings.Auth.Authority.TrimEnd('/') : settings.Auth.LocalIssuer,
            ValidateAudience = true,
            ValidAudience = settings.Auth.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = SelbstcheckClaims.Subject,
            RoleClaimType = SelbstcheckClaims.Role,
            IssuerSigningKeyResolver = external ? null : (_, _, _, _) => [key.Get()],
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.RsaSsaPssSha256],
        };
    }

    /// <summary>Maps an identity provider's claim names onto the service's.</summary>
    public static void NormalizeClaims(ClaimsIdentity identity, AuthSettings auth)
    {
        Copy(auth.RoleClaim, SelbstcheckClaims.Role);
        Copy(auth.KommuneClaim, SelbstcheckClaims.Kommune);
        Copy(auth.PersonClaim, SelbstcheckClaims.Person);
        Copy(auth.PersonalDataClaim, SelbstcheckClaims.PersonalData);

        void Copy(string from, string to)
        {
            if (from == to || identity.HasClaim(c => c.Type == to)) return;
            var value = identity.FindFirst(from)?.Value;
            if (value is not null) identity.AddClaim(new Claim(to, value));
        }
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

    private sealed class SigningKeyWarmup(LocalSigningKey key, SelbstcheckSettings settings) : IHostedService
    {
        public async Task StartAsync(CancellationToken ct)
        {
            if (string.IsNullOrWhiteSpace(settings.Auth.Authority)) await key.GetAsync(ct);
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
