using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;
using static Selbstcheck.Workflow.Tests.Given;

namespace Selbstcheck.Workflow.Tests.Questionnaire;

/// <summary>#14 open survey: respondents outside the administration, the open survey link, interview rounds.</summary>
public class OpenSurveyDecisionTests
{
    private static readonly Guid Link = Guid.Parse("00000000-0000-0000-0000-0000000000aa");
    private static readonly Guid OtherLink = Guid.Parse("00000000-0000-0000-0000-0000000000bb");
    private static readonly Guid R1 = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid R2 = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Person = Guid.Parse("00000000-0000-0000-0000-0000000000cc");
    private static readonly DateTimeOffset T = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly CommandContext Now = At(T);
    private static readonly CommandContext ViaLink = At(T, Roles.Befragte) with { Actor = new Actor(OpenSurvey.ActorOf(Link), Roles.Befragte) };

    private static readonly RoundOpened Administration = new(K, 1, "full", null, "test-katalog", "1", "Verwaltung", null, TestCatalogue.All, [1, 3, 5]);
    private static readonly RoundOpened CivilSociety = new(K, 2, "short", "kurzform", "test-katalog", "1", "Zivilgesellschaft", null, ["1.2", "5.1"], [1, 5]);
    private static readonly RoundOpened Interviews = new(K, 3, InterviewRounds.Kind, null, "test-katalog", "1", "Politik", null, TestCatalogue.All, [1, 3, 5]);
    private static readonly OpenSurveyLinkCreated Created = new(K, 2, Link, 2, T.AddDays(10));

    private static StartOpenResponse Start(Guid id, Guid? session = null) => new(K, 2, Link, id, session);

    // ---- respondents outside the administration ----

    [Fact]
    public void a_respondent_of_another_actor_group_is_not_made_a_unit_of_the_kommune()
    {
        var kommune = Kommune(Administration, CivilSociety);

        var events = AddRespondentDecision.Decide(new AddRespondent(K, 2, R1, Link, "Migrantenbeirat", null, null), kommune, Round(CivilSociety), false, Now);

        Assert.Equal([new ExternalRespondentAdded(K, 2, R1, "Migrantenbeirat", null, Link)], events, new JsonEquality());
        Assert.Empty(kommune.After(events).Units);
        Assert.Equal(1, kommune.After(events).Counts.Respondents);
    }

    [Fact]
    public void a_person_of_another_actor_group_is_named_by_their_person_record_only()
    {
        var events = AddRespondentDecision.Decide(new AddRespondent(K, 2, R1, Link, null, null, Person), Kommune(CivilSociety), Round(CivilSociety), true, Now);

        Assert.Equal([new ExternalRespondentAdded(K, 2, R1, ExternalRespondents.Person, Person, Link)], events, new JsonEquality());
        Assert.Contains(Person, Kommune(CivilSociety).After(events).People);
    }

    [Fact]
    public void the_administrations_rounds_still_add_units()
    {
        var events = AddRespondentDecision.Decide(new AddRespondent(K, 1, R1, Link, "Ordnungsamt", null, null), Kommune(Administration), Round(Administration), false, Now);

        Assert.IsType<UnitAdded>(events[0]);
        Assert.IsType<RespondentAdded>(events[1]);
    }

    [Fact]
    public void an_external_respondent_needs_a_name_or_a_person_and_has_no_dezernat()
    {
        var invalid = Assert.Throws<InvalidInput>(() =>
            AddRespondentDecision.Decide(new AddRespondent(K, 2, R1, Link, null, "III", null), Kommune(CivilSociety), Round(CivilSociety), false, Now));

        Assert.Equal(["unit", "dezernat"], invalid.Errors.Select(e => e.Field));
    }

    // ---- the open survey link ----

    [Fact]
    public void creating_the_open_link_takes_the_default_capacity_and_validity()
    {
        var created = OpenSurveyDecision.Create(new CreateOpenSurveyLink(K, 2, Link, "hash", null, null), Kommune(CivilSociety), Round(CivilSociety), 500, TimeSpan.FromDays(30), Now);

        Assert.Equal(new OpenSurveyLinkCreated(K, 2, Link, 500, T.AddDays(30)), created);
    }

    [Fact]
    public void an_open_link_needs_a_capacity_in_range_and_an_expiry_ahead_and_an_open_round()
    {
        var invalid = Assert.Throws<InvalidInput>(() => OpenSurveyDecision.Create(
            new CreateOpenSurveyLink(K, 2, Link, "hash", 0, T.AddMinutes(-1)), Kommune(CivilSociety), Round(CivilSociety), 500, TimeSpan.FromDays(30), Now));
        Assert.Equal(["capacity", "expiresAt"], invalid.Errors.Select(e => e.Field));
        Assert.Equal("runde-geschlossen", Assert.Throws<RuleViolation>(() => OpenSurveyDecision.Create(
            new CreateOpenSurveyLink(K, 2, Link, "hash", 5, null), Kommune(CivilSociety), Round(CivilSociety, new RoundClosed(K, 2)), 500, TimeSpan.FromDays(30), Now)).Type);
        Assert.Equal("interview-runde", Assert.Throws<RuleViolation>(() => OpenSurveyDecision.Create(
            new CreateOpenSurveyLink(K, 3, Link, "hash", 5, null), Kommune(Interviews), Round(Interviews), 500, TimeSpan.FromDays(30), Now)).Type);
    }

    [Fact]
    public void opening_the_link_starts_an_anonymous_response_with_the_servers_id()
    {
        var events = OpenSurveyDecision.Start(Start(R1), Kommune(CivilSociety), Round(CivilSociety, Created), null, false, ViaLink);

        Assert.Equal([new OpenResponseStarted(K, 2, R1, Link)], events, new JsonEquality());
        var respondent = RespondentState.Next(null, events[0])!;
        Assert.Equal((OpenSurvey.Label, 2), (respondent.Unit, respondent.Round));
    }

    [Fact]
    public void the_capacity_reached_refuses_a_further_response()
    {
        var full = Round(CivilSociety, Created, new OpenResponseStarted(K, 2, R1, Link), new OpenResponseStarted(K, 2, R2, Link));

        var e = Assert.Throws<RuleViolation>(() => OpenSurveyDecision.Start(Start(Guid.NewGuid()), Kommune(CivilSociety), full, null, false, ViaLink));

        Assert.Equal("offene-befragung-voll", e.Type);
        Assert.Equal(2, e.Extensions["capacity"]);
    }

    [Fact]
    public void an_expired_link_refuses_a_response()
    {
        var later = At(T.AddDays(10), Roles.Befragte);

        Assert.Equal("offene-befragung-abgelaufen", Assert.Throws<RuleViolation>(() =>
            OpenSurveyDecision.Start(Start(R1), Kommune(CivilSociety), Round(CivilSociety, Created), null, false, later)).Type);
    }

    [Fact]
    public void a_revoked_or_replaced_link_refuses_a_response()
    {
        Assert.Equal("offene-befragung-widerrufen", Assert.Throws<RuleViolation>(() =>
            OpenSurveyDecision.Start(Start(R1), Kommune(CivilSociety), Round(CivilSociety, Created), null, true, ViaLink)).Type);
        var replaced = Round(CivilSociety, Created, new OpenSurveyLinkCreated(K, 2, OtherLink, 2, T.AddDays(10)));
        Assert.Equal("offene-befragung-widerrufen", Assert.Throws<RuleViolation>(() =>
            OpenSurveyDecision.Start(Start(R1), Kommune(CivilSociety), replaced, null, false, ViaLink)).Type);
    }

    [Fact]
    public void a_closed_round_refuses_a_response()
    {
        Assert.Equal("runde-geschlossen", Assert.Throws<RuleViolation>(() =>
            OpenSurveyDecision.Start(Start(R1), Kommune(CivilSociety), Round(CivilSociety, Created, new RoundClosed(K, 2)), null, false, ViaLink)).Type);
    }

    [Fact]
    public void a_browser_session_holding_a_response_gets_no_second_one()
    {
        var round = Round(CivilSociety, Created, new OpenResponseStarted(K, 2, R1, Link));
        var held = RespondentState.Next(null, new OpenResponseStarted(K, 2, R1, Link));

        var events = OpenSurveyDecision.Start(Start(R2, session: R1), Kommune(CivilSociety), round, held, false, ViaLink);

        Assert.Empty(events);
        // Even at capacity: the session goes on with its own response.
        var full = Round(CivilSociety, Created, new OpenResponseStarted(K, 2, R1, Link), new OpenResponseStarted(K, 2, R2, Link));
        Assert.Empty(OpenSurveyDecision.Start(Start(Guid.NewGuid(), session: R1), Kommune(CivilSociety), full, held, false, ViaLink));
    }

    // ---- interview rounds ----

    [Fact]
    public void an_interview_round_can_be_opened_and_records_summaries_per_field_sealed_in_the_vault()
    {
        var opened = Assert.IsType<RoundOpened>(Assert.Single(OpenRoundDecision.Decide(
            new OpenRound(K, "interview", "test-katalog", null, "Politik", null, null), Kommune(), TestCatalogue.Catalogue, Now)));
        Assert.Equal(InterviewRounds.Kind, opened.Kind);

        var events = RecordInterviewSummaryDecision.Decide(new RecordInterviewSummary(K, 3, 5, " Die Fraktionen wünschen mehr Beteiligung. ", 0), K, Round(Interviews), Now);

        Assert.Equal([new InterviewSummaryRecorded(K, 3, 5, S("Die Fraktionen wünschen mehr Beteiligung."), 1)], events, new JsonEquality());
        Assert.Equal("veraltete-version", Assert.Throws<Conflict>(() => RecordInterviewSummaryDecision.Decide(
            new RecordInterviewSummary(K, 3, 5, "neu", 0), K, Round(Interviews, events[0]), Now)).Type);
    }

    [Fact]
    public void summaries_only_in_interview_rounds_and_for_their_fields()
    {
        Assert.Equal("keine-interview-runde", Assert.Throws<RuleViolation>(() =>
            RecordInterviewSummaryDecision.Decide(new RecordInterviewSummary(K, 2, 1, "Text", null), K, Round(CivilSociety), Now)).Type);
        Assert.Equal(["field"], Assert.Throws<InvalidInput>(() =>
            RecordInterviewSummaryDecision.Decide(new RecordInterviewSummary(K, 3, 9, "Text", null), K, Round(Interviews), Now)).Errors.Select(e => e.Field));
    }

    [Fact]
    public void an_interview_round_has_no_respondents_and_is_closed_without_a_score()
    {
        Assert.Equal("interview-runde", Assert.Throws<RuleViolation>(() =>
            AddRespondentDecision.Decide(new AddRespondent(K, 3, R1, Link, "Fraktion", null, null), Kommune(Interviews), Round(Interviews), false, Now)).Type);
        Assert.Equal("keine-zusammenfassungen", Assert.Throws<RuleViolation>(() =>
            CloseRoundDecision.Decide(new CloseRound(K, 3), K, Round(Interviews), new RoundEvaluationInputs(TestCatalogue.Catalogue, ScoringScheme.Standard, []), null)).Type);

        var summarised = Round(Interviews, new InterviewSummaryRecorded(K, 3, 1, S("Text"), 1));
        var events = CloseRoundDecision.Decide(new CloseRound(K, 3), K, summarised, new RoundEvaluationInputs(TestCatalogue.Catalogue, ScoringScheme.Standard, []), null);

        Assert.Equal([new RoundClosed(K, 3)], events, new JsonEquality());
        Assert.Null(EvaluationReply.From(events).Evaluation);
        Assert.Equal("interview-runde", Assert.Throws<RuleViolation>(() =>
            ReevaluateDecision.Decide(new Reevaluate(K, 3, "standard", "1"), K, summarised.Fold(events[0]), new RoundEvaluationInputs(TestCatalogue.Catalogue, ScoringScheme.Standard, []))).Type);
    }
}
