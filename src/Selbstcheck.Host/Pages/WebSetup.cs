using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Pages;

/// <summary>
/// The web interface: server-rendered Razor Pages under the same authentication (the session cookie)
/// and the same access table as the API; KERN UX's CSS and fonts served from wwwroot, nothing from elsewhere.
/// </summary>
public static class WebSetup
{
    public const string SignOutPath = "/abmelden";

    public static IServiceCollection AddSelbstcheckPages(this IServiceCollection services)
    {
        // Whether a value is allowed is the command's decision: no implicit "required" for non-nullable strings.
        services.Configure<MvcOptions>(o => o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true);
        services.AddRazorPages(options =>
        {
            options.Conventions.ConfigureFilter(new UnreadableInputFilter());
            // The access control checks the CSRF token of every change a cookie session sends (header or form field),
            // as for the API, and lets bearer callers through like the API; the framework's own check would refuse
            // those. The demo sign-in (public, so unchecked there) keeps the framework's check.
            options.Conventions.AddFolderApplicationModelConvention("/", model =>
            {
                if (model.ViewEnginePath != "/DemoAnmeldung") model.Filters.Add(new IgnoreAntiforgeryTokenAttribute());
            });
        });
        services.AddHostedService<DemoSignInGuard>();
        return services;
    }

    /// <summary>Static files (KERN UX) before routing: public, no session needed, cached by the browser for a day.</summary>
    public static IApplicationBuilder UseSelbstcheckStaticFiles(this IApplicationBuilder app) =>
        app.UseStaticFiles(new StaticFileOptions
        {
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "public, max-age=86400",
        });

    public static WebApplication MapSelbstcheckPages(this WebApplication app)
    {
        // Pages answer GET; those whose model has a post handler (OnPost…) also POST. Any other method is 405 (never "no rule").
        app.MapRazorPages().Add(endpoint =>
        {
            var page = endpoint.Metadata.OfType<PageActionDescriptor>().FirstOrDefault();
            endpoint.Metadata.Add(new HttpMethodMetadata(page is not null && HasPostHandler(page.ViewEnginePath) ? ["GET", "POST"] : ["GET"]));
        });
        // Sign-out (SignOutPath) is ProviderSignIn.MapSelbstcheckSignOut: here and, with an identity provider, there.
        return app;
    }

    /// <summary>
    /// Whether the page at a view path ("/Kommunen/Aktionsplan") has a post handler: its model is, by the
    /// convention every page here follows, Selbstcheck.Host.Pages.Kommunen.AktionsplanModel.
    /// </summary>
    public static bool HasPostHandler(string viewEnginePath)
    {
        var model = typeof(WebSetup).Assembly.GetType($"{typeof(WebSetup).Namespace}{viewEnginePath.Replace('/', '.')}Model");
        return model?.GetMethods().Any(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)) == true;
    }

    /// <summary>A browser asking for a page (not the API, the dashboard, OpenAPI or health): gets HTML, also for errors.</summary>
    public static bool IsPageRequest(HttpRequest request) =>
        AuthenticationSetup.WantsHtml(request) &&
        !request.Path.StartsWithSegments("/api") && !request.Path.StartsWithSegments("/hangfire") &&
        !request.Path.StartsWithSegments("/openapi") && !request.Path.StartsWithSegments("/health");

    /// <summary>Where a browser without a session signs in: the demo sign-in when it is on, else the token form.</summary>
    public static string SignInPath(SelbstcheckSettings settings, PathString returnTo)
    {
        var page = settings.Auth.DemoSignIn ? DemoUsers.Path : "/anmelden";
        return returnTo.HasValue && returnTo != "/" ? $"{page}?returnUrl={Uri.EscapeDataString(returnTo)}" : page;
    }
}

/// <summary>
/// The demo sign-in only on loopback: refused at start when a configured address is reachable from
/// elsewhere, and checked again against the addresses the server really listens on.
/// </summary>
public sealed class DemoSignInGuard(
    SelbstcheckSettings settings, IConfiguration configuration, IServer server, IHostApplicationLifetime lifetime, ILogger<DemoSignInGuard> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        if (!settings.Auth.DemoSignIn) return Task.CompletedTask;
        Check(ConfiguredAddresses(configuration));
        lifetime.ApplicationStarted.Register(() =>
        {
            var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            if (Refusal(settings, listening) is { } refusal)
            {
                logger.LogCritical("{Reason}", refusal);
                Environment.ExitCode = 78;
                lifetime.StopApplication();
            }
        });
        return Task.CompletedTask;
    }

    private void Check(IEnumerable<string> addresses)
    {
        if (Refusal(settings, addresses) is not { } refusal) return;
        logger.LogCritical("{Reason}", refusal);
        Environment.ExitCode = 78; // EX_CONFIG
        throw new InvalidOperationException(refusal);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Why the demo sign-in is refused for these listening addresses, or null (off, or loopback only).</summary>
    public static string? Refusal(SelbstcheckSettings settings, IEnumerable<string> addresses)
    {
        if (!settings.Auth.DemoSignIn) return null;
        var open = addresses.Where(a => !IsLoopback(a)).ToList();
        return open.Count == 0
            ? null
            : $"Refusing to start: the demo sign-in (Selbstcheck:Auth:DemoSignIn) lets anyone sign in as any demo user, and the service listens on " +
              $"{string.Join(", ", open)} — beyond loopback. Listen on 127.0.0.1 or ::1 only, or switch the demo sign-in off.";
    }

    public static bool IsLoopback(string address)
    {
        var host = address.Contains("://", StringComparison.Ordinal) ? address[(address.IndexOf("://", StringComparison.Ordinal) + 3)..] : address;
        host = host.Split('/')[0];
        if (host.StartsWith('['))
        {
            host = host[1..host.IndexOf(']')];
        }
        else if (host.LastIndexOf(':') is var colon and > 0)
        {
            host = host[..colon];
        }

        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>The addresses configured (urls / ASPNETCORE_URLS, Kestrel endpoints); none: Kestrel's default, localhost.</summary>
    private static IEnumerable<string> ConfiguredAddresses(IConfiguration configuration)
    {
        var urls = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var endpoints = configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"]).OfType<string>();
        return urls.Concat(endpoints);
    }
}
