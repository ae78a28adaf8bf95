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
                new PostgreSqlStorageOptions { SchemaName = Schema, PrepareSchemaIfNecessary = true }));
        if (settings.JobServer)
        {
            services.AddHangfireServer(options => options.WorkerCount = 2);
        }

        return services;
    }
}
