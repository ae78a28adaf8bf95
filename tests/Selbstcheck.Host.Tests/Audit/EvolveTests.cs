using System.Text.Json;
using JasperFx.Events;
using Marten;
using Marten.Events;
using Microsoft.Extensions.DependencyInjection;
using Selbstcheck.Host.Tests.Platform;
using Selbstcheck.Projections.ActionPlan;
using Selbstcheck.Projections.FacilitatorBoard;
using Selbstcheck.Projections.KommuneOverview;
using Selbstcheck.Projections.MaturityOverview;
using Selbstcheck.Projections.Milestones;
using Selbstcheck.Projections.QuestionnaireProgress;
using Selbstcheck.Projections.Replay;
using Selbstcheck.Projections.Workshops;
using Selbstcheck.Tests.Shared;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.People;

namespace Selbstcheck.Host.Tests.Audit;

/// <summary>
/// The read models' evolve functions — the one code path of the live projections and the as-of replay:
/// pure, per item, and replayed they give exactly the stored documents.
/// </summary>
public class EvolveTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2021-03-01T08:00:00Z");

    /// <summary>A note as events carry it: a reference into the personal-data vault.</summary>
    private static readonly PersonalRef Note = new(Guid.NewGuid(), "0f1e2d");

    private static IEvent At<T>(T data, int minutes, long version) where T : notnull =>
        new Event<T>(data) { Timestamp = T0.AddMinutes(minutes), Version = version, StreamKey = "k", UserName = "u-1" };

    [Fact]
    public void an_event_for_an_item_never_created_creates_nothing()
    {
        var item = Guid.NewGuid();

        Assert.Null(ActionPlanItemProjection.Evolve(null, At(new ActionItemNoted("k", item, Note, 2), 0, 2)));
        Assert.Null(MilestoneViewProjection.Evolve(null, At(new MilestoneCompleted("k", item, 2), 0, 2)));
        Assert.Null(WorkshopViewProjection.Evolve(null, At(new WorkshopHeld("k", item), 0, 2)));
        Assert.Null(KommuneOverviewProjection.Evolve(null, At(new LeadOfficeNamed("k", "Integrationsbüro"), 0, 2)));
        Assert.Null(MaturityOverviewProjection.Evolve(null, At(new RoundClosed("k", 1), 0, 2)));
        Assert.Null(FacilitatorBoardProjection.Evolve(null, At(new LeadOfficeNamed("k", "Integrationsbüro"), 0, 2)));
    }

    [Fact]
    public void an_action_item_evolves_from_its_events_with_their_times_and_users()
    {
        var id = Guid.NewGuid();
        IEvent[] events =
        [
            At(new ActionItemAdded("k", id, 5, "Kümmerer etablieren", [], "Integrationsbüro", true, "2021-04-01", null), 0, 7),
            At(new ActionItemPlanned("k", id, "Amt für Soziales", "2021-05-01", 2, "Neu verteilt"), 10, 9),
            At(new ActionItemNoted("k", id, Note, 3), 20, 10),
            At(new ActionItemStatusChanged("k", id, ActionStatus.Offen, "in Arbeit", null, 4), 30, 12),
        ];

        var item = JourneyReplay.Fold<ActionPlanItem>(events, ActionPlanItemProjection.Evolve)!;

        Assert.Equal(("Amt für Soziales", false, "2021-05-01"), (item.Owner, item.OwnerAssumed, item.Due));
        Assert.Equal(("in Arbeit", true, 4L, 7L), (item.Status, item.Open, item.ItemVersion, item.Position));
        Assert.Equal((T0, T0.AddMinutes(30)), (item.CreatedAt, item.ChangedAt));
        Assert.Equal(Note, Assert.Single(item.Notes).Text);
        // Every owner, due and status change, with who, when and why.
        Assert.Equal(
            [("verantwortlich", "Integrationsbüro", "Amt für Soziales", "Neu verteilt"), ("faellig", "2021-04-01", "2021-05-01", "Neu verteilt"), ("status", ActionStatus.Offen, "in Arbeit", null)],
            item.History.Select(h => (h.Kind, h.From, h.To, h.Reason)).ToArray());
        Assert.All(item.History, h => Assert.Equal("u-1", h.By));
        Assert.Equal(T0.AddMinutes(10), item.History[0].At);
    }

    [Fact]
    public void the_overview_passes_over_events_it_does_not_read()
    {
        var registered = KommuneOverviewProjection.Evolve(null, At(new KommuneRegistered("k", "Testkommune", "Stadt", "Sachsen-Anhalt", null, null, null), 0, 1))!;
        var before = JsonSerializer.Serialize(registered);

        var after = KommuneOverviewProjection.Evolve(registered, At(new ActionItemNoted("k", Guid.NewGuid(), Note, 2), 60, 2));

        Assert.Same(registered, after);
        Assert.Equal(before, JsonSerializer.Serialize(after));
        Assert.Equal(T0, after!.LastActivityAt);
    }

    [Fact]
    public async Task the_replay_groups_events_per_item_as_the_projections_do()
    {
        var host = await TestHost.Instance;
        await using var session = host.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var (a, b, m) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        IEvent[] events =
        [
            At(new KommuneRegistered("k", "Testkommune", "Stadt", "Sachsen-Anhalt", null, null, null), 0, 1),
            At(new ActionItemAdded("k", a, 5, "A", [], "Integrationsbüro", false, null, null), 1, 2),
            At(new ActionItemAdded("k", b, 4, "B", [], "Integrationsbüro", false, null, null), 2, 3),
            At(new MilestonePlanned("k", m, "Dokumentation", "Dokumentation", "Integrationsbüro", null, "2021-04-01", null, [], [], null, null), 3, 4),
            At(new ActionItemNoted("k", b, Note, 2), 4, 5),
            At(new MilestoneCompleted("k", m, 2), 5, 6),
        ];

        var journey = await JourneyReplay.ReplayAsync(session, events);

        Assert.Equal(new[] { a, b }.Order(), journey.ActionItems.Select(i => i.Id).Order());
        Assert.Empty(journey.ActionItems.Single(i => i.Id == a).Notes);
        Assert.Single(journey.ActionItems.Single(i => i.Id == b).Notes);
        Assert.Equal(MilestoneStatus.Erledigt, Assert.Single(journey.Milestones).Status);
        Assert.Equal("Testkommune", journey.Overview!.Name);
        Assert.Equal(new[] { a, b }.Order(), journey.Board!.OpenActionItems.Order());
        Assert.False(journey.Board.Milestones[m].Open);
        Assert.Null(journey.Maturity);
        Assert.Empty(journey.Rounds);
    }

    /// <summary>A read model added later must come with its evolve function and its place in the replay, or the state would silently lack it.</summary>
    [Fact]
    public async Task every_read_model_projection_has_one_evolve_function_and_a_place_in_the_replay()
    {
        var host = await TestHost.Instance;
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var replayed = typeof(JourneyAsOf).GetProperties()
            .Select(p => p.PropertyType.IsGenericType ? p.PropertyType.GetGenericArguments()[0] : p.PropertyType).ToHashSet();
        var projections = ((DocumentStore)store).Options.Projections.All.Select(p => p.GetType())
            .Where(t => t.Assembly == typeof(JourneyReplay).Assembly).Distinct().ToList();

        Assert.Equal(7, projections.Count);
        foreach (var projection in projections)
        {
            var document = DocumentOf(projection);
            Assert.True(replayed.Contains(document), $"{document.Name} is not replayed");
            var evolve = projection.GetMethod("Evolve", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static, [document, typeof(IEvent)]);
            Assert.True(evolve is not null && evolve.ReturnType == document, $"{projection.Name} has no static Evolve({document.Name}?, IEvent)");
            // No conventional methods beside it: Marten would refuse them, and a second path could drift.
            Assert.DoesNotContain(projection.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly),
                m => m.Name is "Apply" or "Create" or "ShouldDelete");
        }
    }

    private static Type DocumentOf(Type projection)
    {
        for (var t = projection.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericArguments().Length == 2) return t.GetGenericArguments()[0];
        }

        throw new InvalidOperationException($"{projection.Name}: no document type");
    }

    /// <summary>Every document the projections keep for the demo — the asynchronous board included — equals its replay from the stream.</summary>
    [Fact]
    public async Task replaying_the_demo_gives_exactly_the_stored_documents()
    {
        await DemoTests.FirstLoad.Value;
        var host = await TestHost.Instance;
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));
        await using var session = store.QuerySession();
        const string k = "dessau-rosslau";

        var events = await session.Events.FetchStreamAsync(k);
        var journey = await JourneyReplay.ReplayAsync(session, events);

        var serializer = store.Options.Serializer();
        void Same<T>(string what, T? stored, T? replayed) =>
            JsonAssert.Same(what, Parse(serializer.ToJson(stored)), Parse(serializer.ToJson(replayed)));
        Same("overview", await session.LoadAsync<KommuneOverview>(k), journey.Overview);
        Same("maturity", await session.LoadAsync<MaturityOverview>(k), journey.Maturity);
        Same("board", await session.LoadAsync<FacilitatorBoardEntry>(k), journey.Board);
        Same("rounds", await Stored<QuestionnaireProgress>(session, p => p.KommuneId == k, p => p.Id), journey.Rounds.OrderBy(p => p.Id, StringComparer.Ordinal).ToList());
        Same("workshops", await Stored<WorkshopView>(session, w => w.KommuneId == k, w => w.Id.ToString()), journey.Workshops.OrderBy(w => w.Id.ToString(), StringComparer.Ordinal).ToList());
        Same("action items", await Stored<ActionPlanItem>(session, i => i.KommuneId == k, i => i.Id.ToString()), journey.ActionItems.OrderBy(i => i.Id.ToString(), StringComparer.Ordinal).ToList());
        Same("milestones", await Stored<MilestoneView>(session, m => m.KommuneId == k, m => m.Id.ToString()), journey.Milestones.OrderBy(m => m.Id.ToString(), StringComparer.Ordinal).ToList());
        Assert.NotEmpty(journey.ActionItems);
        Assert.NotEmpty(journey.Milestones);
    }

    private static async Task<List<T>> Stored<T>(IQuerySession session, System.Linq.Expressions.Expression<Func<T, bool>> where, Func<T, string> key) where T : notnull =>
        (await session.Query<T>().Where(where).ToListAsync()).OrderBy(key, StringComparer.Ordinal).ToList();

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;
}
