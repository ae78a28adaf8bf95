using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Access;

/// <summary>
/// Browser sign-in at the identity provider (Selbstcheck:Auth:Authority and ClientId set): the framework's
/// OpenID Connect handler, authorization code flow with PKCE. The provider's claims become the caller by
/// the same mapping as a bearer token's (<see cref="AuthenticationSetup.ToCallerAsync"/>); the session is
/// the service's cookie, SameSite=Lax so that the provider's redirect back arrives with it.
/// </summary>
public static class ProviderSignIn
{
    public const string Scheme = "identitaetsanbieter";
    public const string CallbackPath = "/signin-oidc";
    public const string SignedOutCallbackPath = "/signout-callback-oidc";

    /// <summary>The claims a session cookie keeps: what <see cref="Caller"/> reads, nothing else of the provider's.</summary>
    private static readonly HashSet<string> SessionClaims =
        [SelbstcheckClaims.Subject, SelbstcheckClaims.Role, SelbstcheckClaims.Kommune, SelbstcheckClaims.Person, SelbstcheckClaims.PersonalData, SelbstcheckClaims.Unit];

    public static AuthenticationBuilder AddSelbstcheckProviderSignIn(this AuthenticationBuilder builder, SelbstcheckSettings settings)
    {
        var auth = settings.Auth;
        if (!auth.BrowserSignInAtProvider) return builder;
        return builder.AddOpenIdConnect(Scheme, "Identitätsanbieter", o =>
        {
            o.Authority = auth.Authority;
            o.RequireHttpsMetadata = auth.Authority.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            o.ClientId = auth.ClientId;
            o.ClientSecret = string.IsNullOrEmpty(auth.ClientSecret) ? null : auth.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            // The answer comes back as a top-level GET (query), not as a cross-site POST (form_post): a browser
            // sends SameSite=Lax cookies — the handler's correlation and nonce cookies — only with the former.
            // With form_post they would have to be SameSite=None, which browsers drop on plain-HTTP loopback.
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.CorrelationCookie.SameSite = SameSiteMode.Lax;
            o.NonceCookie.SameSite = SameSiteMode.Lax;
            o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.Always;
            o.NonceCookie.SecurePolicy = CookieSecurePolicy.Always;
            o.CallbackPath = CallbackPath;
            o.SignedOutCallbackPath = SignedOutCallbackPath;
            o.SignedOutRedirectUri = "/";
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.MapInboundClaims = false;
            o.GetClaimsFromUserInfoEndpoint = true;
            // Kept for the sign-out at the provider (id_token_hint); the access token is not kept (see OnTicketReceived).
            o.SaveTokens = true;
            o.Scope.Clear();
            o.Scope.Add("openid");
            foreach (var scope in auth.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!o.Scope.Contains(scope)) o.Scope.Add(scope);
            }

            o.TokenValidationParameters.NameClaimType = SelbstcheckClaims.Subject;
            o.TokenValidationParameters.RoleClaimType = SelbstcheckClaims.Role;
            // The service's claims also when the provider sends them from its userinfo endpoint (not in the ID token).
            foreach (var claim in new[] { auth.RoleClaim, auth.KommuneClaim, auth.PersonClaim, auth.PersonalDataClaim, auth.NameClaim, auth.UnitClaim })
            {
                o.ClaimActions.MapUniqueJsonKey(claim, claim);
            }

            o.Events = new OpenIdConnectEvents
            {
                OnTicketReceived = async context =>
                {
                    if (context.Principal?.Identity is not ClaimsIdentity identity)
                    {
                        context.Fail("no identity");
                        return;
                    }

                    await AuthenticationSetup.ToCallerAsync(identity, settings,
                        context.HttpContext.RequestServices.GetRequiredService<UserDirectory>(), context.HttpContext.RequestAborted);
                    var session = new ClaimsPrincipal(new ClaimsIdentity(identity.Claims.Where(c => SessionClaims.Contains(c.Type)),
                        identity.AuthenticationType, SelbstcheckClaims.Subject, SelbstcheckClaims.Role));
                    if (Caller.From(session) is null)
                    {
                        Log(context.HttpContext).LogWarning("Sign-in at the identity provider refused: no role claim ({RoleClaim})", auth.RoleClaim);
                        context.HandleResponse();
                        await Problems.Write(context.HttpContext, Problems.Create(context.HttpContext, 403, "keine-rolle", "Keine Rolle",
                            $"Der Identitätsanbieter hat für diese Person keine Rolle im Selbstcheck übermittelt (Anspruch \"{auth.RoleClaim}\")."));
                        return;
                    }

                    context.Principal = session;
                    if (context.Properties is { } properties)
                    {
                        var idToken = properties.GetTokenValue(OpenIdConnectParameterNames.IdToken);
                        properties.StoreTokens(idToken is null ? [] : [new AuthenticationToken { Name = OpenIdConnectParameterNames.IdToken, Value = idToken }]);
                        properties.IsPersistent = false;
                        properties.ExpiresUtc = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddHours(auth.SessionHours);
                        properties.RedirectUri = SignIn.SafeReturnUrl(properties.RedirectUri) ?? "/";
                    }
                },
                // A forged or stale answer (wrong state, missing correlation cookie, an error from the provider):
                // a German problem instead of the framework's exception page or a 500.
                OnRemoteFailure = async context =>
                {
                    context.HandleResponse();
                    Log(context.HttpContext).LogWarning("Sign-in at the identity provider refused: {Reason}", context.Failure?.Message);
                    await Problems.Write(context.HttpContext, Problems.Create(context.HttpContext, 400, "anmeldung-fehlgeschlagen", "Anmeldung fehlgeschlagen",
                        "Die Antwort des Identitätsanbieters gehört zu keiner Anmeldung aus diesem Browser (abgelaufen, abgebrochen oder gefälscht). Bitte erneut anmelden."));
                },
            };
        });
    }

    private static ILogger Log(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProviderSignIn));

    /// <summary>Why the sign-in settings cannot work, or null: a client id or secret without the provider they belong to.</summary>
    public static string? Refusal(AuthSettings auth) =>
        !string.IsNullOrWhiteSpace(auth.ClientId) && string.IsNullOrWhiteSpace(auth.Authority)
            ? "Selbstcheck:Auth:ClientId is set, but no identity provider (Selbstcheck:Auth:Authority): set the provider's issuer URL, or remove the client id."
            : !string.IsNullOrWhiteSpace(auth.ClientSecret) && string.IsNullOrWhiteSpace(auth.ClientId)
                ? "Selbstcheck:Auth:ClientSecret is set without Selbstcheck:Auth:ClientId: set the client id the secret belongs to."
                : null;

    /// <summary>Sends the browser to the identity provider; back at RETURNURL (a local address) once signed in.</summary>
    public static IResult Challenge(string? returnUrl) =>
        Results.Challenge(new AuthenticationProperties { RedirectUri = SignIn.SafeReturnUrl(returnUrl) ?? "/" }, [Scheme]);

    /// <summary>
    /// POST /abmelden (a form with its antiforgery token, checked by the access control like every cookie write):
    /// ends the session here and, with an identity provider, at the provider too (its end-session endpoint, with
    /// the ID token as hint), which then sends the browser back to the site.
    /// </summary>
    public static WebApplication MapSelbstcheckSignOut(this WebApplication app)
    {
        app.MapPost("/abmelden", async (HttpContext context, SelbstcheckSettings settings) =>
        {
            var viaCookie = !context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
            if (settings.Auth.BrowserSignInAtProvider && viaCookie)
            {
                // First the provider: its handler reads the ID token from this request's session and redirects there.
                await context.SignOutAsync(Scheme, new AuthenticationProperties { RedirectUri = "/" });
            }
            else
            {
                context.Response.Redirect("/");
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }).ExcludeFromDescription();
        return app;
    }
}
