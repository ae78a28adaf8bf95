using System.Security.Cryptography;
using System.Text;
using JasperFx.Events;
using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.Questionnaire;
using Selbstcheck.Workflow.Workshops;
using Wolverine;

namespace Selbstcheck.Host.Demo;

/// <summary>
/// #14: synthetic Kommunen for the demo, so the anonymous benchmark shows a distribution beside Dessau-Roßlau.
/// Sixteen made-up Kommunen ("Fiktive Kommune 01" …) in a fictional cohort (<see cref="Cohort"/>: cohort labels are
/// JJJJ-N, and 2020 had no 99th cohort), each marked synthetic by its own event right after its registration, each
/// with a full round of the administration evaluated under the shipped catalogue and the standard scheme — as
/// Dessau-Roßlau's. Generated deterministically from <see cref="Seed"/>; sent through the bus like the demo import
/// (imported history dated 2020: no reminders). Idempotent: each step's causation id names it
/// ("synthetisch/&lt;kommune&gt;/&lt;n&gt;"); a start sends only the steps not yet present (one node at a time).
/// Chosen so the demo's benchmark suppresses some groups: the cohorts (Dessau-Roßlau alone in 2020-1, so the
/// fictional cohort goes too), Brandenburg and Thüringen (under 5), while the kinds and the other Länder show.
/// </summary>
public sealed class SyntheticKommunen(IDocumentStore store, IServiceScopeFactory scopes, ILogger<SyntheticKommunen> logger)
{
    public const string Cohort = "2020-99";

    public const int Seed = 20200701;

    public const string Purpose = "Demo: erfundene Kommune für den anonymen Vergleich (Fiktive Kohorte 2020)";

    public const string Catalogue = Workflow.Questionnaire.Catalogue.Programme;

    public const string CatalogueVersion = "2020.1";

    /// <summary>Kind and Land of each synthetic Kommune: spread so no kind lies within one Land.</summary>
    private static readonly (string Kind, string Land)[] Profiles =
    [
        ("Stadt", "Sachsen-Anhalt"), ("Stadt", "Niedersachsen"), ("Stadt", "Brandenburg"), ("Stadt", "Thüringen"),
        ("Stadt", "Sachsen-Anhalt"), ("Stadt", "Niedersachsen"), ("Landkreis", "Sachsen-Anhalt"), ("Landkreis", "Niedersachsen"),
        ("Landkreis", "Brandenburg"), ("Landkreis", "Brandenburg"), ("Landkreis", "Niedersachsen"), ("Landkreis", "Thüringen"),
        ("Kreisfreie Stadt", "Sachsen-Anhalt"), ("Kreisfreie Stadt", "Niedersachsen"), ("Kreisfreie Stadt", "Brandenburg"),
        ("Kreisfreie Stadt", "Sachsen-Anhalt"),
    ];

    public static IReadOnlyList<string> Ids { get; } = Enumerable.Range(1, Profiles.Length).Select(i => $"fiktiv-{i:00}").ToList();

    /// <summary>Sends the steps not yet present; true when it added any.</summary>
    public async Task<bool> EnsureAsync(CancellationToken ct)
    {
        await using var guard = store.Storage.Database.CreateConnection();
        await guard.OpenAsync(ct);
        await using (var lockCommand = new Npgsql.NpgsqlCommand("select pg_advisory_lock(hashtext('selbstcheck-demo-synthetic'))", guard))
        {
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        try
        {
            return await CreateAsync(ct);
        }
        finally
        {
            await using var unlock = new Npgsql.NpgsqlCommand("select pg_advisory_unlock(hashtext('selbstcheck-demo-synthetic'))", guard);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private async Task<bool> CreateAsync(CancellationToken ct)
    {
        Catalogue? catalogue;
        await using (var query = store.QuerySession())
        {
            catalogue = (await CatalogueImport.FindAsync(query, Catalogue, CatalogueVersion, ct))?.Catalogue;
        }

        if (catalogue is null)
        {
            logger.LogWarning("Synthetic demo Kommunen skipped: catalogue {Catalogue} {Version} not imported", Catalogue, CatalogueVersion);
            return false;
        }

        var random = new Random(Seed);
        var added = false;
        for (var i = 0; i < Profiles.Length; i++)
        {
            // Every Kommune's levels are drawn whether or not it exists, so the sequence never shifts.
            var levels = catalogue.Fields.ToDictionary(f => f.Number, _ => DrawLevel(random));
            var steps = Steps(i, catalogue, levels);
            IReadOnlyList<IEvent> existing;
            await using (var query = store.QuerySession())
            {
                existing = await query.Events.FetchStreamAsync(Ids[i], token: ct);
            }

            var done = existing.Select(e => e.CausationId).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var (n, at, command) in steps)
            {
                var id = $"synthetisch/{Ids[i]}/{n}";
                if (done.Contains(id)) continue;
                await using var scope = scopes.CreateAsyncScope();
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                var options = CommandHeaders.Imported(Actor.DemoImport, at);
                options.CorrelationId = "demo-synthetisch";
                options.CausationId = id;
                await bus.InvokeAsync<object>(command, options, ct);
                added = true;
            }
        }

        if (added) logger.LogInformation("Synthetic demo Kommunen created ({Count}, cohort {Cohort})", Profiles.Length, Cohort);
        return added;
    }

    /// <summary>Levels 1–3 at roughly 30, 45 and 25 per cent.</summary>
    private static int DrawLevel(Random random) => random.Next(20) switch
    {
        < 6 => 1,
        < 15 => 2,
        _ => 3,
    };

    /// <summary>Every criterion of a field answered alike, so the field's mean lands on the level (standard scheme: 1, 2, 3 points).</summary>
    private static string AnswerFor(int level) => level switch
    {
        1 => Answers.EherNein,
        2 => Answers.EherJa,
        _ => Answers.Ja,
    };

    private static List<(int N, DateTimeOffset At, object Command)> Steps(int i, Catalogue catalogue, IReadOnlyDictionary<int, int> levels)
    {
        var kommune = Ids[i];
        var (kind, land) = Profiles[i];
        var start = new DateOnly(2020, 1, 1);
        DateTimeOffset At(int month, int day, int hour) => BerlinTime.ToInstant(new DateOnly(2020, month, day), new TimeOnly(hour, 0));
        var respondent = IdOf(kommune, "befragte");
        var steps = new List<(int, DateTimeOffset, object)>
        {
            (1, At(1, 10, 9), new RegisterKommune(kommune, $"Fiktive Kommune {i + 1:00}", kind, land, Cohort, start)),
            (2, At(1, 10, 10), new MarkKommuneSynthetic(kommune, Purpose)),
            (3, At(5, 4 + i, 9), new OpenRound(kommune, RoundKinds.Full, Catalogue, CatalogueVersion, ActorGroups.Verwaltung, null, null)),
            (4, At(5, 4 + i, 10), new AddRespondent(kommune, 1, respondent, IdOf(kommune, "link"), "Steuerungsgruppe", null, null)),
            (5, At(6, 1 + i, 9), new RecordAnswers(kommune, 1, respondent, catalogue.Fields
                .SelectMany(f => f.Criteria.Select(c => new AnswerInput(c.Id, AnswerFor(levels[f.Number])))).ToList())),
            (6, At(6, 1 + i, 10), new SubmitAnswers(kommune, 1, respondent)),
            (7, At(6, 20, 9), new CloseRound(kommune, 1)),
        };
        // Every other Kommune has held its workshop, so the programme overview shows progress in between.
        if (i % 2 == 0)
        {
            var workshop = IdOf(kommune, "workshop-id");
            steps.Add((8, At(7, 1, 9), new ScheduleWorkshop(kommune, workshop, "Selbstcheck-Workshop", $"2020-09-{10 + i:00}T10:00", null, true, null)));
            steps.Add((9, At(9, 10 + i, 16), new MarkWorkshopHeld(kommune, workshop)));
        }

        return steps;
    }

    /// <summary>A stable id from the Kommune and a purpose (the same on every installation).</summary>
    private static Guid IdOf(string kommune, string purpose)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{Seed}/{kommune}/{purpose}"))[..16];
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4 layout, deterministic content
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes);
    }
}
