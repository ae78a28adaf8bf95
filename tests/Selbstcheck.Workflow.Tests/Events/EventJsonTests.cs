using Marten;
using Newtonsoft.Json.Linq;
using Selbstcheck.Workflow.Fragebogen;
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
    private static readonly Guid Respondent = Guid.Parse("0191b7c4-5a2e-7c3e-9a52-000000000001");
    private static readonly Guid Link = Guid.Parse("0191b7c4-5a2e-7c3e-9a53-000000000001");
    private static readonly Guid PreviousPerson = Guid.Parse("0191b7c4-5a2e-7c3e-9a51-000000000001");

    public static readonly IReadOnlyDictionary<Type, object> Samples = new Dictionary<Type, object>
    {
        [typeof(KommuneRegistered)] = new KommuneRegistered(
            "dessau-rosslau", "Dessau-Roßlau", "Kreisfreie Stadt", "Sachsen-Anhalt", "2020-1", new DateOnly(2020, 1, 1), "15001000"),
        [typeof(FacilitatorAssigned)] = new FacilitatorAssigned("dessau-rosslau", Person, PreviousPerson),
        [typeof(LeadOfficeNamed)] = new LeadOfficeNamed("dessau-rosslau", "Integrationsbüro"),
        [typeof(UnitAdded)] = new UnitAdded("dessau-rosslau", "Amt für Stadtentwicklung", "stadtentwicklung@example.org"),
        [typeof(UnitEmailChanged)] = new UnitEmailChanged("dessau-rosslau", "Amt für Stadtentwicklung", null),
        [typeof(RoundOpened)] = new RoundOpened(
            "dessau-rosslau", 1, "short", "kurzform", "weltoffene-kommune-2020", "2020.1", "Zivilgesellschaft", new DateOnly(2020, 11, 30),
            ["1.2", "5.1"], [1, 5]),
        [typeof(RespondentAdded)] = new RespondentAdded("dessau-rosslau", 1, Respondent, "Integrationsbüro", "I", Person, Link),
        [typeof(AnswerRecorded)] = new AnswerRecorded("dessau-rosslau", 1, Respondent, "1.1", "eher ja", "Steuerungsgruppe seit 2018", "https://example.org/beschluss", true, 2),
        [typeof(AnswersSubmitted)] = new AnswersSubmitted("dessau-rosslau", 1, Respondent, false),
        [typeof(ConsensusRecorded)] = new ConsensusRecorded("dessau-rosslau", 1, "4.4", "eher nein", "In der Steuerungsgruppe besprochen", 1),
        [typeof(RoundClosed)] = new RoundClosed("dessau-rosslau", 1),
        [typeof(RoundEvaluated)] = new RoundEvaluated("dessau-rosslau", 1, "abgeschlossen", new Evaluation(
            "weltoffene-kommune-2020", "2020.1", "standard", "1",
            new LevelResult(2, "Die Kommune ist auf dem Weg zur Weltoffenheit fortgeschritten", "7/4", 1.75m),
            [
                new FieldResult(5, "engagement-und-beteiligung", "Engagement und Beteiligung", 1, "Die Kommune ist auf dem Weg zur Weltoffenheit",
                    "4/3", 1.33m, 3, 3, ["5.1", "5.2", "5.3"],
                    [
                        new CriterionResult("5.3", "Globale Verantwortung", "0", 0m,
                            new Dictionary<string, int> { ["ja"] = 0, ["eher ja"] = 0, ["eher nein"] = 0, ["nein"] = 1, ["keine Angabe"] = 0 },
                            "nein", "nein", false, null),
                    ]),
            ])),
        [typeof(CommentaryRecorded)] = new CommentaryRecorded("dessau-rosslau", 1, 5, "Engagement und Beteiligung sind für viele Einwohner*innen möglich.", 1),
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

        // And it reads back to the same JSON: no field is lost on the way through the store.
        var back = StoreSerializer().FromJson(type, new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Equal(json, StoreSerializer().ToJson(back));
    }

    private static Marten.ISerializer StoreSerializer()
    {
        var options = new StoreOptions();
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        return options.Serializer();
    }
}
