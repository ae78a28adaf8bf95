namespace Selbstcheck.Workflow.Common;

/// <summary>A Handlungsfeld: its number on the posters, its stable key, its name.</summary>
public sealed record FieldDefinition(int Number, string Key, string Name);

/// <summary>
/// The programme's seven Handlungsfelder (fields of action), as in the Selbstcheck catalogue of
/// 2020. A catalogue version may name its fields differently or add some; the numbers 1–7 are
/// always valid fields of the programme.
/// </summary>
public static class Fields
{
    public static readonly IReadOnlyList<FieldDefinition> Programme =
    [
        new(1, "management-und-steuerung", "Management und Steuerung"),
        new(2, "fairer-zugang-und-teilhabechancen", "Fairer Zugang und Teilhabechancen"),
        new(3, "arbeit-und-wirtschaftliche-entwicklung", "Arbeit und wirtschaftliche Entwicklung"),
        new(4, "interkulturelle-oeffnung-und-antirassismus", "Interkulturelle Öffnung und Antirassismus"),
        new(5, "engagement-und-beteiligung", "Engagement und Beteiligung"),
        new(6, "zusammenhalt-und-begegnung", "Zusammenhalt und Begegnung"),
        new(7, "kommunikation-und-konfliktmanagement", "Kommunikation und Konfliktmanagement"),
    ];

    public static readonly IReadOnlyList<int> ProgrammeNumbers = Programme.Select(f => f.Number).ToList();

    /// <summary>The fields a Kommune may name: the programme's, and those of its latest round's catalogue.</summary>
    public static IReadOnlyCollection<int> Valid(IEnumerable<int> latestRoundFields) => ProgrammeNumbers.Union(latestRoundFields).ToList();
}
