using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;

namespace Selbstcheck.Workflow.Tests.Kommunen;

public class RegisterKommuneTests
{
    private static readonly RegisterKommune Dessau =
        new("dessau-rosslau", "Dessau-Roßlau", "Kreisfreie Stadt", "Sachsen-Anhalt", "2020-1", new DateOnly(2020, 1, 1), "15001000");

    [Fact]
    public void registering_a_new_kommune_records_its_registration()
    {
        var events = RegisterKommuneDecision.Decide(RegisterKommuneDecision.Validate(Dessau), idTaken: false, agsTakenBy: null);

        Assert.Equal([Given.DessauRegistered], events);
    }

    [Fact]
    public void kind_and_land_are_normalised_to_their_canonical_spelling()
    {
        var c = RegisterKommuneDecision.Validate(Dessau with { Kind = "kreisfreie stadt", Bundesland = " sachsen-anhalt ", Name = " Dessau-Roßlau " });

        Assert.Equal(("Kreisfreie Stadt", "Sachsen-Anhalt", "Dessau-Roßlau"), (c.Kind, c.Bundesland, c.Name));
    }

    [Fact]
    public void the_programme_streams_key_is_reserved_no_kommune_can_take_it()
    {
        var e = Assert.Throws<InvalidInput>(() => RegisterKommuneDecision.Validate(Dessau with { Id = Selbstcheck.Workflow.Programme.ProgrammeStream.Id }));

        Assert.Contains(e.Errors, error => error.Field == "id" && error.Message.Contains("reserviert"));
        Assert.True(KommuneId.IsValid("programm-2"));
    }

    [Fact]
    public void registering_a_taken_id_is_a_conflict()
    {
        var e = Assert.Throws<Conflict>(() => RegisterKommuneDecision.Decide(Dessau, idTaken: true, agsTakenBy: null));
        Assert.Equal("kommune-existiert", e.Type);
    }

    [Fact]
    public void registering_a_taken_ags_is_a_conflict_naming_the_owner()
    {
        var e = Assert.Throws<Conflict>(() => RegisterKommuneDecision.Decide(Dessau with { Id = "dessau" }, idTaken: false, agsTakenBy: "dessau-rosslau"));
        Assert.Equal("ags-vergeben", e.Type);
        Assert.Contains("dessau-rosslau", e.Detail);
    }

    [Fact]
    public void invalid_input_lists_every_invalid_field()
    {
        var e = Assert.Throws<InvalidInput>(() => RegisterKommuneDecision.Validate(
            new RegisterKommune("Dessau Roßlau", " ", "Dorf", "Preußen", "2020", null, "1500100")));

        Assert.Equal(["id", "name", "kind", "bundesland", "cohort", "ags"], e.Errors.Select(x => x.Field));
        Assert.Contains("dessau-rosslau", e.Errors[0].Message);
    }

    [Fact]
    public void a_kommune_without_cohort_runs_the_selbstcheck_on_its_own()
    {
        var events = RegisterKommuneDecision.Decide(RegisterKommuneDecision.Validate(Dessau with { Cohort = null }), false, null);

        Assert.Null(Assert.IsType<KommuneRegistered>(Assert.Single(events)).Cohort);
    }
}
