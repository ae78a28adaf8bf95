using JasperFx;
using Marten;
using Selbstcheck.Workflow.Common;

/// <summary>
/// What the service does for a command, written directly against Marten in this process: the same
/// store configuration, the same decisions, the same metadata (the command pipeline's work), the same
/// re-run after a stream collision — without HTTP, authentication or the message bus.
/// </summary>
public static class Raw
{
    public static readonly Actor Actor = new("bench-raw", Roles.Programmteam);

    /// <summary>Runs one command: <paramref name="work"/> loads, decides and appends in the session it is given.</summary>
    public static async Task Command(IDocumentStore store, Func<IDocumentSession, CommandContext, Task> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = store.LightweightSession();
                var context = new CommandContext(Actor, DateTimeOffset.UtcNow);
                session.LastModifiedBy = context.Actor.Id;
                session.SetHeader(EventHeaders.ActorRole, context.Actor.Role);
                await work(session, context);
                foreach (var stream in session.PendingChanges.Streams())
                {
                    foreach (var e in stream.Events) e.Timestamp = context.Now;
                }

                await session.SaveChangesAsync();
                return;
            }
            catch (ConcurrencyException) when (attempt <= 10)
            {
                await Task.Delay(Random.Shared.Next(1, 4 << Math.Min(attempt, 6)));
            }
        }
    }

    /// <summary>Appends events as they are, no reads, no checks: the floor of what storing them costs.</summary>
    public static async Task Append(IDocumentStore store, string kommune, params object[] events)
    {
        await using var session = store.LightweightSession();
        session.Events.Append(kommune, events);
        await session.SaveChangesAsync();
    }
}
