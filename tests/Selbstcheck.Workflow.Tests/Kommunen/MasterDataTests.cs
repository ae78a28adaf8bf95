using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Kommunen;

namespace Selbstcheck.Workflow.Tests.Kommunen;

public class AssignFacilitatorTests
{
    private static readonly Guid Schmidt = Guid.Parse("0191b7c4-5a2e-7c3e-9a51-3e82dda8c29c");
    private static readonly Guid Other = Guid.Parse("0191b7c4-5a2e-7c3e-9a51-000000000002");

    [Fact]
    public void assigning_a_facilitator_records_it()
    {
        var state = Given.Kommune();

        var events = AssignFacilitatorDecision.Decide(new AssignFacilitator("dessau-rosslau", Schmidt, ExpectedVersion: 1), state, personExists: true);

        Assert.Equal([new FacilitatorAssigned("dessau-rosslau", Schmidt, null)], events);
    }

    [Fact]
    public void replacing_the_facilitator_names_the_previous_one()
    {
        var state = Given.Kommune(new FacilitatorAssigned("dessau-rosslau", Schmidt, null));

        var events = AssignFacilitatorDecision.Decide(new AssignFacilitator("dessau-rosslau", Other), state, personExists: true);

        Assert.Equal([new FacilitatorAssigned("dessau-rosslau", Other, Schmidt)], events);
    }

    [Fact]
    public void assigning_the_same_facilitator_again_changes_nothing()
    {
        var state = Given.Kommune(new FacilitatorAssigned("dessau-rosslau", Schmidt, null));

        Assert.Empty(AssignFacilitatorDecision.Decide(new AssignFacilitator("dessau-rosslau", Schmidt), state, personExists: true));
    }

    [Fact]
    public void a_stale_expected_version_is_a_conflict()
    {
        var state = Given.Kommune(new FacilitatorAssigned("dessau-rosslau", Schmidt, null));

        var e = Assert.Throws<Conflict>(() =>
            AssignFacilitatorDecision.Decide(new AssignFacilitator("dessau-rosslau", Other, ExpectedVersion: 1), state, personExists: true));
        Assert.Equal("veraltete-version", e.Type);
        Assert.Equal(2L, e.Extensions["currentVersion"]);
    }

    [Fact]
    public void a_missing_person_is_invalid_input_before_anything_else()
    {
        var e = Assert.Throws<InvalidInput>(() =>
            AssignFacilitatorDecision.Decide(new AssignFacilitator("dessau-rosslau", null, ExpectedVersion: 99), Given.Kommune(), personExists: false));
        Assert.Equal("personId", Assert.Single(e.Errors).Field);
    }

    [Fact]
    public void an_unknown_person_is_refused_by_rule()
    {
        var state = Given.Kommune();

        var e = Assert.Throws<RuleViolation>(() =>
            AssignFacilitatorDecision.Decide(new AssignFacilitator("dessau-rosslau", Other), state, personExists: false));
        Assert.Equal("person-unbekannt", e.Type);
        Assert.NotEmpty(e.Alternatives);
    }
}

public class NameLeadOfficeTests
{
    [Fact]
    public void naming_an_unknown_unit_creates_it_without_email()
    {
        var state = Given.Kommune();

        var events = NameLeadOfficeDecision.Decide(new NameLeadOffice("dessau-rosslau", " Integrationsbüro "), state);

        Assert.Equal(
            [new UnitAdded("dessau-rosslau", "Integrationsbüro", null), new LeadOfficeNamed("dessau-rosslau", "Integrationsbüro")],
            events);
    }

    [Fact]
    public void a_known_unit_is_found_case_insensitively_and_keeps_its_spelling()
    {
        var state = Given.Kommune(new UnitAdded("dessau-rosslau", "Integrationsbüro", "ib@example.org"));

        var events = NameLeadOfficeDecision.Decide(new NameLeadOffice("dessau-rosslau", "INTEGRATIONSBÜRO"), state);

        Assert.Equal([new LeadOfficeNamed("dessau-rosslau", "Integrationsbüro")], events);
    }

    [Fact]
    public void naming_the_same_lead_office_again_changes_nothing()
    {
        var state = Given.Kommune(
            new UnitAdded("dessau-rosslau", "Integrationsbüro", null),
            new LeadOfficeNamed("dessau-rosslau", "Integrationsbüro"));

        Assert.Empty(NameLeadOfficeDecision.Decide(new NameLeadOffice("dessau-rosslau", "integrationsbüro"), state));
    }

    [Fact]
    public void a_missing_unit_name_is_invalid_input()
    {
        var state = Given.Kommune();

        var e = Assert.Throws<InvalidInput>(() => NameLeadOfficeDecision.Decide(new NameLeadOffice("dessau-rosslau", "  "), state));
        Assert.Equal("unit", Assert.Single(e.Errors).Field);
    }
}

public class UpsertUnitTests
{
    private static readonly KommuneState WithUnit =
        Given.Kommune(new UnitAdded("dessau-rosslau", "Amt für Stadtentwicklung", null));

    [Fact]
    public void a_new_unit_is_added_with_its_email()
    {
        var events = UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "Ausländerbehörde", "abh@example.org", ExpectedVersion: 0), WithUnit);

        Assert.Equal([new UnitAdded("dessau-rosslau", "Ausländerbehörde", "abh@example.org")], events);
    }

    [Fact]
    public void a_changed_email_is_recorded_under_the_units_own_spelling()
    {
        var events = UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "amt für stadtentwicklung", "stadt@example.org", 1), WithUnit);

        Assert.Equal([new UnitEmailChanged("dessau-rosslau", "Amt für Stadtentwicklung", "stadt@example.org")], events);
    }

    [Fact]
    public void the_same_email_changes_nothing()
    {
        Assert.Empty(UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "Amt für Stadtentwicklung", null), WithUnit));
    }

    [Fact]
    public void creating_an_existing_unit_with_version_zero_is_a_conflict()
    {
        Assert.Throws<Conflict>(() => UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "Amt für Stadtentwicklung", "x@example.org", 0), WithUnit));
    }

    [Fact]
    public void an_invalid_email_and_a_missing_name_are_both_listed()
    {
        var e = Assert.Throws<InvalidInput>(() => UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "", "not-an-email"), WithUnit));
        Assert.Equal(["name", "email"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void versions_count_changes_per_unit()
    {
        var state = Given.Kommune(
            new UnitAdded("dessau-rosslau", "Sozialcontrolling", null),
            new UnitEmailChanged("dessau-rosslau", "Sozialcontrolling", "a@example.org"),
            new UnitEmailChanged("dessau-rosslau", "Sozialcontrolling", "b@example.org"));

        Assert.Equal(3, state.FindUnit("SOZIALCONTROLLING")!.Version);
    }
}
