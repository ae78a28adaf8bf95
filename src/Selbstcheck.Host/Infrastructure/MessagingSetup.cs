using JasperFx.CodeGeneration;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine;

namespace Selbstcheck.Host.Infrastructure;

public static class MessagingSetup
{
    public static IHostBuilder UseSelbstcheckWolverine(this IHostBuilder host, SelbstcheckSettings settings, IHostEnvironment environment)
    {
        host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(MessagingSetup).Assembly;
            opts.Discovery.IncludeAssembly(typeof(KommuneState).Assembly);
            opts.Policies.AutoApplyTransactions();
            // Context, event metadata, 404 and collision re-runs for every command addressed to a Kommune.
            opts.UseCommandPipeline(settings.StreamRetries);
            opts.EnableRelayOfUserName = false;
            // Its tables are applied with the rest of the schema by the owner role (db-install).
            opts.AutoBuildMessageStorageOnStartup = JasperFx.AutoCreate.None;
            opts.Durability.Mode = DurabilityMode.Balanced;
            opts.Durability.FirstHealthCheckExecution = TimeSpan.FromSeconds(1);
            opts.Durability.HealthCheckPollingTime = TimeSpan.FromSeconds(settings.Cluster.HeartbeatSeconds);
            opts.Durability.StaleNodeTimeout = TimeSpan.FromSeconds(settings.Cluster.StaleNodeSeconds);

            opts.CodeGeneration.TypeLoadMode = ParseTypeLoadMode(settings.CodeGeneration, environment);
            if (opts.CodeGeneration.TypeLoadMode != TypeLoadMode.Static) opts.UseRuntimeCompilation();
        });
        return host;
    }

    private static TypeLoadMode ParseTypeLoadMode(string mode, IHostEnvironment environment)
    {
        if (Enum.TryParse<TypeLoadMode>(mode, ignoreCase: true, out var parsed)) return parsed;
        return environment.IsDevelopment() ? TypeLoadMode.Dynamic : TypeLoadMode.Static;
    }
}
