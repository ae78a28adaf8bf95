using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Pages;
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
        services.AddSingleton(settings.Caps); // a decision input of every command (CommandContext.Limits)
        // #14 seed exactness: the programme's scoring scheme, read by CloseRound (a Kommune's own wins).
        services.AddSingleton(new Workflow.Questionnaire.ProgrammeScoring(settings.ScoringScheme, settings.ScoringSchemeVersion));
        services.AddSingleton(Workflow.Questionnaire.ActorGroupList.From(settings.ActorGroups)); // #14: the groups a round may name
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<KeyEncryption>();
        // First of the hosted services: refuses the start before anything touches the database.
        services.AddHostedService<StartupChecks>();
        services.AddHttpContextAccessor();
        return services;
    }

    public static IServiceCollection AddSelbstcheckApi(this IServiceCollection services, SelbstcheckSettings settings)
    {
        services.ConfigureHttpJsonOptions(o => Configure(o.SerializerOptions));
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Registered before AddProblemDetails, so it writes every ProblemDetails the framework produces
        // (Wolverine's answer to a body it cannot read included) in the service's German shape.
        // Pages get their errors as German HTML; everything else the German ProblemDetails (the first writer that can, writes).
        services.AddSingleton<Microsoft.AspNetCore.Http.IProblemDetailsWriter, Pages.ErrorPage.Writer>();
        services.AddSingleton<Microsoft.AspNetCore.Http.IProblemDetailsWriter, GermanProblemDetailsWriter>();
        services.AddProblemDetails();
        services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Selbstcheck „Weltoffene Kommune“";
            doc.Info.Version = "v1";
            doc.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            doc.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            doc.Components.SecuritySchemes["bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "Zugangs-Token (lokal: ops/token ROLLE [SUBJEKT])",
            };
            doc.Components.SecuritySchemes["link"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.ApiKey,
                In = Microsoft.OpenApi.ParameterLocation.Query,
                Name = "key",
                Description = "Link-Token für Endpunkte, die ohne Bearer-Header erreichbar sein müssen",
            };
            doc.Security ??= [];
            doc.Security.Add(new Microsoft.OpenApi.OpenApiSecurityRequirement
            {
                [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("bearer", doc)] = [],
            });
            return Task.CompletedTask;
        }).AddOperationTransformer((operation, context, _) =>
        {
            // Every POST of the API takes an Idempotency-Key (sign-in excepted), see IdempotencyMiddleware.
            var path = "/" + (context.Description.RelativePath ?? "");
            if (context.Description.HttpMethod == "POST" && path.StartsWith("/api/", StringComparison.Ordinal) && !path.StartsWith("/api/session", StringComparison.Ordinal))
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
                {
                    Name = IdempotencyMiddleware.Header,
                    In = Microsoft.OpenApi.ParameterLocation.Header,
                    Required = false,
                    Description = "Beliebiger Schlüssel des Clients (1–200 druckbare ASCII-Zeichen): eine Wiederholung mit demselben Schlüssel und Inhalt " +
                                  "gibt 24 Stunden lang die erste Antwort zurück, statt die Anfrage erneut auszuführen.",
                    Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyMiddleware.MaxKeyLength },
                });
            }

            return Task.CompletedTask;
        }));
        services.AddWolverineHttp();
        services.AddSingleton<LinkTokens>();
        services.AddSingleton<Audit.ChainVerifier>();
        services.AddSingleton<Reports.PdfRenderer>();
        services.AddSelbstcheckAuthentication(settings);
        services.AddSelbstcheckRateLimits(settings);
        services.AddDataProtection();
        services.AddSelbstcheckIdempotency();
        services.AddSelbstcheckPages();
        return services;
    }

    /// <summary>The API's JSON: camelCase, enums as strings, unknown properties refused (a typo in "expectedVersion" must not silently drop the guard).</summary>
    public static void Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.Converters.Add(new JsonStringEnumConverter());
        o.Converters.Add(new PlainTextConverter());
        o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        o.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }

    public static WebApplication UseSelbstcheckPipeline(this WebApplication app, SelbstcheckSettings settings)
    {
        if (ForwardedHeadersSetup.Options(settings) is { } forwarded) app.UseForwardedHeaders(forwarded);

        app.UseCorrelation();
        app.UseSecurityHeaders();
        app.UseRequestLog();
        app.UseExceptionHandler();
        // A bare status (404 of routing, 405, 401 of the framework) gets its body from GermanProblemDetailsWriter.
        app.UseStatusCodePages();
        app.UseRequestBodyLimit(settings.MaxRequestBodyBytes);
        app.UseSelbstcheckStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        // Access control admits link holders (?key=): the limits then count per link, not per shared office address.
        app.UseAccessControl();
        app.UseRateLimiter();
        app.UseIdempotency();

        app.MapSelbstcheckHealth();
        app.MapSelbstcheckSignIn();
        app.MapSelbstcheckPages();
        app.MapSelbstcheckSignOut();
        app.MapSelbstcheckDashboard();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapWolverineEndpoints(opts =>
        {
            opts.WarmUpRoutes = RouteWarmup.Lazy;
            opts.AddPolicy<Api.RequiredBody.Policy>();
        });
        return app;
    }
}
