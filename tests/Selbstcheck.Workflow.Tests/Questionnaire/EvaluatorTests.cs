using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Workflow.Tests.Questionnaire;

public class EvaluatorTests
{
    private static readonly Guid A = Guid.Parse("00000000-0000-0000-0000-00000000000a");

    private static Evaluation Evaluate(IEnumerable<(Guid R, string C, string Answer)> answers, Dictionary<string, string>? consensus = null, IReadOnlyList<string>? scope = null) =>
        Evaluator.Evaluate(TestCatalogue.Catalogue, scope ?? TestCatalogue.All, ScoringScheme.Standard,
            answers.Select(a => new SubmittedAnswer(a.R, a.C, a.Answer)).ToList(), consensus ?? []);

    private static IEnumerable<(Guid, string, string)> One(params (string C, string A)[] answers) => answers.Select(a => (A, a.C, a.A));

    private static IEnumerable<(Guid, string, string)> Many(string criterion, params string[] answers) =>
        answers.Select((a, i) => (new Guid(i + 1, 0, 0, new byte[8]), criterion, a));

    [Fact]
    public void dessau_rosslaus_answers_give_the_documented_levels()
    {
        var e = Evaluate(One(("1.1", "eher ja"), ("1.2", "ja"), ("1.3", "eher ja"), ("1.4", "eher nein"),
            ("3.1", "ja"), ("5.1", "eher ja"), ("5.2", "eher ja"), ("5.3", "nein")));

        Assert.Equal([2, 3, 1], e.Fields.Select(f => f.Level));
        Assert.Equal(["2", "3", "4/3"], e.Fields.Select(f => f.MeanExact));
        Assert.Equal(1.33m, e.Fields[2].Mean);
        Assert.Equal("19/9", e.Overall.MeanExact);
        Assert.Equal(2, e.Overall.Level);
        Assert.Equal("standard", e.SchemeId);
        Assert.Equal("1", e.CatalogueVersion);
    }

    [Fact]
    public void a_mean_of_exactly_three_halves_reached_through_thirds_is_level_two()
    {
        // 5.1: ja, eher nein, nein = 4/3; 5.2: ja, eher ja, nein = 5/3; field mean (4/3 + 5/3) / 2 = 3/2.
        var e = Evaluate(Many("5.1", "ja", "eher nein", "nein").Concat(Many("5.2", "ja", "eher ja", "nein")), scope: ["5.1", "5.2"]);

        var field = Assert.Single(e.Fields);
        Assert.Equal("3/2", field.MeanExact);
        Assert.Equal(2, field.Level);
    }

    [Fact]
    public void a_mean_of_exactly_five_halves_reached_through_sixths_is_level_three()
    {
        // 5.1: five ja, one eher ja = 17/6; 5.2: one ja, five eher ja = 13/6; field mean 5/2.
        var e = Evaluate(Many("5.1", "ja", "ja", "ja", "ja", "ja", "eher ja").Concat(Many("5.2", "ja", "eher ja", "eher ja", "eher ja", "eher ja", "eher ja")),
            scope: ["5.1", "5.2"]);

        var field = Assert.Single(e.Fields);
        Assert.Equal("5/2", field.MeanExact);
        Assert.Equal(3, field.Level);
        Assert.Equal(2.5m, field.Mean);
    }

    [Fact]
    public void just_below_a_threshold_stays_on_the_lower_level()
    {
        // 5.1: 4/3, 5.2: eher nein (1), 5.3: ja+eher ja (5/2)... mean (4/3 + 1 + 2) / 3 = 13/9 < 3/2.
        var e = Evaluate(Many("5.1", "ja", "eher nein", "nein").Concat(Many("5.2", "eher nein")).Concat(Many("5.3", "eher ja")));

        var field = e.Fields.Single(f => f.Field == 5);
        Assert.Equal("13/9", field.MeanExact);
        Assert.Equal(1, field.Level);
    }

    [Fact]
    public void keine_angabe_and_unanswered_criteria_are_left_out()
    {
        var e = Evaluate(One(("1.1", "ja"), ("1.2", "keine Angabe")));

        var field = e.Fields.Single(f => f.Field == 1);
        Assert.Equal((1, 4), (field.Answered, field.Total));
        Assert.Equal("3", field.MeanExact);
        Assert.Equal(1, field.Criteria.Single(c => c.Criterion == "1.2").Counts["keine Angabe"]);
        Assert.Null(field.Criteria.Single(c => c.Criterion == "1.2").ScoreExact);
    }

    [Fact]
    public void a_field_without_answered_criteria_is_not_rateable_and_left_out_of_the_overall_mean()
    {
        var e = Evaluate(One(("1.1", "ja"), ("3.1", "keine Angabe")));

        var arbeit = e.Fields.Single(f => f.Field == 3);
        Assert.Null(arbeit.Level);
        Assert.Equal("nicht bewertbar", arbeit.Label);
        Assert.Equal("3", e.Overall.MeanExact);
    }

    [Fact]
    public void a_consensus_answer_replaces_the_respondents_mean()
    {
        var e = Evaluate(Many("5.3", "ja", "nein"), new Dictionary<string, string> { ["5.3"] = "eher nein" }, ["5.3"]);

        var criterion = e.Fields.Single().Criteria.Single();
        Assert.Equal("1", criterion.ScoreExact);
        Assert.Equal("eher nein", criterion.Consensus);
        Assert.Equal(1, criterion.Counts["ja"]);
    }

    [Fact]
    public void answers_two_steps_apart_are_flagged_as_disagreement()
    {
        var e = Evaluate(Many("5.1", "ja", "eher nein").Concat(Many("5.2", "ja", "eher ja")), scope: ["5.1", "5.2"]);

        var criteria = e.Fields.Single().Criteria;
        Assert.True(criteria.Single(c => c.Criterion == "5.1").Disagreement);
        Assert.False(criteria.Single(c => c.Criterion == "5.2").Disagreement);
        Assert.Equal(("eher nein", "ja"), (criteria.Single(c => c.Criterion == "5.1").Min, criteria.Single(c => c.Criterion == "5.1").Max));
    }

    // #14: "zieht das Handlungsfeld nach unten" only where the field's level without the criterion is higher.

    [Fact]
    public void a_criterion_below_the_next_bound_whose_removal_does_not_lift_the_level_pulls_nothing_down()
    {
        // Dessau-Roßlau's HF 1: 2, 3, 2, 1 = 2 (level 2); without 1.4 (eher nein) 7/3 < 5/2: still level 2.
        var e = Evaluate(One(("1.1", "eher ja"), ("1.2", "ja"), ("1.3", "eher ja"), ("1.4", "eher nein")));

        Assert.Empty(e.Fields.Single(f => f.Field == 1).PullsDown);
    }

    [Fact]
    public void a_criterion_whose_removal_lifts_the_mean_exactly_onto_the_next_bound_pulls_the_field_down()
    {
        // 3, 2, 1 = 2 (level 2); without 5.3 (eher nein): 5/2, exactly level 3's bound; without 5.2: 2.
        var e = Evaluate(One(("5.1", "ja"), ("5.2", "eher ja"), ("5.3", "eher nein")), scope: ["5.1", "5.2", "5.3"]);

        Assert.Equal(["5.3"], e.Fields.Single().PullsDown);
    }

    [Fact]
    public void a_criterion_whose_removal_leaves_the_mean_just_below_the_bound_pulls_nothing_down()
    {
        // 3, 2, 2, 1 = 2; without 1.4: 7/3, a sixth below 5/2.
        var e = Evaluate(One(("1.1", "ja"), ("1.2", "eher ja"), ("1.3", "eher ja"), ("1.4", "eher nein")), scope: ["1.1", "1.2", "1.3", "1.4"]);

        Assert.Equal("2", e.Fields.Single().MeanExact);
        Assert.Empty(e.Fields.Single().PullsDown);
    }

    [Fact]
    public void dessau_rosslaus_globale_verantwortung_pulls_hf5_down_and_nothing_else_does()
    {
        // 2, 2, 0 = 4/3 (level 1); without 5.3: 2 (level 2); without 5.1 or 5.2: 1 (level 1).
        var e = Evaluate(One(("5.1", "eher ja"), ("5.2", "eher ja"), ("5.3", "nein")), scope: ["5.1", "5.2", "5.3"]);

        Assert.Equal(["5.3"], e.Fields.Single().PullsDown);
    }

    [Fact]
    public void the_top_level_a_single_criterion_and_skipped_answers_pull_nothing_down()
    {
        var top = Evaluate(One(("5.1", "ja"), ("5.2", "ja"), ("5.3", "eher ja")), scope: ["5.1", "5.2", "5.3"]);
        var single = Evaluate(One(("3.1", "nein")), scope: ["3.1"]);
        var skipped = Evaluate(One(("5.1", "eher ja"), ("5.2", "keine Angabe")), scope: ["5.1", "5.2"]);

        Assert.Empty(top.Fields.Single().PullsDown);
        Assert.Empty(single.Fields.Single().PullsDown);
        Assert.Empty(skipped.Fields.Single().PullsDown);
    }

    [Fact]
    public void several_criteria_can_each_pull_the_field_down()
    {
        // 3, 3, 3/2, 3/2 = 9/4 (level 2); without 1.3 or without 1.4: 5/2 (level 3); without 1.1: 2.
        var e = Evaluate(One(("1.1", "ja"), ("1.2", "ja")).Concat(Many("1.3", "ja", "nein")).Concat(Many("1.4", "ja", "nein")),
            scope: ["1.1", "1.2", "1.3", "1.4"]);

        Assert.Equal("9/4", e.Fields.Single().MeanExact);
        Assert.Equal(["1.3", "1.4"], e.Fields.Single().PullsDown);
    }

    [Fact]
    public void a_short_form_evaluates_only_its_criteria()
    {
        var e = Evaluate(One(("1.2", "ja"), ("5.1", "nein")), scope: TestCatalogue.Catalogue.FindShortForm("kurzform")!.Criteria);

        Assert.Equal([1, 5], e.Fields.Select(f => f.Field));
        Assert.All(e.Fields, f => Assert.Equal(1, f.Total));
    }

    [Fact]
    public void rationals_compare_and_round_exactly()
    {
        Assert.True(Rational.Of(3, 2) >= Rational.Parse("3/2"));
        Assert.True(Rational.Of(149, 100) < Rational.Of(3, 2));
        Assert.Equal(1.33m, Rational.Of(4, 3).Round());
        Assert.Equal(1.67m, Rational.Of(5, 3).Round());
        Assert.Equal(0.01m, Rational.Of(1, 200).Round());
        Assert.Equal("7/4", (Rational.Of(1) + Rational.Of(3, 4)).ToString());
    }
}
