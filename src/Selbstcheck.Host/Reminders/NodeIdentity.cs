using Wolverine.Runtime;

namespace Selbstcheck.Host.Reminders;

/// <summary>Logs which Wolverine node this process is, once agents run (ops/nodes reads it).</summary>
public sealed class NodeIdentity(IWolverineRuntime runtime, Infrastructure.SelbstcheckSettings settings, ILogger<NodeIdentity> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Node {NodeName} is Wolverine node {NodeId}", settings.NodeName, runtime.Options.UniqueNodeId);
        await Task.CompletedTask;
    }
}
