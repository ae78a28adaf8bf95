using System.Text.Json;
using Marten;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Programme;
using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Host.Catalogues;

/// <summary>
/// Loads the catalogues and scoring schemes shipped in Catalogues/*.json at start (a version already
/// present and unchanged is left alone). Runs before the demo import, which needs them.
/// </summary>
public sealed class CatalogueSeeder(IDocumentStore store, TimeProvider clock, ILogger<CatalogueSeeder> logger) : IHostedService
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task StartAsync(CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        var action = ProgrammeAction.Own(Actor.Startup, "catalogue-seed");
        // Older versions first, each a millisecond after the one before: the newest shipped version is the default
        // of a round that names none (CatalogueImport.FindAsync), whatever order the resources come in. (PostgreSQL
        // keeps microseconds and rounds the 100 ns ticks half to even: ticks one microsecond apart could compare equal.)
        var now = clock.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        var names = typeof(CatalogueSeeder).Assembly.GetManifestResourceNames().Where(n => n.Contains(".Catalogues.", StringComparison.Ordinal))
            .OrderBy(n => n.Length).ThenBy(n => n, StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            now = now.AddMilliseconds(1);
            await using var stream = typeof(CatalogueSeeder).Assembly.GetManifestResourceStream(name)!;
            if (name.Contains(".scoring-", StringComparison.Ordinal))
            {
                var scheme = (await JsonSerializer.DeserializeAsync<ScoringScheme>(stream, Json, ct))!;
                var outcome = await CatalogueImport.ImportSchemeAsync(session, scheme, now, action, ct);
                logger.LogInformation("Scoring scheme {Id} {Version}: {Outcome}", scheme.Id, scheme.Version, outcome);
            }
            else
            {
                var catalogue = (await JsonSerializer.DeserializeAsync<Catalogue>(stream, Json, ct))!;
                var outcome = await CatalogueImport.ImportAsync(session, catalogue, now, action, ct);
                logger.LogInformation("Catalogue {Id} {Version}: {Outcome}", catalogue.Id, catalogue.Version, outcome);
            }
        }

        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (JasperFx.DocumentAlreadyExistsException)
        {
            // Another node seeded the same version at the same moment: theirs is the same file.
            logger.LogInformation("Catalogues were seeded by another node at the same time");
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
