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
                    // The owner role installs the schema (db-install); the runtime role may not.
                    PrepareSchemaIfNecessary = false,
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
                // Every node serves the shared queue and one of its own (operations can aim a job at a node).
                options.Queues = ["default", NodeQueue(settings.NodeName)];
                options.SchedulePollingInterval = TimeSpan.FromSeconds(settings.Reminders.PollSeconds);
            });
        }

        return services;
    }

    /// <summary>A node's own queue (Hangfire allows lowercase letters, digits and underscores).</summary>
    public static string NodeQueue(string nodeName) =>
        "knoten_" + new string(nodeName.ToLowerInvariant().Select(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '_').ToArray());
}
