using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;

namespace Selbstcheck.Workflow.Tests.Kommunen;

/// <summary>#15 H3: the programme team changes a Kommune's master data.</summary>
public class ChangeMasterDataTests
{
    private static ChangeMasterData Dessau(string? name = "Dessau-Roßlau", string? kind = "Kreisfreie Stadt", string? land = "Sachsen-Anhalt",
        string? cohort = "2020-1", DateOnly? start = null, string? ags = "15001000", long? expected = null) =>
        new(Given.K, name, kind, land, cohort, start ?? new DateOnly(2020, 1, 1), ags, expected);

    [Fact]
    public void changing_the_master_data_records_the_whole_new_master_data()
    {
        var events = ChangeMasterDataDecision.Decide(
            Dessau(name: " Stadt Dessau-Roßlau ", kind: "stadt", land: "sachsen-anhalt", cohort: "2021-2", start: new DateOnly(2021, 3, 1), expected: 1),
            Given.Kommune(), agsTakenBy: null);

        Assert.Equal([new KommuneMasterDataChanged(Given.K, "Stadt Dessau-Roßlau", "Stadt", "Sachsen-Anhalt", "2021-2", new DateOnly(2021, 3, 1), "15001000")], events);
    }

    [Fact]
    public void the_changed_master_data_is_what_later_decisions_see_and_counts_as_a_change_of_the_kommunes_data()
    {
        var state = Given.Kommune(new KommuneMasterDataChanged(Given.K, "Dessau", "Stadt", "Bayern", null, null, null));

        Assert.Equal(("Dessau", "Stadt", "Bayern", (string?)null, (DateOnly?)null, (string?)null, 2L),
            (state.Name, state.Kind, state.Bundesland, state.Cohort, state.StartDate, state.Ags, state.DataVersion));
    }

    [Fact]
    public void empty_cohort_and_ags_mean_none()
    {
        var events = ChangeMasterDataDecision.Decide(Dessau(cohort: " ", ags: ""), Given.Kommune(), agsTakenBy: null);

        Assert.Equal([new KommuneMasterDataChanged(Given.K, "Dessau-Roßlau", "Kreisfreie Stadt", "Sachsen-Anhalt", null, new DateOnly(2020, 1, 1), null)], events);
    }

    [Fact]
    public void unchanged_master_data_records_nothing()
    {
        Assert.Empty(ChangeMasterDataDecision.Decide(Dessau(), Given.Kommune(), agsTakenBy: null));
    }

    [Fact]
    public void invalid_master_data_is_refused_field_by_field()
    {
        var problem = Assert.Throws<InvalidInput>(() => ChangeMasterDataDecision.Decide(
            Dessau(name: " ", kind: "Dorf", land: "Bohemia", cohort: "2020", ags: "1500"), Given.Kommune(), agsTakenBy: null));

        Assert.Equal(["name", "kind", "bundesland", "cohort", "ags"], problem.Errors.Select(e => e.Field));
    }

    [Fact]
    public void a_stale_version_is_a_conflict()
    {
        var problem = Assert.Throws<Conflict>(() => ChangeMasterDataDecision.Decide(Dessau(name: "Dessau", expected: 1),
            Given.Kommune(new LeadOfficeNamed(Given.K, "Integrationsbüro")), agsTakenBy: null));

        Assert.Equal("veraltete-version", problem.Type);
    }

    [Fact]
    public void an_ags_held_by_another_kommune_is_a_conflict()
    {
        var problem = Assert.Throws<Conflict>(() => ChangeMasterDataDecision.Decide(Dessau(ags: "03126000"), Given.Kommune(), agsTakenBy: "oehringen"));

        Assert.Equal("ags-vergeben", problem.Type);
        Assert.Contains("oehringen", problem.Detail);
    }
}
