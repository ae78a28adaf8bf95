using Marten;
using Newtonsoft.Json.Linq;
using Selbstcheck.Workflow.Teilnahme;
using Snapshooter;
using Snapshooter.Xunit;
using Weasel.Core;

namespace Selbstcheck.Workflow.Tests.Events;

/// <summary>
/// Events are the long-term storage format. Each event type's JSON, as the store writes it, is
/// pinned by a snapshot; a refactoring that changes a shape fails here. A new event type must
/// get a sample below, or <see cref="every_event_type_has_a_pinned_sample"/> fails.
/// </summary>
public class EventJsonTests
{
    private static readonly Guid Person = Guid.Parse("0191b7c4-5a2e-7c3e-9a51-3e82dda8c29c");
    private static readonly Guid PreviousPerson = Guid.Parse("0191b7c4-5a2e-7c3e-9a51-000000000001");

    public static readonly IReadOnlyDictionary<Type, object> Samples = new Dictionary<Type, object>
    {
        [typeof(KommuneRegistered)] = new KommuneRegistered(
            "dessau-rosslau", "Dessau-Roßlau", "Kreisfreie Stadt", "Sachsen-Anhalt", "2020-1", new DateOnly(2020, 1, 1), "15001000"),
        [typeof(FacilitatorAssigned)] = new FacilitatorAssigned("dessau-rosslau", Person, PreviousPerson),
        [typeof(LeadOfficeNamed)] = new LeadOfficeNamed("dessau-rosslau", "Integrationsbüro"),
        [typeof(UnitAdded)] = new UnitAdded("dessau-rosslau", "Amt für Stadtentwicklung", "stadtentwicklung@example.org"),
        [typeof(UnitEmailChanged)] = new UnitEmailChanged("dessau-rosslau", "Amt für Stadtentwicklung", null),
    };

    public static TheoryData<string> EventTypeNames => new(EventCatalog.All.Select(t => t.Name));

    [Fact]
    public void every_event_type_has_a_pinned_sample()
    {
        var missing = EventCatalog.All.Where(t => !Samples.ContainsKey(t)).Select(t => t.Name).ToList();
        Assert.True(missing.Count == 0, $"Event types without a JSON sample: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(EventTypeNames))]
    public void event_json_is_pinned(string typeName)
    {
        var type = EventCatalog.All.Single(t => t.Name == typeName);
        var sample = Samples[type];
        var json = StoreSerializer().ToJson(sample);

        Snapshot.Match(JToken.Parse(json), SnapshotNameExtension.Create(typeName));

        // And it reads back to the same value: no field is lost on the way through the store.
        Assert.Equal(sample, StoreSerializer().FromJson(type, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))));
    }

    private static Marten.ISerializer StoreSerializer()
    {
        var options = new StoreOptions();
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        return options.Serializer();
    }
}
