using Marten;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Host.Reminders;

public static class RemindersSetup
{
    public static void ConfigureStore(StoreOptions opts)
    {
        opts.Storage.ExtendedSchemaObjects.Add(DeliveryClaims.Table(opts.DatabaseSchemaName));
        opts.Storage.ExtendedSchemaObjects.Add(MailQuota.Table(opts.DatabaseSchemaName));
        opts.Schema.For<ReminderJobRecord>().Duplicate(x => x.MilestoneId);
        opts.Schema.For<Workflow.Kommunen.UnitEmailConfirmationToken>().Duplicate(x => x.Request);
    }

    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddReminderScheduling(
        this MartenServiceCollectionExtensions.MartenConfigurationExpression marten) =>
        marten.AddSubscriptionWithServices<ReminderScheduling>(ServiceLifetime.Singleton, o =>
        {
            o.Name = ReminderScheduling.SubscriptionName;
            o.IncludeType<RemindersPlanned>();
            o.IncludeType<MilestoneCompleted>();
            o.IncludeType<MilestoneCancelled>();
            o.IncludeType<UnitEmailConfirmationRequested>();
        });

    public static IServiceCollection AddSelbstcheckReminders(this IServiceCollection services)
    {
        services.AddSingleton<Mailer>();
        services.AddTransient<ReminderJob>();
        services.AddTransient<AddressConfirmationJob>();
        services.AddHostedService<NodeIdentity>();
        return services;
    }
}
