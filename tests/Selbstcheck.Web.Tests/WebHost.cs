using System.Net;
using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Demo;
using Selbstcheck.Host.Pages;
using Selbstcheck.Projections.FacilitatorBoard;
using Selbstcheck.Tests.Shared;

namespace Selbstcheck.Web.Tests;

/// <summary>
/// The host on a real Kestrel port on loopback (a browser cannot reach the in-memory test server), set up as
/// the other test projects' hosts, with the demo sign-in on and the demo loaded: Dessau-Roßlau and Beispielstadt.
/// One per test process (Hangfire keeps process-wide state).
/// </summary>
public static class WebHost
{
    private static readonly Lazy<Task<string>> Started = new(StartAsync);

    /// <summary>The address the browser opens, e.g. http://127.0.0.1:41234.</summary>
    public static Task<string> Address => Started.Value;

    /// <summary>
    /// An API client with a bearer token of the role (and subject: the Kommune or the person), for arranging what a
    /// flow starts from through the API itself, e.g. <c>await (await WebHost.ApiAsync("kommune", "x")).PostAsJsonAsync(…)</c>.
    /// </summary>
    public static async Task<HttpClient> ApiAsync(string role, string? subject = null, bool personalData = false)
    {
        var client = new HttpClient { BaseAddress = new Uri(await Address) };
        var token = await _services!.GetRequiredService<TokenIssuer>()
            .IssueAsync(role, subject, TimeSpan.FromHours(1), TestHost.UserLabel(role, subject), personalData);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The host's services (after <see cref="Address"/> was awaited).</summary>
    public static IServiceProvider Services => _services ?? throw new InvalidOperationException("Await WebHost.Address first.");

    private static IServiceProvider? _services;

    private static Action? _stop;

    /// <summary>Stops the host if it was started (at the end of the run, before its temp folder goes).</summary>
    internal static void Stop() => Interlocked.Exchange(ref _stop, null)?.Invoke();

    private sealed class Factory : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            TestHost.Configure(builder);
            // The console only from warnings up: one line per request would drown the test output.
            builder.ConfigureLogging(logging => logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning));
        }
    }

    private static async Task<string> StartAsync()
    {
        JasperFxEnvironment.AutoStartHost = true;
        await TestHost.PrepareAsync();
        var factory = new Factory();
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var services = factory.Services;
        _services = services;
        _stop = () =>
        {
            // The PDF renderer's Chromium first and on its own (its profile lives in the run's temp folder, removed next:
            // a browser whose profile is gone outlives the run and spins), then the host.
            services.GetRequiredService<Selbstcheck.Host.Reports.PdfRenderer>().DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
            factory.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        };

        await services.GetRequiredService<DemoLoader>().LoadAsync(CancellationToken.None);
        await services.GetRequiredService<LiveDemo>().EnsureAsync(Guid.Parse(DemoUsers.Facilitator), CancellationToken.None);
        // #14 benchmark: the synthetic Kommunen, so the Vergleich page shows a distribution.
        await services.GetRequiredService<SyntheticKommunen>().EnsureAsync(CancellationToken.None);
        // The facilitator board is an async projection: wait until it shows both demo Kommunen.
        var store = services.GetRequiredService<IDocumentStore>();
        for (var waited = 0; waited < 300; waited++)
        {
            await using var session = store.QuerySession();
            if (await session.Query<FacilitatorBoardEntry>().CountAsync(e => e.FacilitatorId == Guid.Parse(DemoUsers.Facilitator)) >= 2) break;
            await Task.Delay(100);
        }

        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return address.TrimEnd('/');
    }
}
