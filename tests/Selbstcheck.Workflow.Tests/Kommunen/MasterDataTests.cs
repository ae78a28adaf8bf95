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
        var state = Given.Kommune(new UnitAdded("dessau-rosslau", "Integrationsbüro", Given.S("ib@example.org")));

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

    private static readonly CommandContext Programme = Given.At(new DateTimeOffset(2020, 6, 1, 8, 0, 0, TimeSpan.Zero));

    private static readonly CommandContext ByKommune = Given.At(new DateTimeOffset(2020, 6, 1, 8, 0, 0, TimeSpan.Zero), Roles.Kommune);

    [Fact]
    public void an_address_set_by_the_kommune_awaits_its_holders_confirmation_one_set_by_the_programme_team_does_not()
    {
        var byKommune = UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "Amt für Stadtentwicklung", "stadt@example.org"), WithUnit, ByKommune);
        var byFacilitator = UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "Sozialamt", "sozial@example.org"), WithUnit,
            Given.At(Programme.Now, Roles.Prozessbegleitung));

        Assert.Equal([new UnitEmailChanged("dessau-rosslau", "Amt für Stadtentwicklung", Given.S("stadt@example.org")),
            new UnitEmailConfirmationRequested("dessau-rosslau", "Amt für Stadtentwicklung", 2)], byKommune);
        Assert.Equal([new UnitAdded("dessau-rosslau", "Sozialamt", Given.S("sozial@example.org")), new UnitEmailConfirmationRequested("dessau-rosslau", "Sozialamt", 1)], byFacilitator);
        var pending = WithUnit.After(byKommune).FindUnit("Amt für Stadtentwicklung")!;
        Assert.Equal((true, (Selbstcheck.Workflow.People.PersonalRef?)null), (pending.Unconfirmed, pending.MailableEmail));
        // The same address again asks for a new link; the programme team setting it counts as confirmed.
        Assert.Equal([new UnitEmailConfirmationRequested("dessau-rosslau", "Amt für Stadtentwicklung", 2)],
            UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "Amt für Stadtentwicklung", "stadt@example.org"), WithUnit.After(byKommune), ByKommune));
        var changedByProgramme = WithUnit.After(byKommune).After(
            UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "Amt für Stadtentwicklung", "amt@example.org"), WithUnit.After(byKommune), Programme));
        Assert.Equal(Given.S("amt@example.org"), changedByProgramme.FindUnit("Amt für Stadtentwicklung")!.MailableEmail);
    }

    [Fact]
    public void the_one_time_link_confirms_the_address_it_was_sent_for_once()
    {
        var pending = WithUnit.After(UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "Amt für Stadtentwicklung", "stadt@example.org"), WithUnit, ByKommune));
        var token = new UnitEmailConfirmationToken { Id = "h", KommuneId = "dessau-rosslau", Unit = "Amt für Stadtentwicklung", Version = 2, ExpiresAt = Programme.Now.AddDays(7) };
        var command = new ConfirmUnitEmail("dessau-rosslau", "h");

        var confirmed = ConfirmUnitEmailDecision.Decide(command, pending, token, Programme.Now.AddDays(1));

        Assert.Equal([new UnitEmailConfirmed("dessau-rosslau", "Amt für Stadtentwicklung", 2)], confirmed);
        Assert.Equal(Given.S("stadt@example.org"), pending.After(confirmed).FindUnit("Amt für Stadtentwicklung")!.MailableEmail);
        Assert.Equal("bestaetigungslink-ungueltig", Assert.Throws<NotFound>(() => ConfirmUnitEmailDecision.Decide(command, pending, token, Programme.Now.AddDays(8))).Type);
        token.UsedAt = Programme.Now;
        Assert.Throws<NotFound>(() => ConfirmUnitEmailDecision.Decide(command, pending, token, Programme.Now.AddDays(1)));
        token.UsedAt = null;
        var changedAgain = pending.After([new UnitEmailChanged("dessau-rosslau", "Amt für Stadtentwicklung", Given.S("neu@example.org")),
            new UnitEmailConfirmationRequested("dessau-rosslau", "Amt für Stadtentwicklung", 3)]);
        Assert.Equal("adresse-geaendert", Assert.Throws<RuleViolation>(() => ConfirmUnitEmailDecision.Decide(command, changedAgain, token, Programme.Now.AddDays(1))).Type);
    }

    [Fact]
    public void a_new_unit_is_added_with_its_email()
    {
        var events = UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "Ausländerbehörde", "abh@example.org", ExpectedVersion: 0), WithUnit, Programme);

        Assert.Equal([new UnitAdded("dessau-rosslau", "Ausländerbehörde", Given.S("abh@example.org"))], events);
    }

    [Fact]
    public void a_changed_email_is_recorded_under_the_units_own_spelling()
    {
        var events = UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "amt für stadtentwicklung", "stadt@example.org", 1), WithUnit, Programme);

        Assert.Equal([new UnitEmailChanged("dessau-rosslau", "Amt für Stadtentwicklung", Given.S("stadt@example.org"))], events);
    }

    [Fact]
    public void the_same_email_changes_nothing()
    {
        Assert.Empty(UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "Amt für Stadtentwicklung", null), WithUnit, Programme));
    }

    [Fact]
    public void creating_an_existing_unit_with_version_zero_is_a_conflict()
    {
        Assert.Throws<Conflict>(() => UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "Amt für Stadtentwicklung", "x@example.org", 0), WithUnit, Programme));
    }

    [Fact]
    public void an_invalid_email_and_a_missing_name_are_both_listed()
    {
        var e = Assert.Throws<InvalidInput>(() => UpsertUnitDecision.Decide(new UpsertUnit("dessau-rosslau", "", "not-an-email"), WithUnit, Programme));
        Assert.Equal(["name", "email"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void versions_count_changes_per_unit()
    {
        var state = Given.Kommune(
            new UnitAdded("dessau-rosslau", "Sozialcontrolling", null),
            new UnitEmailChanged("dessau-rosslau", "Sozialcontrolling", Given.S("a@example.org")),
            new UnitEmailChanged("dessau-rosslau", "Sozialcontrolling", Given.S("b@example.org")));

        Assert.Equal(3, state.FindUnit("SOZIALCONTROLLING")!.Version);
    }
}
