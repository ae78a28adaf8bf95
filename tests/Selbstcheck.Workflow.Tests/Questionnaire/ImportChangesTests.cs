using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Workflow.Tests.Questionnaire;

/// <summary>#15 H4: the preview of an import: what a catalogue or scoring-scheme version changes against the one before it.</summary>
public class ImportChangesTests
{
    private static readonly Catalogue V1 = TestCatalogue.Catalogue;

    [Fact]
    public void a_new_catalogue_version_shows_fields_and_criteria_added_removed_and_changed()
    {
        var v2 = V1 with
        {
            Version = "2",
            Fields =
            [
                // renamed, one criterion reworded, one removed, one added
                new CatalogueField(1, "management", "Steuerung", [new("1.1", "Strukturen und Zuständigkeiten"), new("1.2", "Stellenwert"), new("1.3", "Führung"), new("1.5", "Berichtswesen")]),
                // field 3 removed; a new field 4; field 5 renumbered
                new CatalogueField(4, "bildung", "Bildung", [new("4.1", "Bildungszugang")]),
                new CatalogueField(6, "engagement", "Engagement und Beteiligung", [new("5.1", "Engagement"), new("5.2", "Beteiligung"), new("5.3", "Globale Verantwortung")]),
            ],
        };

        var changes = CatalogueChanges.Between(V1, v2);

        Assert.Equal(["Handlungsfeld 4: Bildung"], changes.FieldsAdded);
        Assert.Equal(["Handlungsfeld 3: Arbeit und wirtschaftliche Entwicklung"], changes.FieldsRemoved);
        Assert.Equal(["Handlungsfeld 1: Name „Management und Steuerung“ → „Steuerung“", "Handlungsfeld „Engagement und Beteiligung“: Nummer 5 → 6"], changes.FieldsChanged);
        Assert.Equal(["1.5: Berichtswesen", "4.1: Bildungszugang"], changes.CriteriaAdded);
        Assert.Equal(["1.4: Monitoring", "3.1: Gesamteinschätzung des Handlungsfeldes"], changes.CriteriaRemoved);
        Assert.Equal(["Kriterium 1.1: Text „Strukturen“ → „Strukturen und Zuständigkeiten“"], changes.CriteriaChanged);
        Assert.Empty(changes.ShortFormsChanged);
        Assert.False(changes.None);
    }

    [Fact]
    public void the_same_catalogue_changes_nothing_and_a_first_version_is_all_new()
    {
        Assert.True(CatalogueChanges.Between(V1, V1 with { Version = "2" }).None);
        var first = CatalogueChanges.Between(null, V1);
        Assert.Equal(3, first.FieldsAdded.Count);
        Assert.Equal(8, first.CriteriaAdded.Count);
        Assert.Equal(["Kurzform „kurzform“ neu"], first.ShortFormsChanged);
    }

    [Fact]
    public void a_criterion_moved_to_another_field_and_a_changed_short_form_are_shown()
    {
        var v2 = V1 with
        {
            Fields = [V1.Fields[0] with { Criteria = V1.Fields[0].Criteria.Take(3).ToList() }, V1.Fields[1] with { Criteria = [.. V1.Fields[1].Criteria, new("1.4", "Monitoring")] }, V1.Fields[2]],
            ShortForms = [new ShortForm("kurzform", null, ["1.2"])],
        };

        var changes = CatalogueChanges.Between(V1, v2);

        Assert.Equal(["Kriterium 1.4: von Handlungsfeld 1 nach Handlungsfeld 3"], changes.CriteriaChanged);
        Assert.Equal(["Kurzform „kurzform“ geändert"], changes.ShortFormsChanged);
    }

    [Fact]
    public void a_scoring_scheme_version_shows_points_and_levels_changed_added_and_removed()
    {
        var strict = ScoringScheme.Standard with
        {
            Version = "2",
            Points = new Dictionary<string, int> { [Answers.Ja] = 4, [Answers.EherJa] = 2, [Answers.EherNein] = 1, [Answers.Nein] = 0 },
            Levels =
            [
                new LevelBound(1, "0", "Die Kommune ist auf dem Weg zur Weltoffenheit"),
                new LevelBound(2, "2", "Die Kommune ist auf dem Weg zur Weltoffenheit fortgeschritten"),
                new LevelBound(4, "7/2", "Vorbild"),
            ],
        };

        var changes = SchemeChanges.Between(ScoringScheme.Standard, strict);

        Assert.Equal(["„ja“: 3 → 4 Punkte"], changes.PointsChanged);
        Assert.Equal(["Stufe 2: ab 3/2 → ab 2"], changes.LevelsChanged);
        Assert.Equal(["Stufe 4 ab 7/2: Vorbild"], changes.LevelsAdded);
        Assert.Equal(["Stufe 3 ab 5/2: Die Kommune ist weltoffen aufgestellt"], changes.LevelsRemoved);
        Assert.True(SchemeChanges.Between(ScoringScheme.Standard, ScoringScheme.Standard with { Version = "2" }).None);
    }
}
