using System.Diagnostics.Metrics;
using JasperFx.CodeGeneration;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine;

namespace Selbstcheck.Host.Infrastructure;

public static class MessagingSetup
{
    public static readonly Meter Meter = new("Selbstcheck");

    /// <summary>Counts commands retried because another writer appended to the same stream first.</summary>
    public static readonly Counter<long> StreamRetries =
        Meter.CreateCounter<long>("selbstcheck.stream_retries", description: "Commands retried after a stream collision");

    public static IHostBuilder UseSelbstcheckWolverine(this IHostBuilder host, SelbstcheckSettings settings, IHostEnvironment environment)
    {
        host.UseWolverine(opts =>
        {
            opts.ApplicationAssembly = typeof(MessagingSetup).Assembly;
            opts.Discovery.IncludeAssembly(typeof(KommuneJourney).Assembly);
            opts.Policies.AutoApplyTransactions();
            opts.Policies.AddMiddleware(typeof(SessionMetadataMiddleware));
            opts.EnableRelayOfUserName = false;
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
