using JasperFx;
using Marten;
using Selbstcheck.Workflow.Common;

/// <summary>
/// What the service does for a command, written directly against Marten in this process: the same
/// store configuration, the same decisions, the same metadata (the command pipeline's own middleware), the same
/// re-run after a stream collision — without HTTP, authentication or the message bus.
/// </summary>
public static class Raw
{
    public static readonly Actor Actor = new("bench-raw", Roles.Programmteam);

    /// <summary>The envelope a sender would put the command in (read only, by the command pipeline).</summary>
    private static readonly Wolverine.Envelope Envelope = NewEnvelope();

    private static Wolverine.Envelope NewEnvelope()
    {
        var envelope = new Wolverine.Envelope();
        foreach (var (name, value) in CommandHeaders.For(Actor).Headers) envelope.Headers[name] = value;
        return envelope;
    }

    /// <summary>The programme's catalogue as the service seeded it.</summary>
    public static async Task<Selbstcheck.Workflow.Questionnaire.Catalogue> CatalogueAsync(IDocumentStore store)
    {
        await using var session = store.QuerySession();
        return (await Selbstcheck.Workflow.Questionnaire.CatalogueImport.FindAsync(session, "weltoffene-kommune-2020", null, CancellationToken.None))!.Catalogue;
    }

    /// <summary>Runs one command: <paramref name="work"/> loads, decides and appends in the session it is given.</summary>
    public static async Task Command(IDocumentStore store, Func<IDocumentSession, CommandContext, Task> work)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var session = store.LightweightSession();
                var context = CommandPipeline.CommandMiddleware.Before(Envelope, session, TimeProvider.System, KommuneLimits.Default);
                await work(session, context);
                CommandPipeline.CommandMiddleware.After(session, context);
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
