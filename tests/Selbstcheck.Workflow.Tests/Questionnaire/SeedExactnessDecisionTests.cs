using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;
using Selbstcheck.Workflow.Workshops;
using static Selbstcheck.Workflow.Tests.Given;

namespace Selbstcheck.Workflow.Tests.Questionnaire;

/// <summary>#14 seed exactness: reconstructed answers, contributing units, the Kommune's scoring scheme, the documentation frame.</summary>
public class SeedExactnessDecisionTests
{
    private static readonly Guid Steuerungsgruppe = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Link = Guid.Parse("00000000-0000-0000-0000-0000000000aa");
    private static readonly Guid Workshop = Guid.Parse("00000000-0000-0000-0000-0000000000cc");
    private static readonly RoundOpened Opened = new(K, 1, "full", null, "test-katalog", "1", "Verwaltung", null, TestCatalogue.All, [1, 3, 5]);
    private static readonly RespondentAdded Added = new(K, 1, Steuerungsgruppe, "Interne Steuerungsgruppe", null, null, Link);

    private static RespondentState Answered(params string[] criteria) =>
        Respondent(Added, criteria.Select(c => (object)new AnswerRecorded(K, 1, Steuerungsgruppe, c, "eher ja", null, null, false, 1)).ToArray());

    [Fact]
    public void answers_are_marked_reconstructed_with_the_reason()
    {
        var events = MarkAnswersReconstructedDecision.Decide(
            new MarkAnswersReconstructed(K, 1, Steuerungsgruppe, [" 3.1 ", "5.1"], " Nur die Stufe ist dokumentiert. "), K, Round(Opened), Answered("3.1", "5.1"));

        Assert.Equal([new AnswersMarkedReconstructed(K, 1, Steuerungsgruppe, ["3.1", "5.1"], "Nur die Stufe ist dokumentiert.")], events, new JsonEquality());
    }

    [Fact]
    public void only_answered_criteria_of_the_round_can_be_marked_reconstructed_and_a_reason_is_required()
    {
        var unanswered = Assert.Throws<InvalidInput>(() => MarkAnswersReconstructedDecision.Decide(
            new MarkAnswersReconstructed(K, 1, Steuerungsgruppe, ["5.2", "9.9"], "Grund"), K, Round(Opened), Answered("5.1")));
        var noReason = Assert.Throws<InvalidInput>(() => MarkAnswersReconstructedDecision.Decide(
            new MarkAnswersReconstructed(K, 1, Steuerungsgruppe, ["5.1"], " "), K, Round(Opened), Answered("5.1")));
        var unknown = Assert.Throws<NotFound>(() => MarkAnswersReconstructedDecision.Decide(
            new MarkAnswersReconstructed(K, 1, Guid.NewGuid(), ["5.1"], "Grund"), K, Round(Opened), null));

        Assert.Equal(["criteria[0]", "criteria[1]"], unanswered.Errors.Select(e => e.Field));
        Assert.Equal(["reason"], noReason.Errors.Select(e => e.Field));
        Assert.Equal("befragte-unbekannt", unknown.Type);
    }

    [Fact]
    public void contributing_units_are_recorded_for_the_steering_group_and_become_units_of_the_kommune()
    {
        var events = RecordContributorsDecision.Decide(
            new RecordContributors(K, 1, Steuerungsgruppe, [new ContributorInput(" Ausländerbehörde ", "II"), new ContributorInput("Integrationsbüro", "I")]),
            WithLeadOffice(), Round(Opened), Respondent(Added));

        Assert.Equal(
            [
                new UnitAdded(K, "Ausländerbehörde", null),
                new ContributorsRecorded(K, 1, Steuerungsgruppe, "Interne Steuerungsgruppe",
                    [new ContributingUnit("Ausländerbehörde", "II"), new ContributingUnit("Integrationsbüro", "I")]),
            ],
            events, new JsonEquality());
    }

    [Fact]
    public void a_contributor_named_twice_or_the_respondent_itself_is_refused()
    {
        var twice = Assert.Throws<InvalidInput>(() => RecordContributorsDecision.Decide(
            new RecordContributors(K, 1, Steuerungsgruppe, [new ContributorInput("Sportförderung", null), new ContributorInput("sportförderung", null)]),
            Kommune(), Round(Opened), Respondent(Added)));
        var itself = Assert.Throws<InvalidInput>(() => RecordContributorsDecision.Decide(
            new RecordContributors(K, 1, Steuerungsgruppe, [new ContributorInput("Interne Steuerungsgruppe", null)]),
            Kommune(), Round(Opened), Respondent(Added)));

        Assert.Equal(["units[1].unit"], twice.Errors.Select(e => e.Field));
        Assert.Equal(["units"], itself.Errors.Select(e => e.Field));
    }

    [Fact]
    public void a_kommune_gets_its_own_scoring_scheme_only_if_it_exists_and_can_go_back_to_the_programmes()
    {
        var set = ConfigureScoringSchemeDecision.Decide(new ConfigureScoringScheme(K, " streng ", "2"), Kommune(), schemeExists: true);
        var configured = Kommune(set.ToArray());
        var unknown = Assert.Throws<RuleViolation>(() => ConfigureScoringSchemeDecision.Decide(new ConfigureScoringScheme(K, "fehlt", "1"), Kommune(), schemeExists: false));
        var half = Assert.Throws<InvalidInput>(() => ConfigureScoringSchemeDecision.Decide(new ConfigureScoringScheme(K, "streng", null), Kommune(), schemeExists: true));
        var back = ConfigureScoringSchemeDecision.Decide(new ConfigureScoringScheme(K, null, null), configured, schemeExists: false);

        Assert.Equal([new ScoringSchemeConfigured(K, "streng", "2")], set, new JsonEquality());
        Assert.Equal("bewertungsschema-unbekannt", unknown.Type);
        Assert.Equal(["schemeVersion"], half.Errors.Select(e => e.Field));
        Assert.Equal([new ScoringSchemeConfigured(K, null, null)], back, new JsonEquality());
        Assert.Empty(ConfigureScoringSchemeDecision.Decide(new ConfigureScoringScheme(K, "streng", "2"), configured, schemeExists: true));
    }

    [Fact]
    public void closing_uses_the_kommunes_scheme_else_the_programmes()
    {
        var programme = new ProgrammeScoring("programm", "3");
        var own = Kommune(new ScoringSchemeConfigured(K, "streng", "2"));
        var reset = Kommune(new ScoringSchemeConfigured(K, "streng", "2"), new ScoringSchemeConfigured(K, null, null));

        Assert.Equal(("programm", "3"), programme.For(Kommune()));
        Assert.Equal(("streng", "2"), programme.For(own));
        Assert.Equal(("programm", "3"), programme.For(reset));
        Assert.Equal(("standard", "1"), ProgrammeScoring.Default.For(Kommune()));
    }

    [Fact]
    public void the_documentation_frame_is_recorded_by_role_with_the_workshops_field_titles()
    {
        var workshop = WorkshopOf(new WorkshopScheduled(K, Workshop, "Selbstcheck-Workshop", "2020-07-01T13:00", null, false, null));
        var events = RecordWorkshopFrameDecision.Decide(new RecordWorkshopFrame(K, Workshop,
                new AddressInput(" Der Oberbürgermeister ", ["Begrüßung"]), [new PartnerInput("PHINEO gAG", "Beraterin", null, null)], null,
                "Die externe Prozessbegleitung", "Leitmotiv", null, "PHINEO gAG", new Dictionary<int, string> { [4] = "Interkulturelle Öffnung und Antirassismus (Antidiskriminierung)" }, null),
            Kommune(), workshop);

        var frame = Assert.IsType<WorkshopFrameRecorded>(Assert.Single(events)).Frame;
        Assert.Equal("Der Oberbürgermeister", frame.Welcome!.By);
        Assert.Equal("Interkulturelle Öffnung und Antirassismus (Antidiskriminierung)", frame.FieldTitles![4]);
        Assert.Equal(1, workshop.Fold(events[0]).ListVersion(WorkshopLists.Frame));
        var bad = Assert.Throws<InvalidInput>(() => RecordWorkshopFrameDecision.Decide(new RecordWorkshopFrame(K, Workshop,
            new AddressInput(null, null), [new PartnerInput("X", null, null, Guid.NewGuid())], null, null, null, null, null, new Dictionary<int, string> { [42] = "?" }, null), Kommune(), workshop));
        Assert.Equal(["welcome.by", "partners[0].role", "partners[0].personId", "fieldTitles.42"], bad.Errors.Select(e => e.Field));
    }
}
