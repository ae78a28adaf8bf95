using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Kommunen;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Programme;
using Wolverine;

namespace Selbstcheck.Host.Demo;

/// <summary>The demo timeline as shipped in Demo/dessau-rosslau.json.</summary>
public sealed record DemoTimeline(
    string Kommune,
    string About,
    IReadOnlyList<DemoDate> Timeline,
    IReadOnlyList<DemoPerson> People,
    IReadOnlyList<DemoPart> Parts,
    int Version = 1)
{
    /// <summary>
    /// #14: the prefix of the causation ids of this version's steps. Version 1 (before #14) used "demo/";
    /// every later version its own, so a stream holding an older version's steps is recognised.
    /// </summary>
    public string StepPrefix => Version <= 1 ? "demo/" : $"demo/v{Version}/";

    /// <summary>#14: whether the causation ids of a stream's events show the steps of another (older) demo version.</summary>
    public bool IsOtherVersion(IEnumerable<string?> causations) =>
        causations.OfType<string>().Any(c => c.StartsWith("demo/", StringComparison.Ordinal) &&
                                             (Version <= 1 ? c.StartsWith("demo/v", StringComparison.Ordinal) : !c.StartsWith(StepPrefix, StringComparison.Ordinal)));

    public static DemoTimeline Load()
    {
        using var stream = typeof(DemoTimeline).Assembly.GetManifestResourceStream("Selbstcheck.Host.Demo.dessau-rosslau.json")
            ?? throw new InvalidOperationException("demo data missing from the assembly");
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        return JsonSerializer.Deserialize<DemoTimeline>(stream, options)!;
    }

    /// <summary>The instant of a timeline entry ("2020-07-01T13:00" local, or an all-day date at midnight) in Berlin.</summary>
    public DateTimeOffset InstantOf(string key)
    {
        var entry = Timeline.Single(t => t.Key == key);
        if (BerlinTime.TryParseLocal(entry.At, out var local)) return BerlinTime.ToInstant(local);
        return BerlinTime.ToInstant(DateOnly.ParseExact(entry.At, "yyyy-MM-dd"), TimeOnly.MinValue);
    }

    /// <summary>Whether the timeline marks the date of entry KEY as assumed (not given by the documentation).</summary>
    public bool IsAssumed(string key) => Timeline.Single(t => t.Key == key).Assumed;
}

public sealed record DemoDate(string Key, string At, bool Assumed, string What);

public sealed record DemoPerson(Guid Id, string Name, string? Organisation, string? Email);

public sealed record DemoPart(string Part, IReadOnlyList<DemoStep> Steps, string? About = null);

/// <summary>One record of the past: a command (named by its type in Workflow) with its data (the Kommune is the timeline's), at a timeline entry; Assumed names fields of the data the documentation does not give.</summary>
public sealed record DemoStep(string When, string Command, JsonObject Data, IReadOnlyList<string>? Assumed = null);

/// <summary>
/// Imports the demo as historical records: each step is its command, sent through the bus to the
/// same handler as a live command, as the demo import, with the step's original date — so the
/// decision sees that date as its "now", every event carries it as its timestamp and is marked as
/// imported (and, where the timeline marks the date as assumed, as assumed; a step's assumed data
/// fields are named too), and no reminder is planned. Each step's causation id names it ("demo/part/step"), so a
/// start finds the steps already imported and adds only the rest: installations pick up the parts
/// later issues ship — but only while the stream holds nothing but imported events.
/// </summary>
public sealed class DemoLoader(IDocumentStore store, IServiceScopeFactory scopes, ILogger<DemoLoader> logger)
{
    /// <summary>Events of older versions of this import name their part in this header.</summary>
    private const string LegacyPartHeader = "demoPart";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The commands a step may name: every command type of the Workflow.</summary>
    private static readonly IReadOnlyDictionary<string, Type> Commands = typeof(IKommuneCommand).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IKommuneCommand).IsAssignableFrom(t))
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    public Task<IReadOnlyList<string>> LoadAsync(CancellationToken ct) => LoadAsync(DemoTimeline.Load(), ct);

    /// <summary>Imports the steps of <paramref name="demo"/> not yet present; returns the parts it added to.</summary>
    public async Task<IReadOnlyList<string>> LoadAsync(DemoTimeline demo, CancellationToken ct)
    {
        // One importer at a time across the nodes: a second one waits, then finds the steps present.
        // The lock is the session's: released explicitly, since the pooled connection outlives this import.
        await using var guard = store.Storage.Database.CreateConnection();
        await guard.OpenAsync(ct);
        await using (var lockCommand = new Npgsql.NpgsqlCommand($"select pg_advisory_lock({ImportLock})", guard))
        {
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        try
        {
            return await ImportAsync(demo, ct);
        }
        finally
        {
            await using var unlock = new Npgsql.NpgsqlCommand($"select pg_advisory_unlock({ImportLock})", guard);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private const string ImportLock = "hashtext('selbstcheck-demo-import')";

    private async Task<IReadOnlyList<string>> ImportAsync(DemoTimeline demo, CancellationToken ct)
    {
        await using (var people = store.LightweightSession())
        {
            var action = ProgrammeAction.Own(Actor.DemoImport, $"demo-{demo.Kommune}", imported: true);
            foreach (var p in demo.People)
            {
                if (await people.LoadAsync<PersonRecord>(p.Id, ct) is null)
                {
                    people.Insert(new PersonRecord(p.Id, p.Name, p.Email, p.Organisation, demo.InstantOf(demo.Timeline[0].Key)));
                    // Recorded when it is stored (the programme stream's time runs forward), marked as imported.
                    await ProgrammeLog.AppendAsync(people, action, ct, new PersonRegistered(p.Id));
                }
            }

            await people.SaveChangesAsync(ct);
        }

        IReadOnlyList<IEvent> existing;
        await using (var query = store.QuerySession())
        {
            existing = await query.Events.FetchStreamAsync(demo.Kommune, token: ct);
        }

        var done = existing.Select(e => e.CausationId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var legacyParts = existing.Select(e => e.Headers?.GetValueOrDefault(LegacyPartHeader)?.ToString()).OfType<string>().ToHashSet();
        var live = existing.Any(e => !ImportedHistory.IsImported(e));
        // #14: the chained history is never rewritten. A stream holding another version's demo steps stays as it
        // is; the demo is re-created from scratch in a new database instead (ops/run does that for its own).
        if (existing.Count > 0 && (demo.IsOtherVersion(existing.Select(e => e.CausationId)) || (legacyParts.Count > 0 && demo.Version > 1)))
        {
            throw new DemoOutdated(demo.Kommune, demo.Version);
        }

        var last = existing.Count > 0 ? existing[^1].Timestamp : DateTimeOffset.MinValue;
        var appended = new List<string>();
        foreach (var part in demo.Parts)
        {
            var steps = part.Steps.Select((step, i) => (Step: step, Id: $"{demo.StepPrefix}{part.Part}/{i + 1}"))
                .Where(s => !legacyParts.Contains(part.Part) && !done.Contains(s.Id))
                .ToList();
            if (steps.Count == 0) continue;
            if (live)
            {
                logger.LogInformation("Demo part {Part} skipped: the stream {Kommune} already holds live (not imported) events", part.Part, demo.Kommune);
                continue;
            }

            foreach (var (step, id) in steps)
            {
                var at = demo.InstantOf(step.When);
                if (at < last) throw new InvalidOperationException($"Demo step {id} would go backwards in time ({at:O} < {last:O}).");
                await SendAsync(demo.Kommune, step, id, $"demo-{part.Part}", at, demo.IsAssumed(step.When), ct);
                last = at;
            }

            appended.Add(part.Part);
            logger.LogInformation("Demo part {Part} imported into {Kommune} ({Count} steps)", part.Part, demo.Kommune, steps.Count);
        }

        return appended;
    }

    private async Task SendAsync(string kommune, DemoStep step, string id, string correlation, DateTimeOffset at, bool assumed, CancellationToken ct)
    {
        var type = Commands.GetValueOrDefault(step.Command) ?? throw new InvalidOperationException($"demo step {id}: no command {step.Command}");
        // Every step addresses the timeline's Kommune (registration names it as the new id).
        var data = (JsonObject)step.Data.DeepClone();
        data[type == typeof(RegisterKommune) ? "id" : "kommuneId"] = kommune;
        var command = data.Deserialize(type, Json) ?? throw new InvalidOperationException($"demo step {id}: no data");
        await using var scope = scopes.CreateAsyncScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var options = CommandHeaders.Imported(Actor.DemoImport, at, assumed, step.Assumed);
        options.CorrelationId = correlation;
        options.CausationId = id;
        // The reply (whatever its type) is not needed; asking for one keeps it from being routed as a message.
        await bus.InvokeAsync<object>(command, options, ct);
    }
}

/// <summary>#14: the stream holds steps of another version of the shipped demo; it is left as it is (never rewritten).</summary>
public sealed class DemoOutdated(string kommune, int version)
    : Exception($"The stream {kommune} holds another version of the demo than the shipped version {version}; it is left unchanged. Re-create the demo database (ops/run does it for its private database).");

/// <summary>Runs the demo import in the background at start; readiness does not wait for it.</summary>
public sealed class DemoImportService(DemoLoader loader, LiveDemo live, SyntheticKommunen synthetic, StartupState state, ILogger<DemoImportService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        state.DemoStatus = "wird geladen";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var demo = DemoTimeline.Load();
                var parts = (await loader.LoadAsync(demo, stoppingToken)).ToList();
                if (await live.EnsureAsync(demo.People[0].Id, stoppingToken)) parts.Add(LiveDemo.Kommune);
                // #14 benchmark: synthetic Kommunen (after the catalogue seeder, like the import).
                if (await synthetic.EnsureAsync(stoppingToken)) parts.Add("synthetisch");
                state.DemoStatus = parts.Count == 0 ? "geladen (unverändert)" : $"geladen ({string.Join(", ", parts)})";
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (DemoOutdated outdated)
            {
                state.DemoStatus = "veraltet (ältere Demo-Version gespeichert; Demo-Datenbank neu anlegen)";
                logger.LogWarning(outdated, "Demo not imported");
                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                // Another node may be importing at the same moment: its commit wins, ours retries and finds the part present.
                logger.LogWarning(e, "Demo import attempt {Attempt} failed; retrying", attempt);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(attempt), stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception e)
            {
                state.DemoStatus = "fehlgeschlagen";
                logger.LogError(e, "Demo import failed");
                return;
            }
        }
    }
}
