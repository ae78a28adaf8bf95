using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Workflow.Tests.Questionnaire;

public class CatalogueTests
{
    [Fact]
    public void a_valid_catalogue_passes()
    {
        Assert.Same(TestCatalogue.Catalogue.Fields, CatalogueValidation.Validate(TestCatalogue.Catalogue).Fields);
    }

    [Fact]
    public void every_problem_of_a_catalogue_is_listed()
    {
        var broken = TestCatalogue.Catalogue with
        {
            Version = "",
            Fields =
            [
                new CatalogueField(1, "management", "Management", [new("1.1", "A"), new("1.1", "B")]),
                new CatalogueField(1, "management", "", []),
            ],
            ShortForms = [new ShortForm("kurz", null, ["1.1", "9.9"])],
        };

        var e = Assert.Throws<InvalidInput>(() => CatalogueValidation.Validate(broken));

        Assert.Equal(
            ["version", "fields[0].criteria[1].id", "fields[1].number", "fields[1].key", "fields[1].name", "fields[1].criteria", "shortForms[0].criteria"],
            e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void a_scoring_scheme_needs_points_for_the_whole_scale_and_levels_from_zero()
    {
        var broken = ScoringScheme.Standard with
        {
            Points = new Dictionary<string, int> { ["ja"] = 3 },
            Levels = [new LevelBound(1, "1/2", "eins"), new LevelBound(2, "x", "zwei")],
        };

        var e = Assert.Throws<InvalidInput>(() => ScoringScheme.Validate(broken));

        Assert.Contains(e.Errors, x => x.Field == "points");
        Assert.Contains(e.Errors, x => x.Field == "levels[1].from");
    }
}
