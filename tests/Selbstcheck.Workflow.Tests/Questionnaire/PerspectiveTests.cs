using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;
using static Selbstcheck.Workflow.Tests.Given;

namespace Selbstcheck.Workflow.Tests.Questionnaire;

/// <summary>#14: short forms of plain questions, actor groups, and the administration's view mirrored against other groups'.</summary>
public class PerspectiveTests
{
    private const string Zivilgesellschaft = "Zivilgesellschaft und Migrantenorganisationen";
    private static readonly CommandContext Now = At(new DateTimeOffset(2020, 9, 1, 9, 0, 0, TimeSpan.FromHours(2)));

    /// <summary>The test catalogue with a short form of questions: one measures criterion 1.2, one only field 5, one criterion 5.1.</summary>
    private static readonly Catalogue WithQuestions = TestCatalogue.Catalogue with
    {
        ShortForms =
        [
            .. TestCatalogue.Catalogue.ShortForms,
            new ShortForm("fragen", "Einfache Fragen", null,
            [
                new ShortFormQuestion("f1", "Ist Weltoffenheit der Stadt wichtig?", Criterion: "1.2"),
                new ShortFormQuestion("f2", "Können Sie mitreden?", Field: 5),
                new ShortFormQuestion("f3", "Können sich alle engagieren?", Criterion: "5.1"),
            ]),
        ],
    };

    // ---- short forms as catalogue data ----

    [Fact]
    public void a_short_form_of_questions_is_valid_beside_the_criteria_only_one()
    {
        var valid = CatalogueValidation.Validate(WithQuestions);

        Assert.Equal(["1.2", "5.1"], valid.FindShortForm("kurzform")!.Asked);
        Assert.Equal(["f1", "f2", "f3"], valid.FindShortForm("fragen")!.Asked);
    }

    [Fact]
    public void every_problem_of_a_short_forms_questions_is_listed()
    {
        var broken = TestCatalogue.Catalogue with
        {
            ShortForms =
            [
                new ShortForm("fragen", null, ["1.1"],
                [
                    new ShortFormQuestion("f1", "", Criterion: "1.2"),
                    new ShortFormQuestion("f1", "Doppelt?", Field: 1),
                    new ShortFormQuestion("f3", "Beides?", Criterion: "1.2", Field: 1),
                    new ShortFormQuestion("f4", "Nichts?"),
                    new ShortFormQuestion("f5", "Unbekannt?", Criterion: "9.9"),
                    new ShortFormQuestion("f6", "Kein Feld?", Field: 2),
                ]),
                new ShortForm("leer", null, null, []),
            ],
        };

        var e = Assert.Throws<InvalidInput>(() => CatalogueValidation.Validate(broken));

        Assert.Equal(
        [
            "shortForms[0].questions", "shortForms[0].questions[0].text", "shortForms[0].questions[1].id", "shortForms[0].questions[2]",
            "shortForms[0].questions[3]", "shortForms[0].questions[4].criterion", "shortForms[0].questions[5].field", "shortForms[1].criteria",
        ], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void a_short_form_of_questions_serialises_without_the_criteria_and_the_old_shape_without_questions()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(WithQuestions.ShortForms, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));

        Assert.Contains("{\"name\":\"kurzform\",\"description\":null,\"criteria\":[\"1.2\",\"5.1\"]}", json);
        Assert.Contains("{\"id\":\"f2\",\"text\":\"Können Sie mitreden?\",\"field\":5}", System.Text.RegularExpressions.Regex.Unescape(json));
    }

    // ---- a short round of questions ----

    private static RoundOpened OpenedQuestions() =>
        Assert.IsType<RoundOpened>(Assert.Single(OpenRoundDecision.Decide(
            new OpenRound(K, "short", "test-katalog", null, Zivilgesellschaft, "fragen", null), Kommune(), WithQuestions, Now)));

    [Fact]
    public void a_short_round_of_questions_asks_the_questions_by_field()
    {
        var opened = OpenedQuestions();

        Assert.Equal(["f1", "f2", "f3"], opened.Criteria);
        Assert.Equal([1, 5], opened.Fields);
        Assert.Equal(Zivilgesellschaft, opened.ActorGroup);
    }

    [Fact]
    public void a_short_round_is_evaluated_per_question_and_per_field_and_records_what_each_question_measures()
    {
        var opened = OpenedQuestions();
        var a = new RespondentAdded(K, 1, Guid.Parse("00000000-0000-0000-0000-0000000000a1"), "Verein A", null, null, Guid.NewGuid());
        var b = new RespondentAdded(K, 1, Guid.Parse("00000000-0000-0000-0000-0000000000b1"), "Verein B", null, null, Guid.NewGuid());
        RespondentState Answered(RespondentAdded who, params (string Q, string A)[] answers) =>
            Respondent(who, [.. answers.Select(x => (object)new AnswerRecorded(K, 1, who.RespondentId, x.Q, x.A, null, null, false, 1)), new AnswersSubmitted(K, 1, who.RespondentId, false)]);
        var inputs = new RoundEvaluationInputs(WithQuestions, ScoringScheme.Standard,
            [Answered(a, ("f1", "ja"), ("f2", "nein"), ("f3", "eher nein")), Answered(b, ("f1", "eher ja"), ("f2", "nein"), ("f3", "nein"))]);

        var events = CloseRoundDecision.Decide(new CloseRound(K, 1), K, Round(opened), inputs, null);

        var e = Assert.IsType<RoundEvaluated>(events[1]).Evaluation;
        Assert.Equal([1, 5], e.Fields.Select(f => f.Field));
        Assert.Equal(["f1"], e.Fields[0].Criteria.Select(c => c.Criterion));
        Assert.Equal("5/2", e.Fields[0].Criteria[0].ScoreExact);
        Assert.Equal(3, e.Fields[0].Level);
        // Field 5: f2 = 0, f3 = 1/2 → mean of the field's questions 1/4.
        Assert.Equal(["f2", "f3"], e.Fields[1].Criteria.Select(c => c.Criterion));
        Assert.Equal("1/4", e.Fields[1].MeanExact);
        Assert.Equal(1, e.Fields[1].Level);
        Assert.Equal(2, e.Responses);
        Assert.Equal([new QuestionMeasure("f1", 1, "1.2"), new QuestionMeasure("f2", 5, null), new QuestionMeasure("f3", 5, "5.1")], e.Questions!);
    }

    // ---- actor groups ----

    [Fact]
    public void an_actor_group_outside_the_configured_list_is_refused_naming_the_allowed_ones()
    {
        var groups = ActorGroupList.From(["Politik", "Wirtschaft"]);

        var e = Assert.Throws<RuleViolation>(() =>
            OpenRoundDecision.Decide(new OpenRound(K, "short", "test-katalog", null, "Sportvereine", "kurzform", null), Kommune(), TestCatalogue.Catalogue, Now, groups));

        Assert.Equal(422, e.Status);
        Assert.Equal("akteursgruppe-unbekannt", e.Type);
        Assert.Equal(["Verwaltung", "Politik", "Wirtschaft"], e.Alternatives);
        Assert.Contains("\"Politik\"", e.Detail);
        // The default list names the groups the seed's workshop had in mind.
        Assert.Throws<RuleViolation>(() => OpenRoundDecision.Decide(new OpenRound(K, "full", "test-katalog", null, "Sportvereine", null, null), Kommune(), TestCatalogue.Catalogue, Now));
    }

    [Fact]
    public void a_configured_group_is_taken_in_its_configured_spelling_and_the_administrations_follow_up_keeps_working()
    {
        var opened = Assert.IsType<RoundOpened>(Assert.Single(OpenRoundDecision.Decide(
            new OpenRound(K, "short", "test-katalog", null, " wirtschaft ", "kurzform", null), Kommune(), TestCatalogue.Catalogue, Now)));
        Assert.Equal("Wirtschaft", opened.ActorGroup);

        var own = Assert.IsType<RoundOpened>(Assert.Single(OpenRoundDecision.Decide(
            new OpenRound(K, "short", "test-katalog", null, "Verwaltung", "kurzform", null), Kommune(), TestCatalogue.Catalogue, Now, ActorGroupList.From(["Politik"]))));
        Assert.Equal(("Verwaltung", "kurzform"), (own.ActorGroup, own.ShortForm));
    }

    // ---- perspectives ----

    private static readonly DateTimeOffset June = new(2020, 6, 10, 12, 0, 0, TimeSpan.Zero);

    private static FieldResult Field(int number, string name, int? level, params (string Id, string Score)[] criteria) =>
        new(number, $"hf{number}", name, level, level is null ? Evaluator.NotRateable : $"Stufe {level}", null, null, criteria.Length, criteria.Length, [],
            criteria.Select(c => new CriterionResult(c.Id, $"Text {c.Id}", c.Score, Rational.Parse(c.Score).Round(), new Dictionary<string, int>(), null, null, false, null)).ToList());

    private static Evaluation Eval(int? responses, IReadOnlyList<QuestionMeasure>? questions, params FieldResult[] fields) =>
        new("test-katalog", "1", "standard", "1", new LevelResult(2, "Stufe 2", "2", 2m), fields, responses, questions);

    /// <summary>The administration's full round: 1.2 at 2 (level 2), 5.1 at 1 (level 1), 5.2 at 3; field 5 mean 2 (level 2).</summary>
    private static PerspectiveRound Admin(int round, DateTimeOffset closed, string kind = "full") => new(round, kind, "Verwaltung", closed.AddDays(-30), closed,
        Eval(1, null, Field(1, "Management", 2, ("1.2", "2")), Field(5, "Engagement", 2, ("5.1", "1"), ("5.2", "3"))));

    /// <summary>The civil society's questions: f1 → 1.2, f2 → field 5 only, f3 → 5.1.</summary>
    private static PerspectiveRound Civil(int round, int responses, string f1 = "3/2", DateTimeOffset? opened = null) => new(round, "short", Zivilgesellschaft,
        opened ?? June.AddDays(30), (opened ?? June.AddDays(30)).AddDays(20),
        Eval(responses, [new("f1", 1, "1.2"), new("f2", 5, null), new("f3", 5, "5.1")],
            Field(1, "Management", 2, ("f1", f1)), Field(5, "Engagement", 1, ("f2", "0"), ("f3", "5/2"))));

    private static PerspectivesView Of(params PerspectiveRound[] rounds) => Perspectives.Of(rounds, _ => ScoringScheme.Standard);

    [Fact]
    public void a_groups_result_is_shown_per_criterion_where_both_have_it_else_per_field_with_the_gap_in_levels()
    {
        var view = Of(Admin(1, June), Civil(2, 5));

        var c = Assert.Single(view.Comparisons);
        Assert.Equal((2, 1, true, (string?)null), (c.Round, c.BaselineRound, c.Shown, c.Note));
        Assert.Equal([(1, "1.2"), (5, "5.1"), (5, null)], c.Rows.Select(r => (r.Field, r.Criterion)));
        var hf5 = c.Rows.Single(r => r.Criterion == "5.1");
        Assert.Equal((1, 3, 2, true), (hf5.Administration.Level, hf5.Group!.Level, hf5.Gap, hf5.Differs));
        var field5 = c.Rows.Single(r => r.Criterion is null);
        Assert.Equal((2, 1, -1, true), (field5.Administration.Level, field5.Group!.Level, field5.Gap, field5.Differs));
    }

    [Fact]
    public void a_group_with_four_responses_is_withheld_and_with_five_shown()
    {
        var four = Assert.Single(Of(Admin(1, June), Civil(2, 4)).Comparisons);
        var five = Assert.Single(Of(Admin(1, June), Civil(2, 5)).Comparisons);

        Assert.False(four.Shown);
        Assert.Equal("zu wenige Antworten (n < 5)", four.Note);
        Assert.All(four.Rows, r => Assert.Equal((null, null, false), (r.Group, r.Gap, r.Differs)));
        Assert.All(four.Rows, r => Assert.NotNull(r.Administration.Level));
        Assert.True(five.Shown);
        Assert.All(five.Rows, r => Assert.NotNull(r.Group));
    }

    [Fact]
    public void a_difference_of_one_level_is_flagged_and_the_same_level_is_not()
    {
        // 1.2: administration 2 (level 2). The group's 3/2 is level 2 (same), 4/3 is level 1 (one below), 5/2 level 3.
        Assert.Equal((0, false), Row12(Of(Admin(1, June), Civil(2, 5, f1: "3/2"))));
        Assert.Equal((-1, true), Row12(Of(Admin(1, June), Civil(2, 5, f1: "4/3"))));
        Assert.Equal((1, true), Row12(Of(Admin(1, June), Civil(2, 5, f1: "5/2"))));

        static (int?, bool) Row12(PerspectivesView v) => v.Comparisons.Single().Rows.Single(r => r.Criterion == "1.2") is var r ? (r.Gap, r.Differs) : default;
    }

    [Fact]
    public void the_baseline_is_the_latest_evaluated_full_round_of_the_administration_closed_before_the_follow_up()
    {
        var older = Admin(1, June.AddMonths(-12));
        var latest = Admin(2, June);
        var ownShort = Admin(3, June.AddDays(10), kind: "short");
        var later = Admin(5, June.AddMonths(6));
        var followUp = Civil(4, 6, opened: June.AddDays(20));

        var c = Assert.Single(Of(older, latest, ownShort, later, followUp).Comparisons);

        Assert.Equal(2, c.BaselineRound);
        Assert.Equal(June, c.BaselineClosedAt);
        var none = Assert.Single(Of(later, Civil(4, 6, opened: June)).Comparisons);
        Assert.Null(none.BaselineRound);
        Assert.Equal(Perspectives.NoBaseline, none.Note);
        Assert.Empty(none.Rows);
    }

    [Fact]
    public void the_trend_runs_per_actor_group_and_never_mixes_them()
    {
        var view = Of(Admin(1, June), Civil(2, 6), Admin(3, June.AddMonths(12)), Civil(4, 3, opened: June.AddMonths(13)));

        Assert.Equal(["Verwaltung", Zivilgesellschaft], view.Trends.Select(t => t.ActorGroup));
        Assert.Equal([1, 3], view.Trends[0].Rounds.Select(r => r.Round));
        Assert.Equal([2, 4], view.Trends[1].Rounds.Select(r => r.Round));
        // Below five responses a group's point is withheld; the administration's never is.
        Assert.Equal([true, false], view.Trends[1].Rounds.Select(r => r.Shown));
        Assert.Empty(view.Trends[1].Rounds[1].Fields);
        Assert.Equal(2, view.Comparisons.Count);
        Assert.Equal([1, 3], view.Comparisons.Select(c => c.BaselineRound));
    }

    [Fact]
    public void only_rounds_closed_before_a_moment_count()
    {
        var followUp = Civil(2, 6);

        Assert.Single(Perspectives.Of([Admin(1, June), followUp], _ => ScoringScheme.Standard, closedBefore: followUp.ClosedAt!.Value.AddTicks(1)).Comparisons);
        Assert.Empty(Perspectives.Of([Admin(1, June), followUp], _ => ScoringScheme.Standard, closedBefore: followUp.ClosedAt!.Value).Comparisons);
    }
}
