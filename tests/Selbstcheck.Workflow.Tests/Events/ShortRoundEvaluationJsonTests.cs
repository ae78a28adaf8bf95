using Marten;
using Newtonsoft.Json.Linq;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;
using Snapshooter.Xunit;
using Weasel.Core;

namespace Selbstcheck.Workflow.Tests.Events;

/// <summary>
/// #14: a short round of questions records, with its evaluation, how many responses were evaluated and what each
/// question measures; the JSON as the store writes it is pinned (an evaluation without them keeps its old shape,
/// pinned in <see cref="EventJsonTests"/>).
/// </summary>
public class ShortRoundEvaluationJsonTests
{
    [Fact]
    public void a_short_round_evaluation_with_its_questions_is_pinned_and_reads_back()
    {
        var evaluated = new RoundEvaluated("dessau-rosslau", 4, "abgeschlossen", new Evaluation(
            "weltoffene-kommune-2020", "2020.2", "standard", "1",
            new LevelResult(2, "Die Kommune ist auf dem Weg fortgeschritten.", "2", 2m),
            [
                new FieldResult(4, "interkulturelle-oeffnung-und-antirassismus", "Interkulturelle Öffnung und Antirassismus", 2, "Die Kommune ist auf dem Weg fortgeschritten.",
                    "2", 2m, 2, 2, [],
                    [
                        new CriterionResult("4-a", "Arbeiten in Vereinen … mit?", "2", 2m, new Dictionary<string, int> { ["ja"] = 1, ["eher ja"] = 4, ["eher nein"] = 1, ["nein"] = 0, ["keine Angabe"] = 0 }, "ja", "eher nein", true, null),
                        new CriterionResult("4-b", "Tut Ihre Stadt etwas gegen Rassismus und Benachteiligung?", "2", 2m, new Dictionary<string, int> { ["ja"] = 0, ["eher ja"] = 6, ["eher nein"] = 0, ["nein"] = 0, ["keine Angabe"] = 0 }, "eher ja", "eher ja", false, null),
                    ]),
            ],
            6,
            [new QuestionMeasure("4-a", 4, "4.4"), new QuestionMeasure("4-b", 4, null)]));
        var options = new StoreOptions();
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        var serializer = options.Serializer();

        var json = serializer.ToJson(evaluated);

        Snapshot.Match(JToken.Parse(json));
        var back = (RoundEvaluated)serializer.FromJson(typeof(RoundEvaluated), new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Equal(6, back.Evaluation.Responses);
        Assert.Equal(json, serializer.ToJson(back));
    }
}
