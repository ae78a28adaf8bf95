using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using JasperFx.Events;
using Marten;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Erinnerungen;
using Selbstcheck.Workflow.Fragebogen;
using Selbstcheck.Workflow.Meilensteine;
using Selbstcheck.Workflow.Workshop;
using Selbstcheck.Workflow.People;
using Selbstcheck.Workflow.Teilnahme;

namespace Selbstcheck.Host.Demo;

/// <summary>The demo timeline as shipped in Demo/dessau-rosslau.json.</summary>
public sealed record DemoTimeline(
    string Kommune,
    string About,
    IReadOnlyList<DemoDate> Timeline,
    IReadOnlyList<DemoPerson> People,
    IReadOnlyList<DemoPart> Parts)
{
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
}

public sealed record DemoDate(string Key, string At, bool Assumed, string What);

public sealed record DemoPerson(Guid Id, string Name, string? Organisation, string? Email);

public sealed record DemoPart(string Part, IReadOnlyList<DemoStep> Steps);

public sealed record DemoStep(string When, string Command, JsonObject Data);

/// <summary>
/// Imports the demo as historical records: each step runs through the same decision as the
/// live command, and its events are appended with the step's original date as timestamp and
/// marked as imported. Parts not yet present are added, so existing installations pick up the
/// parts later issues ship — but only while the stream holds nothing but imported events.
/// </summary>
public sealed class DemoLoader(IDocumentStore store, ILogger<DemoLoader> logger)
{
    public const string ImportedHeader = "imported";
    public const string PartHeader = "demoPart";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<IReadOnlyList<string>> LoadAsync(CancellationToken ct) => LoadAsync(DemoTimeline.Load(), ct);

    /// <summary>Appends the parts of <paramref name="demo"/> not yet present; returns their names.</summary>
    public async Task<IReadOnlyList<string>> LoadAsync(DemoTimeline demo, CancellationToken ct)
    {
        var appended = new List<string>();

        await using (var people = store.LightweightSession())
        {
            foreach (var p in demo.People)
            {
                if (await people.LoadAsync<PersonRecord>(p.Id, ct) is null)
                {
                    people.Insert(new PersonRecord(p.Id, p.Name, p.Email, p.Organisation, demo.InstantOf(demo.Timeline[0].Key)));
                }
            }

            await people.SaveChangesAsync(ct);
        }

        foreach (var part in demo.Parts)
        {
            await using var session = store.LightweightSession();
            var existing = await session.Events.FetchStreamAsync(demo.Kommune, token: ct);
            if (existing.Any(e => e.Headers?.TryGetValue(PartHeader, out var p) == true && p?.ToString() == part.Part))
            {
                continue;
            }

            if (existing.Any(e => !IsImported(e)))
            {
                logger.LogInformation(
                    "Demo part {Part} skipped: the stream {Kommune} already holds live (not imported) events", part.Part, demo.Kommune);
                continue;
            }

            var state = existing.Aggregate((KommuneJourney?)null, (s, e) => KommuneJourney.Next(s, e.Data));
            var last = existing.Count > 0 ? existing[^1].Timestamp : DateTimeOffset.MinValue;
            var toAppend = new List<IEvent>();
            foreach (var step in part.Steps)
            {
                var at = demo.InstantOf(step.When);
                if (at < last)
                {
                    throw new InvalidOperationException($"Demo step {part.Part}/{step.When} would go backwards in time ({at:O} < {last:O}).");
                }

                // Programme milestones follow rounds and workshops as in the live handlers; imported
                // history never triggers reminders, so the plans the live decisions make are left out.
                var stepEvents = await DecideAsync(session, step, demo.Kommune, state, at, ct);
                var decided = (state is null ? stepEvents : ProgrammeMilestones.Follow(state, stepEvents, at)).Where(e => e is not RemindersPlanned);
                foreach (var data in decided)
                {
                    if (data is KommuneRegistered { Ags: { } ags } &&
                        await session.LoadAsync<AgsReservation>(ags, ct) is null)
                    {
                        session.Insert(new AgsReservation(ags, demo.Kommune));
                    }

                    state = KommuneJourney.Next(state, data);
                    var e = session.Events.BuildEvent(data);
                    e.Timestamp = at.ToUniversalTime(); // Npgsql writes timestamptz from UTC offsets only
                    e.SetHeader(ImportedHeader, true);
                    e.SetHeader(PartHeader, part.Part);
                    e.SetHeader("actorRole", Actor.DemoImport.Role);
                    toAppend.Add(e);
                }

                last = at;
            }

            session.LastModifiedBy = Actor.DemoImport.Id;
            session.CorrelationId = $"demo-{part.Part}";
            if (existing.Count == 0)
            {
                session.Events.StartStream<KommuneJourney>(demo.Kommune, toAppend.Cast<object>().ToArray());
            }
            else
            {
                session.Events.Append(demo.Kommune, existing.Count + toAppend.Count, toAppend.Cast<object>().ToArray());
            }

            await session.SaveChangesAsync(ct);
            appended.Add(part.Part);
            logger.LogInformation("Demo part {Part} imported into {Kommune} ({Count} events)", part.Part, demo.Kommune, toAppend.Count);
        }

        return appended;
    }

    public static bool IsImported(IEvent e)
    {
        if (e.Headers is null || !e.Headers.TryGetValue(ImportedHeader, out var value)) return false;
        return value is true or JsonElement { ValueKind: JsonValueKind.True } ||
               string.Equals(value?.ToString(), "true", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<IReadOnlyList<object>> DecideAsync(
        IDocumentSession session, DemoStep step, string kommune, KommuneJourney? state, DateTimeOffset at, CancellationToken ct)
    {
        T Read<T>() => step.Data.Deserialize<T>(Json)!;
        KommuneJourney Existing() => state ?? throw new InvalidOperationException($"demo step {step.Command} before registration");
        int LatestRound() => Existing().Rounds.Keys.Max();
        Guid LatestWorkshop() => Existing().Workshops.Keys.Max();

        switch (step.Command)
        {
            case "registerKommune":
                return RegisterKommuneDecision.Decide(
                    RegisterKommuneDecision.Validate(Read<RegisterKommune>() with { Id = kommune }), state is not null, null);
            case "assignFacilitator":
                return AssignFacilitatorDecision.Decide(
                    new AssignFacilitator(kommune, step.Data["personId"]!.GetValue<Guid>()), Existing(), personExists: true);
            case "nameLeadOffice":
                return NameLeadOfficeDecision.Decide(new NameLeadOffice(kommune, (string?)step.Data["unit"]), Existing());
            case "openRound":
            {
                var c = Read<OpenRound>() with { KommuneId = kommune };
                var record = await CatalogueImport.FindAsync(session, c.Catalogue!, c.CatalogueVersion, ct);
                var events = OpenRoundDecision.Decide(c, Existing(), record?.Catalogue, BerlinTime.Today(at));
                CatalogueImport.MarkUsed(session, record!);
                return events;
            }

            case "addRespondent":
                return AddRespondentDecision.Decide(Read<AddRespondent>() with { KommuneId = kommune, Round = LatestRound() }, Existing(), false);
            case "recordAnswers":
                // Entered by the import on the respondent's behalf, from the documentation.
                return RecordAnswersDecision.Decide(Read<RecordAnswers>() with { KommuneId = kommune, Round = LatestRound(), OnBehalf = true }, Existing());
            case "submitAnswers":
                return SubmitAnswersDecision.Decide(Read<SubmitAnswers>() with { KommuneId = kommune, Round = LatestRound(), OnBehalf = true }, Existing());
            case "closeRound":
            {
                var round = Existing().Rounds[LatestRound()];
                return CloseRoundDecision.Decide(new CloseRound(kommune, round.Number), Existing(),
                    await RoundCatalogue.LoadAsync(session, round, ct),
                    await CatalogueImport.SchemeAsync(session, ScoringScheme.Standard.Id, ScoringScheme.Standard.Version, ct));
            }

            case "scheduleWorkshop":
                return WorkshopScheduleDecisions.Decide(Read<ScheduleWorkshop>() with { KommuneId = kommune }, Existing());
            case "setAgenda":
                return WorkshopContentDecisions.Decide(Read<SetWorkshopAgenda>() with { KommuneId = kommune, WorkshopId = LatestWorkshop() }, Existing());
            case "recordParticipants":
                return WorkshopContentDecisions.Decide(Read<RecordParticipants>() with { KommuneId = kommune, WorkshopId = LatestWorkshop() }, Existing());
            case "markHeld":
                return WorkshopScheduleDecisions.Decide(new MarkWorkshopHeld(kommune, LatestWorkshop()), Existing());
            case "recordUnderstanding":
                return WorkshopContentDecisions.Decide(Read<RecordUnderstanding>() with { KommuneId = kommune, WorkshopId = LatestWorkshop() }, Existing());
            case "confirmPriorities":
                return PrioritiseDecisions.Decide(Read<ConfirmPriorities>() with { KommuneId = kommune, WorkshopId = LatestWorkshop() }, Existing(),
                    PrioritiseHandler.Fields(Existing()));
            case "recordWorkingGroup":
                return PrioritiseDecisions.Decide(Read<RecordWorkingGroup>() with { KommuneId = kommune, WorkshopId = LatestWorkshop() }, Existing(),
                    PrioritiseHandler.Fields(Existing()), Guid.CreateVersion7);
            case "recordAgreements":
                return WorkshopContentDecisions.Decide(Read<RecordAgreements>() with { KommuneId = kommune, WorkshopId = LatestWorkshop() }, Existing(), Guid.CreateVersion7);
            case "recordFeedback":
                return WorkshopContentDecisions.Decide(Read<RecordFeedback>() with { KommuneId = kommune, WorkshopId = LatestWorkshop() }, Existing());
            case "planMilestoneFromAgreement":
            {
                // An assumed due date is marked in the data ("dueDateAssumed"), like the timeline's assumed dates.
                var c = new PlanMilestoneFromAgreement(kommune, step.Data["milestoneId"]!.GetValue<Guid>(), LatestWorkshop(),
                    step.Data["agreementId"]!.GetValue<Guid>(), (string?)step.Data["owner"], (string?)step.Data["dueDate"], null);
                return MilestoneDecisions.Decide(c, Existing(), at);
            }

            case "completeMilestone":
                return MilestoneDecisions.Decide(new CompleteMilestone(kommune, step.Data["milestoneId"]!.GetValue<Guid>(), null), Existing());
            case "recordCommentary":
                return RecordCommentaryDecision.Decide(Read<RecordCommentary>() with { KommuneId = kommune, Round = LatestRound() }, Existing());
            default:
                throw new InvalidOperationException($"unknown demo command {step.Command}");
        }
    }
}

/// <summary>Runs the demo import in the background at start; readiness does not wait for it.</summary>
public sealed class DemoImportService(DemoLoader loader, LiveDemo live, StartupState state, ILogger<DemoImportService> logger) : BackgroundService
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
                state.DemoStatus = parts.Count == 0 ? "geladen (unverändert)" : $"geladen ({string.Join(", ", parts)})";
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
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
