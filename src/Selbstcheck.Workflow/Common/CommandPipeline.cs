using System.Diagnostics.Metrics;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Core.Reflection;
using Marten;
using Marten.Exceptions;
using Wolverine;
using Wolverine.Configuration;
using Wolverine.ErrorHandling;
using Wolverine.Persistence;
using Wolverine.Runtime.Handlers;

namespace Selbstcheck.Workflow.Common;

/// <summary>
/// What every command addressed to a Kommune gets, once, in Wolverine's handler pipeline — whoever
/// sent it (an HTTP endpoint, a page, the demo import, the reminder job):
/// <list type="number">
/// <item>its <see cref="CommandContext"/>: actor and role from the envelope (<see cref="CommandHeaders"/>),
/// the instant from the clock or, for imported history, from the envelope; the caps on a Kommune's items
/// (<see cref="KommuneLimits"/>, configured);</item>
/// <item>the metadata of every event it appends (<see cref="EventMetadata"/>): the actor's id (Marten's user-name
/// column), the role, the reason of a command that takes one, and for imported history its markers (headers);
/// the correlation id (the HTTP request's, see the Host's Correlation) and the causation id (the command's own
/// message id, or the one its sender named); that instant as the timestamp;</item>
/// <item>404 when its Kommune does not exist: <see cref="KommuneStreamAttribute"/> loads the stream and
/// Wolverine throws when it is missing, turned here into the domain's <see cref="NotFound"/>;</item>
/// <item>commands on one Kommune queue: <see cref="KommuneStreamAttribute"/> loads the stream exclusively
/// (its row locked from the read to the commit), so they never collide; a collision that still
/// happens — two registrations of one new id or AGS at the same moment, a writer outside this
/// pipeline — re-runs the command (Wolverine's inline retry after a short jittered pause, each
/// attempt a new handler run with a new session), and the re-run's decision answers (409
/// "kommune-existiert" rather than a failed insert). A stale item version is a decision (409), never retried.</item>
/// </list>
/// </summary>
public static class CommandPipeline
{
    public static readonly Meter Meter = new("Selbstcheck");

    /// <summary>Commands re-run after a collision (tag: kommune).</summary>
    public static readonly Counter<long> StreamRetries =
        Meter.CreateCounter<long>("selbstcheck.stream_retries", description: "Commands re-run after a stream collision");

    public static void UseCommandPipeline(this WolverineOptions opts, int streamRetries)
    {
        // Handler chains only: an HTTP endpoint whose body happens to be a command sends it through the bus
        // like every other sender, and must not run the pipeline a second time around the send.
        opts.Policies.AddMiddleware(typeof(CommandMiddleware), chain => chain.MessageType.CanBeCastTo<IKommuneCommand>());
        opts.Policies.Add(new KommuneCommandFailures(streamRetries));
    }

    /// <summary>Wolverine middleware of every <see cref="IKommuneCommand"/>'s handler.</summary>
    public static class CommandMiddleware
    {
        public static CommandContext Before(Envelope envelope, IDocumentSession session, TimeProvider clock, KommuneLimits limits)
        {
            var now = AtStoredPrecision(clock.GetUtcNow());
            var context = CommandHeaders.Read(envelope.Headers, now) with { Limits = limits, Vault = new People.SessionVault(session, now) };
            EventMetadata.Apply(session, envelope, context);
            return context;
        }

        /// <summary>
        /// The instant cut to what PostgreSQL's timestamp column keeps (microseconds): the inline
        /// projections see the event as it will be read back, so a rebuild yields the same documents.
        /// </summary>
        public static DateTimeOffset AtStoredPrecision(DateTimeOffset now) => now.AddTicks(-(now.Ticks % 10));

        /// <summary>Every event the command appends carries the instant it was decided at.</summary>
        public static void After(IDocumentSession session, CommandContext context)
        {
            foreach (var stream in session.PendingChanges.Streams())
            {
                foreach (var e in stream.Events) e.Timestamp = context.Now.ToUniversalTime();
            }
        }
    }

    private sealed class KommuneCommandFailures(int streamRetries) : IHandlerPolicy
    {
        public void Apply(IReadOnlyList<HandlerChain> chains, GenerationRules rules, IServiceContainer container)
        {
            foreach (var chain in chains.Where(c => c.MessageType.CanBeCastTo<IKommuneCommand>()))
            {
                chain.OnException<ConcurrencyException>().Or<ExistingStreamIdCollisionException>().Or<DocumentAlreadyExistsException>()
                    .DoThenRetry(PauseBeforeRetry, streamRetries + 1, "re-run after a collision");
                chain.OnException<RequiredDataMissingException>().CustomAction(KommuneNotFound, "Kommune nicht gefunden", InvokeResult.Stop);
                chain.OnException<DomainProblem>().CustomAction(Refused, "refused", InvokeResult.Stop);
            }
        }

        private static async ValueTask PauseBeforeRetry(Wolverine.Runtime.IWolverineRuntime runtime, IEnvelopeLifecycle lifecycle, Exception e)
        {
            var kommune = (lifecycle.Envelope?.Message as IKommuneCommand)?.KommuneId;
            StreamRetries.Add(1, new KeyValuePair<string, object?>("kommune", kommune));
            // Writers that collided re-read at slightly different moments instead of colliding again in step.
            var attempt = Math.Min(lifecycle.Envelope?.Attempts ?? 1, 6);
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 4 << attempt)));
        }

        private static ValueTask KommuneNotFound(Wolverine.Runtime.IWolverineRuntime runtime, IEnvelopeLifecycle lifecycle, Exception e)
        {
            var notFound = KommuneId.NotFound((lifecycle.Envelope?.Message as IKommuneCommand)?.KommuneId ?? "");
            RefusalLog.Write(runtime.LoggerFactory, lifecycle.Envelope, notFound);
            throw notFound;
        }

        /// <summary>A refusal is an answer, not an error: one line without content or stack trace, then on to the sender.</summary>
        private static ValueTask Refused(Wolverine.Runtime.IWolverineRuntime runtime, IEnvelopeLifecycle lifecycle, Exception e)
        {
            RefusalLog.Write(runtime.LoggerFactory, lifecycle.Envelope, (DomainProblem)e);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e);
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// The Kommune's stream, loaded for writing (Wolverine's aggregate handler workflow): the write
/// model <c>KommuneState</c>, with the stream version as the concurrency guard of the whole command.
/// Loaded exclusively: the stream's row is locked from the read to the commit, so commands on one
/// Kommune queue in PostgreSQL (on every node alike) instead of colliding; commands on different
/// Kommunen never wait for each other. A missing stream stops the command with 404 (see <see cref="CommandPipeline"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class KommuneStreamAttribute : Wolverine.Marten.WriteAggregateAttribute
{
    public KommuneStreamAttribute() : base(nameof(IKommuneCommand.KommuneId))
    {
        OnMissing = OnMissing.ThrowException;
        MissingMessage = "Es gibt keine Kommune mit der Kennung \"{Id}\".";
        LoadStyle = Wolverine.Marten.ConcurrencyStyle.Exclusive;
    }
}

/// <summary>
/// One item of a Kommune's write model (a round, a respondent, a workshop, an action item, a
/// milestone), loaded by the key the command names, in the same round trip as the stream. Missing
/// items reach the decision as null: it answers 404 in its own words.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ItemAttribute : EntityAttribute
{
    public ItemAttribute(string keyProperty) : base(keyProperty)
    {
        Required = false;
    }
}

/// <summary>
/// Who, when and why on every event a command appends: set on the command's session, which Marten
/// copies onto each event it appends (user-name, correlation and causation columns, headers).
/// </summary>
public static class EventMetadata
{
    public static void Apply(IDocumentSession session, Envelope envelope, CommandContext context)
    {
        session.LastModifiedBy = context.Actor.Id;
        session.SetHeader(EventHeaders.ActorRole, context.Actor.Role);
        // The conversation: the HTTP request's correlation id (Wolverine carries it from the request header
        // onto the envelope), a job's or import's own; never empty.
        session.CorrelationId = envelope.CorrelationId is { Length: > 0 } correlation ? correlation : envelope.Id.ToString();
        // The cause: the command message itself, unless its sender named another (the demo import names its step).
        session.CausationId = envelope.Headers.GetValueOrDefault(EnvelopeConstants.CausationIdKey) is { Length: > 0 } cause
            ? cause
            : envelope.Id.ToString();
        if (envelope.Message is IHasReason { Reason: { } reason } && !string.IsNullOrWhiteSpace(reason))
        {
            session.SetHeader(EventHeaders.Reason, reason.Trim());
        }

        if (!context.Imported) return;
        session.SetHeader(ImportedHistory.Header, true);
        if (envelope.Headers.GetValueOrDefault(ImportedHistory.AssumedHeader) == "true") session.SetHeader(ImportedHistory.AssumedHeader, true);
        if (envelope.Headers.GetValueOrDefault(ImportedHistory.AssumedFieldsHeader) is { Length: > 0 } fields)
        {
            session.SetHeader(ImportedHistory.AssumedFieldsHeader, fields.Split(',', StringSplitOptions.RemoveEmptyEntries));
        }
    }
}
