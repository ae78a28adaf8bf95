using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Selbstcheck.Projections.FacilitatorBoard;
using Selbstcheck.Projections.KommuneOverview;
using Selbstcheck.Projections.ActionPlan;
using Selbstcheck.Projections.MaturityOverview;
using Selbstcheck.Projections.Milestones;
using Selbstcheck.Projections.Workshops;
using Selbstcheck.Projections.QuestionnaireProgress;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Questionnaire;
using Selbstcheck.Host.Reminders;
using Weasel.Core;
using Wolverine.Marten;

namespace Selbstcheck.Host.Infrastructure;

public static class StorageSetup
{
    public const string Schema = "selbstcheck";
    public const string PersonalSchema = "personal";

    /// <summary>The event serializer settings; the JSON pins in the tests use the same.</summary>
    public static void ConfigureSerialization(StoreOptions opts) =>
        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);

    /// <summary>The store's configuration; the host and the benchmark use the same.</summary>
    public static void ConfigureStore(StoreOptions opts, SelbstcheckSettings settings)
    {
        opts.Connection(settings.ConnectionString);
        opts.DatabaseSchemaName = Schema;
        // The service never changes the schema: the owner role applies it (db-install) before the
        // runtime role, which may not, connects.
        opts.AutoCreateSchemaObjects = AutoCreate.None;
        ConfigureSerialization(opts);

        // One stream per Kommune, keyed by its slug.
        opts.Events.StreamIdentity = StreamIdentity.AsString;
        opts.Events.DatabaseSchemaName = Schema;
        // Timestamps from .NET's TimeProvider, so imported history can carry its original dates.
        opts.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        opts.Events.MetadataConfig.HeadersEnabled = true;
        // Holds an opaque user id, never a name or an email.
        opts.Events.MetadataConfig.UserNameEnabled = true;
        // The stream's event types under their pinned names, and the write model decisions read
        // (the Kommune's state and one document per item), kept in the commit that appends.
        opts.AddKommuneJourney();
        opts.Projections.Add<KommuneOverviewProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<QuestionnaireProgressProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<MaturityOverviewProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<WorkshopViewProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<ActionPlanItemProjection>(ProjectionLifecycle.Inline);
        opts.Projections.Add<MilestoneViewProjection>(ProjectionLifecycle.Inline);
        // Across all journeys, so asynchronous (the daemon keeps it up to date).
        opts.Projections.Add<FacilitatorBoardProjection>(ProjectionLifecycle.Async);
        opts.Projections.Errors.SkipApplyErrors = false;
        opts.Projections.Errors.SkipSerializationErrors = false;
        opts.Projections.Errors.SkipUnknownEvents = false;

        opts.Schema.For<KommuneOverview>()
            .Duplicate(x => x.Cohort!)
            .Duplicate(x => x.Bundesland)
            .Duplicate(x => x.FacilitatorId!)
            .Duplicate(x => x.Name);
        opts.Schema.For<AgsReservation>();
        opts.Schema.For<QuestionnaireProgress>().Duplicate(x => x.KommuneId);
        opts.Schema.For<WorkshopView>().Duplicate(x => x.KommuneId);
        opts.Schema.For<FacilitatorBoardEntry>().Duplicate(x => x.FacilitatorId!);
        opts.Schema.For<MilestoneView>().Duplicate(x => x.KommuneId).Duplicate(x => x.DueDay);
        opts.Schema.For<ActionPlanItem>().Duplicate(x => x.KommuneId).Duplicate(x => x.Owner).Duplicate(x => x.Status).Duplicate(x => x.Field);
        opts.Schema.For<CatalogueVersionRecord>().Duplicate(x => x.CatalogueId);
        opts.Schema.For<ScoringSchemeRecord>();
        // Used Idempotency-Keys (24 hours), applied with the rest of the schema.
        opts.Schema.For<IdempotencyRecord>().Duplicate(x => x.ExpiresAt);
        opts.Schema.For<Access.LinkRecord>().UniqueIndex(x => x.Hash).Duplicate(x => x.KommuneId);

        Reminders.RemindersSetup.ConfigureStore(opts);

        // Tamper evidence: the hash chain over every event, written by a trigger in the appending transaction.
        opts.Storage.Add(new Audit.EventChain.Feature(Schema));

        // Keys, sealed with the key-encryption key (never in clear).
        opts.Schema.For<Access.SealedSigningKey>();
        opts.Schema.For<Access.DataProtectionKeyRecord>();

        // Personal data lives apart from the events, in its own schema, so it can be erased.
        opts.Schema.For<PersonRecord>().DatabaseSchemaName(PersonalSchema);
        // The personal-data vault: personal values and named free text the events reference (PersonalRef).
        opts.Schema.For<VaultEntry>().DatabaseSchemaName(PersonalSchema).Duplicate(x => x.KommuneId).Duplicate(x => x.PersonId!);
        opts.Schema.For<Access.DirectoryUser>().DatabaseSchemaName(PersonalSchema).UniqueIndex(x => x.UserId);
    }

    public static IServiceCollection AddSelbstcheckStorage(this IServiceCollection services, SelbstcheckSettings settings)
    {
        var marten = services.AddMarten(opts => ConfigureStore(opts, settings))
            .UseLightweightSessions()
            .AddReminderScheduling();
        if (Enum.TryParse<DaemonMode>(settings.Daemon, ignoreCase: true, out var mode))
        {
            // Solo/HotCold: Marten runs the daemon itself (single-node setups, benchmarks).
            marten.AddAsyncDaemon(mode).IntegrateWithWolverine();
        }
        else
        {
            // "Wolverine" (default): every projection shard and subscription is an agent that Wolverine's
            // leader assigns to exactly one live node, and reassigns when a node stops sending heartbeats.
            marten.IntegrateWithWolverine(m => m.UseWolverineManagedEventSubscriptionDistribution = true);
        }

        return services;
    }
}
