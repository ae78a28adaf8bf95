namespace Selbstcheck.Host.Demo;

public static class DemoSetup
{
    public static IServiceCollection AddSelbstcheckDemo(this IServiceCollection services, Infrastructure.SelbstcheckSettings settings)
    {
        services.AddHostedService<Infrastructure.WriteModelBackfill>();
        // Before the demo import: it opens a round on the shipped catalogue.
        services.AddHostedService<Catalogues.CatalogueSeeder>();
        services.AddSingleton<DemoLoader>();
        services.AddSingleton<LiveDemo>();
        // #14 benchmark: synthetic Kommunen of a fictional cohort.
        services.AddSingleton<SyntheticKommunen>();
        if (settings.Demo) services.AddHostedService<DemoImportService>();
        return services;
    }
}
