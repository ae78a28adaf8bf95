using JasperFx.Events.Daemon;
using Marten;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// /health/live: the process answers. /health/ready: this node can serve requests — the database
/// is reachable, the schema is applied (by this node at start, or by another node before it), and,
/// where this node runs the async daemon, the daemon has started. Readiness does not depend on the
/// demo import or on projection lag, so it holds during the import and on a second node.
/// </summary>
public static class Health
{
    public static IServiceCollection AddSelbstcheckHealth(this IServiceCollection services)
    {
        services.AddSingleton<StartupState>();
        services.AddHealthChecks()
            .AddCheck<DatabaseCheck>("database", tags: ["ready"])
            .AddCheck<DaemonCheck>("daemon", tags: ["ready"])
            .AddCheck<DemoCheck>("demo", tags: ["ready"]);
        return services;
    }

    public static WebApplication MapSelbstcheckHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write })
            .WithMetadata(new HttpMethodMetadata(["GET"]));
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = Write })
            .WithMetadata(new HttpMethodMetadata(["GET"]));
        return app;
    }

    private static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }

    private sealed class DatabaseCheck(IDocumentStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            try
            {
                await using var session = store.QuerySession();
                var connection = (NpgsqlConnection)session.Connection!;
                await using var cmd = new NpgsqlCommand(
                    "select count(*) from information_schema.tables where table_schema = @schema and table_name = 'mt_events'",
                    connection);
                cmd.Parameters.AddWithValue("schema", StorageSetup.Schema);
                var tables = Convert.ToInt64(await cmd.ExecuteScalarAsync(ct));
                return tables == 1
                    ? HealthCheckResult.Healthy("erreichbar, Schema angelegt")
                    : HealthCheckResult.Unhealthy("Schema fehlt");
            }
            catch (Exception e)
            {
                return HealthCheckResult.Unhealthy("Datenbank nicht erreichbar", e);
            }
        }
    }

    private sealed class DaemonCheck(IServiceProvider services, SelbstcheckSettings settings) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
        {
            if (string.Equals(settings.Daemon, "Disabled", StringComparison.OrdinalIgnoreCase))
            {
                return Task.FromResult(HealthCheckResult.Healthy("läuft nicht auf diesem Knoten"));
            }

            if (!Enum.TryParse<DaemonMode>(settings.Daemon, ignoreCase: true, out _))
            {
                // Wolverine assigns each shard to one live node; this node may run none of them right now.
                var runtime = services.GetRequiredService<Wolverine.Runtime.IWolverineRuntime>();
                var shards = runtime.Agents.AllRunningAgentUris().Count(u => u.Scheme == "event-subscriptions");
                return Task.FromResult(HealthCheckResult.Healthy($"von Wolverine verteilt; auf diesem Knoten {shards} Anteile"));
            }

            var coordinator = services.GetService<IProjectionCoordinator>();
            return Task.FromResult(coordinator is null
                ? HealthCheckResult.Unhealthy("nicht gestartet")
                : HealthCheckResult.Healthy($"Modus {settings.Daemon}"));
        }
    }

    private sealed class DemoCheck(StartupState state) : IHealthCheck
    {
        // Informational only: never unhealthy, so readiness holds during the import.
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default) =>
            Task.FromResult(HealthCheckResult.Healthy(state.DemoStatus));
    }
}

/// <summary>What the node has done since start, for readiness and for ops/run.</summary>
public sealed class StartupState
{
    public volatile string DemoStatus = "aus";
}
