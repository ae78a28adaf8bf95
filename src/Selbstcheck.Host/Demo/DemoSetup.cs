namespace Selbstcheck.Host.Demo;

public static class DemoSetup
{
    public static IServiceCollection AddSelbstcheckDemo(this IServiceCollection services, Infrastructure.SelbstcheckSettings settings)
    {
        services.AddSingleton<DemoLoader>();
        if (settings.Demo) services.AddHostedService<DemoImportService>();
        return services;
    }
}
