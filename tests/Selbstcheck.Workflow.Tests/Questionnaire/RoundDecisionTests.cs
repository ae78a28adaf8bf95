using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Selbstcheck.Workflow.Questionnaire;
using static Selbstcheck.Workflow.Tests.Given;

namespace Selbstcheck.Workflow.Tests.Questionnaire;

public class RoundDecisionTests
{
    private static readonly Guid Steuerungsgruppe = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Link = Guid.Parse("00000000-0000-0000-0000-0000000000aa");
    private static readonly CommandContext Now = At(new DateTimeOffset(2020, 5, 4, 9, 0, 0, TimeSpan.FromHours(2)));

    private static readonly RoundOpened Opened = new(K, 1, "full", null, "test-katalog", "1", "Verwaltung", null, TestCatalogue.All, [1, 3, 5]);
    private static readonly RespondentAdded Added = new(K, 1, Steuerungsgruppe, "Interne Steuerungsgruppe", null, null, Link);

    private static AnswerRecorded Answered(string criterion, string answer, long version = 1) =>
        new(K, 1, Steuerungsgruppe, criterion, answer, null, null, true, version);

    private static RoundEvaluationInputs Inputs(params RespondentState[] respondents) => new(TestCatalogue.Catalogue, ScoringScheme.Standard, respondents);

    [Fact]
    public void opening_a_full_round_copies_every_criterion_in()
    {
        var events = OpenRoundDecision.Decide(new OpenRound(K, "full", "test-katalog", null, " Verwaltung ", null, null), Kommune(), TestCatalogue.Catalogue, Now);

        Assert.Equal([Opened], events, new JsonEquality());
    }

    [Fact]
    public void a_short_round_asks_only_its_short_form()
    {
        var events = OpenRoundDecision.Decide(new OpenRound(K, "short", "test-katalog", "1", "Zivilgesellschaft und Migrantenorganisationen", "Kurzform", null), Kommune(), TestCatalogue.Catalogue, Now);

        var opened = Assert.IsType<RoundOpened>(Assert.Single(events));
        Assert.Equal(("short", "kurzform"), (opened.Kind, opened.ShortForm));
        Assert.Equal(["1.2", "5.1"], opened.Criteria);
        Assert.Equal([1, 5], opened.Fields);
    }

    [Fact]
    public void a_second_open_round_for_the_same_actor_group_is_refused_but_another_group_may_run_alongside()
    {
        var state = Kommune(Opened);

        var e = Assert.Throws<RuleViolation>(() => OpenRoundDecision.Decide(new OpenRound(K, "full", "test-katalog", null, "verwaltung", null, null), state, TestCatalogue.Catalogue, Now));
        Assert.Equal("runde-fuer-akteursgruppe-offen", e.Type);
        var other = OpenRoundDecision.Decide(new OpenRound(K, "short", "test-katalog", null, "Politik", "kurzform", null), state, TestCatalogue.Catalogue, Now);
        Assert.Equal(2, Assert.IsType<RoundOpened>(Assert.Single(other)).Round);
        Assert.Equal(2, Assert.IsType<RoundOpened>(Assert.Single(
            OpenRoundDecision.Decide(new OpenRound(K, "full", "test-katalog", null, "Verwaltung", null, null), Kommune(Opened, new RoundClosed(K, 1)), TestCatalogue.Catalogue, Now))).Round);
    }

    [Fact]
    public void an_unknown_short_form_or_catalogue_is_refused_by_rule_and_bad_input_is_listed()
    {
        Assert.Equal("kurzform-unbekannt", Assert.Throws<RuleViolation>(() =>
            OpenRoundDecision.Decide(new OpenRound(K, "short", "test-katalog", null, "Politik", "lang", null), Kommune(), TestCatalogue.Catalogue, Now)).Type);
        Assert.Equal("katalog-unbekannt", Assert.Throws<RuleViolation>(() =>
            OpenRoundDecision.Decide(new OpenRound(K, "full", "gibt-es-nicht", null, "Politik", null, null), Kommune(), null, Now)).Type);
        var invalid = Assert.Throws<InvalidInput>(() =>
            OpenRoundDecision.Decide(new OpenRound(K, "lang", null, null, "", null, Now.Today.AddDays(-1)), Kommune(), null, Now));
        Assert.Equal(["kind", "catalogue", "actorGroup", "deadline"], invalid.Errors.Select(x => x.Field));
    }

    [Fact]
    public void adding_a_respondent_of_an_unknown_unit_creates_the_unit()
    {
        var events = AddRespondentDecision.Decide(new AddRespondent(K, 1, Steuerungsgruppe, Link, "Interne Steuerungsgruppe", null, null), Kommune(Opened), Round(Opened), false, Now);

        Assert.Equal([new UnitAdded(K, "Interne Steuerungsgruppe", null), Added], events, new JsonEquality());
    }

    [Fact]
    public void answers_get_versions_and_an_unchanged_answer_records_nothing()
    {
        var events = RecordAnswersDecision.Decide(new RecordAnswers(K, 1, Steuerungsgruppe,
            [new AnswerInput("1.1", "eher ja", ExpectedVersion: 1), new AnswerInput("1.2", "JA")]), Kommune(Opened), Round(Opened), Respondent(Added, Answered("1.1", "eher ja")), Now);

        Assert.Equal([Answered("1.2", "ja")], events, new JsonEquality());
    }

    [Fact]
    public void answers_through_the_respondents_link_are_their_own_and_any_other_role_enters_them_on_their_behalf()
    {
        var own = RecordAnswersDecision.Decide(new RecordAnswers(K, 1, Steuerungsgruppe, [new AnswerInput("1.1", "ja")]), Kommune(Opened), Round(Opened), Respondent(Added),
            At(Now.Now, Roles.Befragte));
        var onBehalf = RecordAnswersDecision.Decide(new RecordAnswers(K, 1, Steuerungsgruppe, [new AnswerInput("1.1", "ja")]), Kommune(Opened), Round(Opened), Respondent(Added),
            At(Now.Now, Roles.Kommune));

        Assert.False(Assert.IsType<AnswerRecorded>(Assert.Single(own)).OnBehalf);
        Assert.True(Assert.IsType<AnswerRecorded>(Assert.Single(onBehalf)).OnBehalf);
        Assert.False(Assert.IsType<AnswersSubmitted>(Assert.Single(SubmitAnswersDecision.Decide(new SubmitAnswers(K, 1, Steuerungsgruppe), K, Round(Opened), Respondent(Added),
            At(Now.Now, Roles.Befragte)))).OnBehalf);
    }

    [Fact]
    public void every_bad_answer_element_is_listed()
    {
        var e = Assert.Throws<InvalidInput>(() => RecordAnswersDecision.Decide(new RecordAnswers(K, 1, Steuerungsgruppe,
            [new AnswerInput("9.9", "ja"), new AnswerInput("1.1", "vielleicht"), new AnswerInput("1.2", "ja", Evidence: "ftp://x")]), Kommune(Opened), Round(Opened), Respondent(Added), Now));

        Assert.Equal(["answers[0].criterion", "answers[1].answer", "answers[2].evidence"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void stale_versions_are_a_conflict_naming_every_stale_criterion()
    {
        var respondent = Respondent(Added, Answered("1.1", "eher ja"), Answered("1.2", "ja"));

        var e = Assert.Throws<Conflict>(() => RecordAnswersDecision.Decide(new RecordAnswers(K, 1, Steuerungsgruppe,
            [new AnswerInput("1.1", "ja", ExpectedVersion: 0), new AnswerInput("1.2", "nein", ExpectedVersion: 1), new AnswerInput("1.3", "ja", ExpectedVersion: 1)]),
            Kommune(Opened), Round(Opened), respondent, Now));

        Assert.Contains("1.1", e.Detail);
        Assert.Contains("1.3", e.Detail);
        Assert.DoesNotContain("1.2", e.Detail);
    }

    [Fact]
    public void after_submitting_or_closing_answers_are_refused()
    {
        var submitted = Respondent(Added, new AnswersSubmitted(K, 1, Steuerungsgruppe, false));
        var closed = Round(Opened, new RoundClosed(K, 1));

        Assert.Equal("antworten-abgegeben", Assert.Throws<RuleViolation>(() =>
            RecordAnswersDecision.Decide(new RecordAnswers(K, 1, Steuerungsgruppe, [new AnswerInput("1.1", "ja")]), Kommune(Opened), Round(Opened), submitted, Now)).Type);
        Assert.Equal("antworten-abgegeben", Assert.Throws<RuleViolation>(() =>
            SubmitAnswersDecision.Decide(new SubmitAnswers(K, 1, Steuerungsgruppe), K, Round(Opened), submitted, Now)).Type);
        Assert.Equal("runde-geschlossen", Assert.Throws<RuleViolation>(() =>
            RecordAnswersDecision.Decide(new RecordAnswers(K, 1, Steuerungsgruppe, [new AnswerInput("1.1", "ja")]), Kommune(Opened), closed, Respondent(Added), Now)).Type);
    }

    [Fact]
    public void a_respondent_of_another_round_is_not_found_in_this_one()
    {
        var second = Opened with { Round = 2, ActorGroup = "Politik" };

        Assert.Equal("befragte-unbekannt", Assert.Throws<NotFound>(() =>
            RecordAnswersDecision.Decide(new RecordAnswers(K, 2, Steuerungsgruppe, [new AnswerInput("1.1", "ja")]), Kommune(Opened), Round(second), Respondent(Added), Now)).Type);
        Assert.Equal("befragte-unbekannt", Assert.Throws<NotFound>(() =>
            SubmitAnswersDecision.Decide(new SubmitAnswers(K, 1, Steuerungsgruppe), K, Round(Opened), null, Now)).Type);
    }

    [Fact]
    public void closing_evaluates_only_submitted_answers()
    {
        var other = Guid.Parse("00000000-0000-0000-0000-000000000002");
        var submitted = Respondent(Added, Answered("1.1", "ja"), new AnswersSubmitted(K, 1, Steuerungsgruppe, false));
        var notSubmitted = Respondent(new RespondentAdded(K, 1, other, "Sportförderung", "IV", null, Link), new AnswerRecorded(K, 1, other, "1.1", "nein", null, null, false, 1));

        var events = CloseRoundDecision.Decide(new CloseRound(K, 1), K, Round(Opened), Inputs(submitted, notSubmitted), deadline: null);

        Assert.Equal(new RoundClosed(K, 1), events[0]);
        var evaluated = Assert.IsType<RoundEvaluated>(events[1]);
        Assert.Equal("abgeschlossen", evaluated.Reason);
        Assert.Equal("3", evaluated.Evaluation.Fields.Single(f => f.Field == 1).MeanExact);
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public void closing_twice_or_without_submitted_answers_is_refused()
    {
        Assert.Equal("keine-antworten", Assert.Throws<RuleViolation>(() =>
            CloseRoundDecision.Decide(new CloseRound(K, 1), K, Round(Opened), Inputs(Respondent(Added, Answered("1.1", "ja"))), null)).Type);
        Assert.Equal("runde-geschlossen", Assert.Throws<RuleViolation>(() =>
            CloseRoundDecision.Decide(new CloseRound(K, 1), K, Round(Opened, new RoundClosed(K, 1)), Inputs(), null)).Type);
    }

    [Fact]
    public void a_consensus_on_a_closed_round_re_evaluates_it()
    {
        var respondent = Respondent(Added, Answered("5.3", "nein"), new AnswersSubmitted(K, 1, Steuerungsgruppe, false));

        var events = RecordConsensusDecision.Decide(new RecordConsensus(K, 1, "5.3", "eher ja", "Neu bewertet in der Steuerungsgruppe", 0), K,
            Round(Opened, new RoundClosed(K, 1)), Inputs(respondent));

        Assert.Equal(new ConsensusRecorded(K, 1, "5.3", "eher ja", "Neu bewertet in der Steuerungsgruppe", 1), events[0]);
        var evaluated = Assert.IsType<RoundEvaluated>(events[1]);
        Assert.Equal(("konsens", "2"), (evaluated.Reason, evaluated.Evaluation.Fields.Single(f => f.Field == 5).MeanExact));
    }

    [Fact]
    public void a_consensus_on_an_open_round_waits_for_the_evaluation_at_closing()
    {
        var events = RecordConsensusDecision.Decide(new RecordConsensus(K, 1, "5.3", "eher ja", "In der Steuerungsgruppe", null), K, Round(Opened), Inputs());

        Assert.IsType<ConsensusRecorded>(Assert.Single(events));
    }

    [Fact]
    public void a_consensus_needs_a_reason()
    {
        var e = Assert.Throws<InvalidInput>(() => RecordConsensusDecision.Decide(new RecordConsensus(K, 1, "5.3", "ja", " ", null), K, Round(Opened), Inputs()));
        Assert.Equal("reason", Assert.Single(e.Errors).Field);
    }

    [Fact]
    public void commentary_needs_an_evaluation_and_a_field_of_the_round()
    {
        Assert.Equal("runde-nicht-ausgewertet", Assert.Throws<RuleViolation>(() =>
            RecordCommentaryDecision.Decide(new RecordCommentary(K, 1, 1, "Text", null), K, Round(Opened))).Type);
        var evaluated = Round(Opened, new RoundClosed(K, 1), new RoundEvaluated(K, 1, "abgeschlossen",
            Evaluator.Evaluate(TestCatalogue.Catalogue, TestCatalogue.All, ScoringScheme.Standard, [], new Dictionary<string, string>())));
        Assert.Equal("field", Assert.Single(Assert.Throws<InvalidInput>(() =>
            RecordCommentaryDecision.Decide(new RecordCommentary(K, 1, 7, "Text", null), K, evaluated)).Errors).Field);
        Assert.Equal([new CommentaryRecorded(K, 1, null, "Gesamt", 1)],
            RecordCommentaryDecision.Decide(new RecordCommentary(K, 1, null, " Gesamt ", 0), K, evaluated), new JsonEquality());
    }

    [Fact]
    public void an_open_round_is_not_re_evaluated_and_a_closed_one_is_evaluated_anew()
    {
        Assert.Equal("runde-offen", Assert.Throws<RuleViolation>(() =>
            ReevaluateDecision.Decide(new Reevaluate(K, 1, "standard", "1"), K, Round(Opened), Inputs())).Type);
        var respondent = Respondent(Added, Answered("5.3", "nein"), new AnswersSubmitted(K, 1, Steuerungsgruppe, false));
        var rescored = Assert.IsType<RoundEvaluated>(Assert.Single(
            ReevaluateDecision.Decide(new Reevaluate(K, 1, "standard", "1"), K, Round(Opened, new RoundClosed(K, 1)), Inputs(respondent))));
        Assert.Equal(("neu-bewertet", "0"), (rescored.Reason, rescored.Evaluation.Fields.Single(f => f.Field == 5).MeanExact));
    }

    [Fact]
    public void an_unknown_round_is_not_found()
    {
        Assert.Equal("runde-unbekannt", Assert.Throws<NotFound>(() =>
            SubmitAnswersDecision.Decide(new SubmitAnswers(K, 3, Steuerungsgruppe), K, null, null, Now)).Type);
    }

    [Fact]
    public void a_rounds_deadline_becomes_a_milestone_of_the_lead_office_with_reminders_and_closing_the_round_completes_it()
    {
        var id = ProgrammeMilestones.ForRound(K, 1);
        var deadline = new DateOnly(2020, 6, 10);

        var opened = OpenRoundDecision.Decide(new OpenRound(K, "full", "test-katalog", null, "Verwaltung", null, deadline), WithLeadOffice(), TestCatalogue.Catalogue, Now);

        Assert.Equal(Opened with { Deadline = deadline }, opened[0], new JsonEquality());
        var planned = Assert.IsType<MilestonePlanned>(opened[1]);
        Assert.Equal((id, "Frist Selbstcheck-Fragebogen, Runde 1 (Verwaltung)", "Befragung", "Integrationsbüro", "2020-06-10", "runde"),
            (planned.MilestoneId, planned.Title, planned.Kind, planned.Owner, planned.DueDate, planned.Source));
        Assert.Equal(["p1-d14", "p1-d3", "p1-d0", "p1-eskalation"], Assert.IsType<RemindersPlanned>(opened[2]).Reminders.Select(r => r.Key));

        var respondent = Respondent(Added, Answered("1.1", "ja"), new AnswersSubmitted(K, 1, Steuerungsgruppe, false));
        var closed = CloseRoundDecision.Decide(new CloseRound(K, 1), K, Round(Opened), Inputs(respondent), Milestone(planned, opened[2]));
        Assert.Equal(new MilestoneCompleted(K, id, 2), closed[2]);
        Assert.Equal(2, CloseRoundDecision.Decide(new CloseRound(K, 1), K, Round(Opened), Inputs(respondent), Milestone(planned, new MilestoneCompleted(K, id, 2))).Count);
    }

    [Fact]
    public void imported_history_plans_no_reminders()
    {
        var opened = OpenRoundDecision.Decide(new OpenRound(K, "full", "test-katalog", null, "Verwaltung", null, new DateOnly(2020, 6, 10)), WithLeadOffice(),
            TestCatalogue.Catalogue, ImportedAt(Now.Now));

        Assert.Equal([typeof(RoundOpened), typeof(MilestonePlanned)], opened.Select(e => e.GetType()));
    }
}
