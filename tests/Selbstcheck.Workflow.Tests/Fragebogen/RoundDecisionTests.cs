using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Fragebogen;
using Selbstcheck.Workflow.Teilnahme;
using Selbstcheck.Workflow.Tests.Teilnahme;

namespace Selbstcheck.Workflow.Tests.Fragebogen;

public class RoundDecisionTests
{
    private const string K = "dessau-rosslau";
    private static readonly Guid Steuerungsgruppe = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Link = Guid.Parse("00000000-0000-0000-0000-0000000000aa");
    private static readonly DateOnly Today = new(2020, 5, 4);

    private static readonly RoundOpened Opened = new(K, 1, "full", null, "test-katalog", "1", "Verwaltung", null, TestCatalogue.All, [1, 3, 5]);
    private static readonly RespondentAdded Added = new(K, 1, Steuerungsgruppe, "Interne Steuerungsgruppe", null, null, Link);

    private static KommuneJourney Given(params object[] events) => Teilnahme.Given.Journey([Teilnahme.Given.DessauRegistered, .. events]);

    private static AnswerRecorded Answered(string criterion, string answer, long version = 1) =>
        new(K, 1, Steuerungsgruppe, criterion, answer, null, null, false, version);

    [Fact]
    public void opening_a_full_round_copies_every_criterion_in()
    {
        var events = OpenRoundDecision.Decide(new OpenRound(K, "full", "test-katalog", null, " Verwaltung ", null, null), Given(), TestCatalogue.Catalogue, Today);

        Assert.Equal([Opened], events, new JsonEquality());
    }

    [Fact]
    public void a_short_round_asks_only_its_short_form()
    {
        var events = OpenRoundDecision.Decide(new OpenRound(K, "short", "test-katalog", "1", "Zivilgesellschaft", "Kurzform", null), Given(), TestCatalogue.Catalogue, Today);

        var opened = Assert.IsType<RoundOpened>(Assert.Single(events));
        Assert.Equal(("short", "kurzform"), (opened.Kind, opened.ShortForm));
        Assert.Equal(["1.2", "5.1"], opened.Criteria);
        Assert.Equal([1, 5], opened.Fields);
    }

    [Fact]
    public void a_second_open_round_for_the_same_actor_group_is_refused_but_another_group_may_run_alongside()
    {
        var state = Given(Opened);

        var e = Assert.Throws<RuleViolation>(() => OpenRoundDecision.Decide(new OpenRound(K, "full", "test-katalog", null, "verwaltung", null, null), state, TestCatalogue.Catalogue, Today));
        Assert.Equal("runde-fuer-akteursgruppe-offen", e.Type);
        var other = OpenRoundDecision.Decide(new OpenRound(K, "short", "test-katalog", null, "Politik", "kurzform", null), state, TestCatalogue.Catalogue, Today);
        Assert.Equal(2, Assert.IsType<RoundOpened>(Assert.Single(other)).Round);
    }

    [Fact]
    public void an_unknown_short_form_or_catalogue_is_refused_by_rule_and_bad_input_is_listed()
    {
        Assert.Equal("kurzform-unbekannt", Assert.Throws<RuleViolation>(() =>
            OpenRoundDecision.Decide(new OpenRound(K, "short", "test-katalog", null, "Politik", "lang", null), Given(), TestCatalogue.Catalogue, Today)).Type);
        Assert.Equal("katalog-unbekannt", Assert.Throws<RuleViolation>(() =>
            OpenRoundDecision.Decide(new OpenRound(K, "full", "gibt-es-nicht", null, "Politik", null, null), Given(), null, Today)).Type);
        var invalid = Assert.Throws<InvalidInput>(() =>
            OpenRoundDecision.Decide(new OpenRound(K, "lang", null, null, "", null, Today.AddDays(-1)), Given(), null, Today));
        Assert.Equal(["kind", "catalogue", "actorGroup", "deadline"], invalid.Errors.Select(x => x.Field));
    }

    [Fact]
    public void adding_a_respondent_of_an_unknown_unit_creates_the_unit()
    {
        var events = AddRespondentDecision.Decide(new AddRespondent(K, 1, Steuerungsgruppe, Link, "Interne Steuerungsgruppe", null, null), Given(Opened), false);

        Assert.Equal([new UnitAdded(K, "Interne Steuerungsgruppe", null), Added], events, new JsonEquality());
    }

    [Fact]
    public void answers_get_versions_and_an_unchanged_answer_records_nothing()
    {
        var state = Given(Opened, Added, Answered("1.1", "eher ja"));

        var events = RecordAnswersDecision.Decide(new RecordAnswers(K, 1, Steuerungsgruppe,
            [new AnswerInput("1.1", "eher ja", ExpectedVersion: 1), new AnswerInput("1.2", "JA")], false), state);

        Assert.Equal([Answered("1.2", "ja")], events, new JsonEquality());
    }

    [Fact]
    public void every_bad_answer_element_is_listed()
    {
        var e = Assert.Throws<InvalidInput>(() => RecordAnswersDecision.Decide(new RecordAnswers(K, 1, Steuerungsgruppe,
            [new AnswerInput("9.9", "ja"), new AnswerInput("1.1", "vielleicht"), new AnswerInput("1.2", "ja", Evidence: "ftp://x")], false), Given(Opened, Added)));

        Assert.Equal(["answers[0].criterion", "answers[1].answer", "answers[2].evidence"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void stale_versions_are_a_conflict_naming_every_stale_criterion()
    {
        var state = Given(Opened, Added, Answered("1.1", "eher ja"), Answered("1.2", "ja"));

        var e = Assert.Throws<Conflict>(() => RecordAnswersDecision.Decide(new RecordAnswers(K, 1, Steuerungsgruppe,
            [new AnswerInput("1.1", "ja", ExpectedVersion: 0), new AnswerInput("1.2", "nein", ExpectedVersion: 1), new AnswerInput("1.3", "ja", ExpectedVersion: 1)], false), state));

        Assert.Contains("1.1", e.Detail);
        Assert.Contains("1.3", e.Detail);
        Assert.DoesNotContain("1.2", e.Detail);
    }

    [Fact]
    public void after_submitting_or_closing_answers_are_refused()
    {
        var submitted = Given(Opened, Added, new AnswersSubmitted(K, 1, Steuerungsgruppe, false));
        var closed = Given(Opened, Added, new RoundClosed(K, 1));

        Assert.Equal("antworten-abgegeben", Assert.Throws<RuleViolation>(() =>
            RecordAnswersDecision.Decide(new RecordAnswers(K, 1, Steuerungsgruppe, [new AnswerInput("1.1", "ja")], false), submitted)).Type);
        Assert.Equal("antworten-abgegeben", Assert.Throws<RuleViolation>(() =>
            SubmitAnswersDecision.Decide(new SubmitAnswers(K, 1, Steuerungsgruppe, false), submitted)).Type);
        Assert.Equal("runde-geschlossen", Assert.Throws<RuleViolation>(() =>
            RecordAnswersDecision.Decide(new RecordAnswers(K, 1, Steuerungsgruppe, [new AnswerInput("1.1", "ja")], false), closed)).Type);
    }

    [Fact]
    public void closing_evaluates_only_submitted_answers()
    {
        var other = Guid.Parse("00000000-0000-0000-0000-000000000002");
        var state = Given(Opened, Added, Answered("1.1", "ja"), new AnswersSubmitted(K, 1, Steuerungsgruppe, false),
            new RespondentAdded(K, 1, other, "Sportförderung", "IV", null, Link), new AnswerRecorded(K, 1, other, "1.1", "nein", null, null, false, 1));

        var events = CloseRoundDecision.Decide(new CloseRound(K, 1), state, TestCatalogue.Catalogue, ScoringScheme.Standard);

        Assert.IsType<RoundClosed>(events[0]);
        var evaluated = Assert.IsType<RoundEvaluated>(events[1]);
        Assert.Equal("abgeschlossen", evaluated.Reason);
        Assert.Equal("3", evaluated.Evaluation.Fields.Single(f => f.Field == 1).MeanExact);
    }

    [Fact]
    public void closing_twice_or_without_submitted_answers_is_refused()
    {
        Assert.Equal("keine-antworten", Assert.Throws<RuleViolation>(() =>
            CloseRoundDecision.Decide(new CloseRound(K, 1), Given(Opened, Added, Answered("1.1", "ja")), TestCatalogue.Catalogue, ScoringScheme.Standard)).Type);
        Assert.Equal("runde-geschlossen", Assert.Throws<RuleViolation>(() =>
            CloseRoundDecision.Decide(new CloseRound(K, 1), Given(Opened, new RoundClosed(K, 1)), TestCatalogue.Catalogue, ScoringScheme.Standard)).Type);
    }

    [Fact]
    public void a_consensus_on_a_closed_round_re_evaluates_it()
    {
        var state = Given(Opened, Added, Answered("5.3", "nein"), new AnswersSubmitted(K, 1, Steuerungsgruppe, false), new RoundClosed(K, 1));

        var events = RecordConsensusDecision.Decide(new RecordConsensus(K, 1, "5.3", "eher ja", "Neu bewertet in der Steuerungsgruppe", 0), state,
            TestCatalogue.Catalogue, ScoringScheme.Standard);

        Assert.Equal(new ConsensusRecorded(K, 1, "5.3", "eher ja", "Neu bewertet in der Steuerungsgruppe", 1), events[0]);
        var evaluated = Assert.IsType<RoundEvaluated>(events[1]);
        Assert.Equal(("konsens", "2"), (evaluated.Reason, evaluated.Evaluation.Fields.Single(f => f.Field == 5).MeanExact));
    }

    [Fact]
    public void a_consensus_needs_a_reason()
    {
        var e = Assert.Throws<InvalidInput>(() => RecordConsensusDecision.Decide(new RecordConsensus(K, 1, "5.3", "ja", " ", null), Given(Opened),
            TestCatalogue.Catalogue, ScoringScheme.Standard));
        Assert.Equal("reason", Assert.Single(e.Errors).Field);
    }

    [Fact]
    public void commentary_needs_an_evaluation_and_a_field_of_the_round()
    {
        Assert.Equal("runde-nicht-ausgewertet", Assert.Throws<RuleViolation>(() =>
            RecordCommentaryDecision.Decide(new RecordCommentary(K, 1, 1, "Text", null), Given(Opened))).Type);
        var evaluated = Given(Opened, new RoundClosed(K, 1), new RoundEvaluated(K, 1, "abgeschlossen",
            Evaluator.Evaluate(TestCatalogue.Catalogue, TestCatalogue.All, ScoringScheme.Standard, [], new Dictionary<string, string>())));
        Assert.Equal("field", Assert.Single(Assert.Throws<InvalidInput>(() =>
            RecordCommentaryDecision.Decide(new RecordCommentary(K, 1, 7, "Text", null), evaluated)).Errors).Field);
        Assert.Equal([new CommentaryRecorded(K, 1, null, "Gesamt", 1)],
            RecordCommentaryDecision.Decide(new RecordCommentary(K, 1, null, " Gesamt ", 0), evaluated), new JsonEquality());
    }

    [Fact]
    public void an_open_round_is_not_re_evaluated()
    {
        Assert.Equal("runde-offen", Assert.Throws<RuleViolation>(() =>
            ReevaluateDecision.Decide(new Reevaluate(K, 1, "standard", "1"), Given(Opened), TestCatalogue.Catalogue, ScoringScheme.Standard)).Type);
    }

    [Fact]
    public void an_unknown_round_is_not_found()
    {
        Assert.Equal("runde-unbekannt", Assert.Throws<NotFound>(() =>
            SubmitAnswersDecision.Decide(new SubmitAnswers(K, 3, Steuerungsgruppe, false), Given(Opened))).Type);
    }

    [Fact]
    public void the_phase_follows_the_full_rounds()
    {
        Assert.Equal(Phase.Fragebogen, Given(Opened).Phase.Derive());
        Assert.Equal(Phase.Auswertung, Given(Opened, new RoundClosed(K, 1)).Phase.Derive());
    }
}

/// <summary>Events hold lists: compare them by their JSON, as the store sees them.</summary>
public sealed class JsonEquality : IEqualityComparer<object>
{
    public new bool Equals(object? x, object? y) =>
        x?.GetType() == y?.GetType() && System.Text.Json.JsonSerializer.Serialize(x, x?.GetType() ?? typeof(object)) == System.Text.Json.JsonSerializer.Serialize(y, y?.GetType() ?? typeof(object));

    public int GetHashCode(object obj) => 0;
}
