using Hangfire;
using Hangfire.PostgreSql;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>Hangfire on PostgreSQL, in its own schema. Jobs only ever send commands (#6).</summary>
public static class JobsSetup
{
    public const string Schema = "hangfire";

    public static IServiceCollection AddSelbstcheckJobs(this IServiceCollection services, SelbstcheckSettings settings)
    {
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                options => options.UseNpgsqlConnection(settings.ConnectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = Schema,
                    PrepareSchemaIfNecessary = true,
                    QueuePollInterval = TimeSpan.FromSeconds(settings.Reminders.PollSeconds),
                    // A job of a node that died runs again elsewhere after this long; while a job runs,
                    // its node keeps it invisible (sliding), so long jobs are not run twice.
                    InvisibilityTimeout = TimeSpan.FromSeconds(settings.Reminders.JobInvisibilitySeconds),
                    UseSlidingInvisibilityTimeout = true,
                    // Lock rows a killed node leaves behind expire after this long.
                    DistributedLockTimeout = TimeSpan.FromMinutes(1),
                }));
        if (settings.JobServer)
        {
            services.AddHangfireServer(options =>
            {
                options.WorkerCount = 4;
                options.ServerName = settings.NodeName;
                options.SchedulePollingInterval = TimeSpan.FromSeconds(settings.Reminders.PollSeconds);
            });
        }

        return services;
    }
}
