using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Selbstcheck.Security.Tests.Provider;

/// <summary>A person known to the test provider, with the claims it hands out (named as the service is configured).</summary>
public sealed record ProviderUser(string Subject, string Name, string Role, string? Kommune);

/// <summary>
/// A real OpenID Connect provider for the sign-in tests: OpenIddict's server on a loopback port, in this
/// process, with authorization (code flow, PKCE required), token, userinfo and end-session endpoints,
/// ephemeral keys and no database (degraded mode: the clients and redirect addresses are checked here).
/// Its own sign-in is a cookie set by a one-field login form; the counters tell the tests what happened.
/// Addressed as "localhost" while the service is "127.0.0.1": two sites, as a browser sees them.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string WebClientId = "selbstcheck-web";
    public const string WebClientSecret = "web-geheimnis-nur-fuer-tests";
    /// <summary>A public client: no secret, PKCE alone binds the code to the browser that asked for it.</summary>
    public const string PublicClientId = "selbstcheck-web-oeffentlich";
    public const string ApiClientId = "selbstcheck-api-client";
    public const string ApiClientSecret = "api-geheimnis-nur-fuer-tests";
    public const string RoleClaim = "selbstcheck_rolle";
    public const string KommuneClaim = "gemeinde";

    private const string LoginScheme = "idp-login";
    private WebApplication _app = null!;

    /// <summary>The issuer, e.g. http://localhost:41234/ (the service's Selbstcheck:Auth:Authority).</summary>
    public Uri Issuer { get; private set; } = null!;

    /// <summary>Where the service expects the provider's answers: set before a sign-in.</summary>
    public string ServiceAddress { get; set; } = "";

    public ConcurrentDictionary<string, ProviderUser> Users { get; } = new(StringComparer.Ordinal);

    /// <summary>Every authorization request's query, as received.</summary>
    public ConcurrentQueue<string> AuthorizationRequests { get; } = new();

    /// <summary>Every token request's parameters.</summary>
    public ConcurrentQueue<OpenIddictRequest> TokenRequests { get; } = new();

    /// <summary>Every end-session request's parameters.</summary>
    public ConcurrentQueue<OpenIddictRequest> EndSessionRequests { get; } = new();

    private int _loginFormsShown;

    /// <summary>How often the provider asked someone to sign in (its login form).</summary>
    public int LoginFormsShown => Volatile.Read(ref _loginFormsShown);

    public static async Task<TestIdentityProvider> StartAsync()
    {
        var provider = new TestIdentityProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(LoginScheme).AddCookie(LoginScheme, o => o.Cookie.Name = "idp-sitzung");
        builder.Services.AddOpenIddict().AddServer(o =>
        {
            o.SetAuthorizationEndpointUris("connect/authorize")
                .SetTokenEndpointUris("connect/token")
                .SetUserInfoEndpointUris("connect/userinfo")
                .SetEndSessionEndpointUris("connect/endsession");
            o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
            o.AllowClientCredentialsFlow();
            o.RegisterScopes(Scopes.OpenId, Scopes.Profile);
            o.AddEphemeralEncryptionKey().AddEphemeralSigningKey();
            // Access tokens as signed JWTs the service validates as bearer tokens (not encrypted for the provider itself).
            o.DisableAccessTokenEncryption();
            o.EnableDegradedMode();
            // Degraded mode: the provider has no client store, so its clients and their addresses are checked here.
            o.AddEventHandler<ValidateAuthorizationRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.ClientId is not (WebClientId or PublicClientId)) context.Reject(Errors.InvalidClient, "unknown client");
                else if (context.RedirectUri != provider.ServiceAddress + "/signin-oidc") context.Reject(Errors.InvalidRequest, "redirect_uri not registered");
                return default;
            }));
            o.AddEventHandler<ValidateTokenRequestContext>(h => h.UseInlineHandler(context =>
            {
                var (id, secret) = (context.Request.ClientId, context.Request.ClientSecret);
                provider.TokenRequests.Enqueue(context.Request);
                var known = (id == WebClientId && secret == WebClientSecret) || (id == ApiClientId && secret == ApiClientSecret)
                    || (id == PublicClientId && secret is null && context.Request.IsAuthorizationCodeGrantType());
                if (!known) context.Reject(Errors.InvalidClient, "client authentication failed");
                else if (context.Request.IsClientCredentialsGrantType() && id != ApiClientId) context.Reject(Errors.UnauthorizedClient, "no client credentials for this client");
                return default;
            }));
            o.AddEventHandler<ValidateEndSessionRequestContext>(h => h.UseInlineHandler(context =>
            {
                if (context.PostLogoutRedirectUri is { } uri && uri != provider.ServiceAddress + "/signout-callback-oidc")
                {
                    context.Reject(Errors.InvalidRequest, "post_logout_redirect_uri not registered");
                }

                return default;
            }));
            o.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough()
                .EnableUserInfoEndpointPassthrough()
                .EnableEndSessionEndpointPassthrough()
                .DisableTransportSecurityRequirement();
        });

        var app = builder.Build();
        provider._app = app;
        provider.MapEndpoints();
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        provider.Issuer = new Uri($"http://localhost:{port}/");
        return provider;
    }

    private void MapEndpoints()
    {
        _app.MapMethods("/connect/authorize", ["GET", "POST"], async (HttpContext context) =>
        {
            AuthorizationRequests.Enqueue(context.Request.QueryString.Value ?? "");
            var request = context.GetOpenIddictServerRequest()!;
            var login = await context.AuthenticateAsync(LoginScheme);
            if (!login.Succeeded || !Users.TryGetValue(login.Principal!.Identity!.Name!, out var user))
            {
                Interlocked.Increment(ref _loginFormsShown);
                var back = WebUtility.HtmlEncode(context.Request.Path + context.Request.QueryString);
                return Results.Content($"""
                    <!DOCTYPE html><html lang="de"><body><h1>Anmelden beim Identitätsanbieter</h1>
                    <form method="post" action="/login"><input name="benutzer"><input name="zurueck" type="hidden" value="{back}"><button>Anmelden</button></form>
                    </body></html>
                    """, "text/html; charset=utf-8");
            }

            // The ID token carries the subject and the role; Kommune and name come from the userinfo endpoint only.
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, RoleClaim);
            identity.SetClaim(Claims.Subject, user.Subject).SetClaim(RoleClaim, user.Role);
            identity.SetScopes(request.GetScopes());
            identity.SetResources("selbstcheck");
            identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });

        _app.MapPost("/login", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var name = form["benutzer"].ToString();
            await context.SignInAsync(LoginScheme, new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], LoginScheme)));
            return Results.Redirect(form["zurueck"].ToString());
        });

        _app.MapPost("/connect/token", async (HttpContext context) =>
        {
            var request = context.GetOpenIddictServerRequest()!;
            if (request.IsAuthorizationCodeGrantType())
            {
                var code = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
                return Results.SignIn(code.Principal!, null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            }

            // An API client of the programme team (machine to machine).
            var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, RoleClaim);
            identity.SetClaim(Claims.Subject, request.ClientId).SetClaim(RoleClaim, "programmteam").SetClaim(Claims.Name, "API-Client");
            identity.SetResources("selbstcheck");
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return Results.SignIn(new ClaimsPrincipal(identity), null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        });

        _app.MapMethods("/connect/userinfo", ["GET", "POST"], async (HttpContext context) =>
        {
            var token = await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            var subject = token.Principal?.GetClaim(Claims.Subject);
            var user = Users.Values.FirstOrDefault(u => u.Subject == subject);
            if (user is null) return Results.Challenge(authenticationSchemes: [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
            var claims = new Dictionary<string, object?> { [Claims.Subject] = user.Subject, [Claims.Name] = user.Name, [RoleClaim] = user.Role };
            if (user.Kommune is not null) claims[KommuneClaim] = user.Kommune;
            return Results.Json(claims);
        });

        _app.MapMethods("/connect/endsession", ["GET", "POST"], async (HttpContext context) =>
        {
            EndSessionRequests.Enqueue(context.GetOpenIddictServerRequest()!);
            await context.SignOutAsync(LoginScheme);
            return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
