using JasperFx;
using Selbstcheck.Workflow.Common;
using Wolverine;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// Sends a command from an HTTP endpoint to its Wolverine handler inline, carrying the acting
/// user and the correlation id.
/// One stream per Kommune means many writers per stream: when an unrelated writer appended to
/// the same stream between our read and our commit, the whole command (read, decide, append)
/// runs again, a few times with jitter, before the collision surfaces as 409. Each run is a new
/// handler invocation with a new session, so nothing of the failed attempt is kept. A stale
/// item version is a domain decision (<see cref="Workflow.Common.Conflict"/>), never retried.
/// The first attempt takes no lock; a retry waits for the Kommune's stripe of an in-process lock,
/// so writers that collided on this node queue up instead of colliding again (other nodes are
/// still covered by the optimistic check and the retries).
/// </summary>
public sealed class CommandSender(IMessageBus bus, IHttpContextAccessor http, SelbstcheckSettings settings, ILogger<CommandSender> logger)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public async Task<T> Send<T>(object command, CancellationToken ct, Actor? asActor = null)
    {
        var context = http.HttpContext;
        var actor = asActor ?? Actor.From(context?.User);
        if (context is not null && bus is IMessageContext messageContext)
        {
            messageContext.CorrelationId = Correlation.Get(context);
        }

        for (var attempt = 1; ; attempt++)
        {
            var options = new DeliveryOptions();
            options.Headers[Actor.IdHeader] = actor.Id;
            options.Headers[Actor.RoleHeader] = actor.Role;
            var stripe = attempt > 1 && command is IKommuneCommand k ? Stripes[(k.KommuneId.GetHashCode() & 0x7fffffff) % Stripes.Length] : null;
            if (stripe is not null) await stripe.WaitAsync(ct);
            try
            {
                // No reply: the aggregate handler found no write model for the stream.
                return await bus.InvokeAsync<T>(command, options, ct, Timeout)
                       ?? throw new NotFound("kommune-unbekannt", "Kommune nicht gefunden", "Die Kommune dieses Befehls gibt es nicht.");
            }
            catch (ConcurrencyException) when (attempt <= settings.StreamRetries)
            {
                MessagingSetup.StreamRetries.Add(1, new KeyValuePair<string, object?>("kommune", (command as IKommuneCommand)?.KommuneId));
                logger.LogDebug("Stream collision on {Command}, attempt {Attempt}: retrying", command.GetType().Name, attempt);
                if (attempt > 1) await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 << Math.Min(attempt, 6))), ct);
            }
            finally
            {
                stripe?.Release();
            }
        }
    }

    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 256).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
}
