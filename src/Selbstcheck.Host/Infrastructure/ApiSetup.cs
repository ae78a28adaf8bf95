using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Wolverine.Http;

namespace Selbstcheck.Host.Infrastructure;

public static class ApiSetup
{
    public static IServiceCollection AddSelbstcheckCore(this IServiceCollection services, SelbstcheckSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException(
                "No database configured: set SELBSTCHECK_DB to an Npgsql connection string (ops/run does this for you).");
        }

        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddScoped<CommandSender>();
        return services;
    }

    public static IServiceCollection AddSelbstcheckApi(this IServiceCollection services, SelbstcheckSettings settings)
    {
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Selbstcheck „Weltoffene Kommune“";
            doc.Info.Version = "v1";
            return Task.CompletedTask;
        }));
        services.AddWolverineHttp();
        return services;
    }

    /// <summary>The API's JSON: camelCase, enums as strings, unknown properties refused (a typo in "expectedVersion" must not silently drop the guard).</summary>
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.Converters.Add(new JsonStringEnumConverter());
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }

    public static WebApplication UseSelbstcheckPipeline(this WebApplication app, SelbstcheckSettings settings)
    {
        app.UseCorrelation();
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.HasStarted || http.Response.ContentLength > 0 || http.Response.ContentType is not null) return;
            var (type, title) = Problems.ForStatus(http.Response.StatusCode);
            await Problems.Write(http, Problems.Create(http, http.Response.StatusCode, type, title));
        });
        app.UseRequestBodyLimit(settings.MaxRequestBodyBytes);
        app.UseFrameworkProblemTranslation();

        app.MapSelbstcheckHealth();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapWolverineEndpoints(opts =>
        {
            opts.WarmUpRoutes = RouteWarmup.Lazy;
        });
        return app;
    }
}
