using Selbstcheck.Workflow.ActionPlan;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Selbstcheck.Workflow.Questionnaire;
using Selbstcheck.Workflow.Workshops;
using Selbstcheck.Workflow.Tests.Questionnaire;
using static Selbstcheck.Workflow.Tests.Given;

namespace Selbstcheck.Workflow.Tests.Common;

/// <summary>The caps on a Kommune's items hold in the deciders, for every sender.</summary>
public class CapTests
{
    private static readonly CommandContext Now = At(new DateTimeOffset(2020, 7, 1, 16, 0, 0, TimeSpan.FromHours(2)));

    private static MilestonePlanned Milestone(int i) =>
        new(K, Guid.CreateVersion7(), $"Meilenstein {i}", "Dialogveranstaltung", "Integrationsbüro", null, "2020-10-08", null, [], [], null);

    private static PlanMilestone Plan() => new(K, Guid.CreateVersion7(), "Noch einer", "Dialogveranstaltung", "Integrationsbüro", null, "2020-10-08", null, null, null);

    [Fact]
    public void the_write_model_counts_the_items_that_the_caps_limit()
    {
        var kommune = WithLeadOffice(Milestone(1), Milestone(2),
            new WorkshopScheduled(K, Guid.NewGuid(), "Workshop", "2020-07-01T13:00", "Rathaus", false, null),
            new ActionItemAdded(K, Guid.NewGuid(), 4, "Text", [], "Integrationsbüro", false, null, null),
            new RespondentAdded(K, 1, Guid.NewGuid(), "Integrationsbüro", null, null, Guid.NewGuid()),
            new AnswerRecorded(K, 1, Guid.NewGuid(), "1.1", "ja", null, null, false, 1),
            new AnswerRecorded(K, 1, Guid.NewGuid(), "1.1", "nein", null, null, false, 2));

        Assert.Equal(new ItemCounts { Milestones = 2, Workshops = 1, ActionItems = 1, Respondents = 1, Answers = 2 }, kommune.Counts);
        Assert.Equal(KommuneState.CurrentShape, kommune.Shape);
    }

    [Fact]
    public void MilestoneCapRefusedWith422()
    {
        // Well above 200 milestones by default; the cap is configured, here lowered to three.
        Assert.True(KommuneLimits.Default.Milestones >= 1000);
        var context = Now with { Limits = KommuneLimits.Default with { Milestones = 3 } };
        var three = WithLeadOffice(Milestone(1), Milestone(2), Milestone(3));
        var two = WithLeadOffice(Milestone(1), Milestone(2));

        var e = Assert.Throws<RuleViolation>(() => PlanMilestoneDecision.Decide(Plan(), three, [], true, context));
        Assert.Equal((422, "obergrenze-meilensteine", "Obergrenze für Meilensteine erreicht"), (e.Status, e.Type, e.Title));
        Assert.Equal(3, e.Extensions["limit"]);
        Assert.IsType<MilestonePlanned>(PlanMilestoneDecision.Decide(Plan(), two, [], true, context)[0]);
        Assert.IsType<MilestonePlanned>(PlanMilestoneDecision.Decide(Plan(), three, [], true, Now)[0]);
    }

    [Fact]
    public void programme_milestones_count_against_the_cap_too()
    {
        var context = Now with { Limits = KommuneLimits.Default with { Milestones = 1 } };

        var e = Assert.Throws<RuleViolation>(() => ScheduleWorkshopDecision.Decide(
            new ScheduleWorkshop(K, Guid.NewGuid(), null, "2020-09-01T13:00", "Rathaus", false, null), WithLeadOffice(Milestone(1)), context));
        Assert.Equal("obergrenze-meilensteine", e.Type);
    }

    [Fact]
    public void workshop_action_item_round_respondent_and_answer_caps_are_refused_with_422()
    {
        var one = KommuneLimits.Default with { Workshops = 1, ActionItems = 1, Rounds = 1, Respondents = 1, Answers = 1 };
        var context = Now with { Limits = one };
        var workshop = new WorkshopScheduled(K, Guid.NewGuid(), "Workshop", "2020-07-01T13:00", "Rathaus", false, null);
        var opened = new RoundOpened(K, 1, "full", null, "test-katalog", "1", "Verwaltung", null, TestCatalogue.All, [1, 3, 5]);
        var respondent = new RespondentAdded(K, 1, Guid.NewGuid(), "Integrationsbüro", null, null, Guid.NewGuid());
        var answered = new AnswerRecorded(K, 1, respondent.RespondentId, "1.1", "ja", null, null, false, 1);
        var catalogue = TestCatalogue.Catalogue;

        Assert.Equal("obergrenze-workshops", Assert.Throws<RuleViolation>(() => ScheduleWorkshopDecision.Decide(
            new ScheduleWorkshop(K, Guid.NewGuid(), null, "2020-09-01T13:00", "Rathaus", false, null), WithLeadOffice(workshop), context)).Type);
        Assert.Equal("obergrenze-handlungsbedarfe", Assert.Throws<RuleViolation>(() => AddActionItemDecision.Decide(
            new AddActionItem(K, Guid.NewGuid(), 4, "Text", null, "Integrationsbüro", null),
            WithLeadOffice(new ActionItemAdded(K, Guid.NewGuid(), 4, "Text", [], "Integrationsbüro", false, null, null)), context)).Type);
        var grouped = WorkshopOf(workshop, new PrioritiesConfirmed(K, workshop.WorkshopId, [1], null));
        Assert.Equal("obergrenze-handlungsbedarfe", Assert.Throws<RuleViolation>(() => RecordWorkingGroupDecision.Decide(
            new RecordWorkingGroup(K, workshop.WorkshopId, 1, [], [], [new ListItem("Eins"), new ListItem("Zwei")], null),
            WithLeadOffice(opened), grouped, Guid.NewGuid, context)).Type);
        Assert.Equal("obergrenze-runden", Assert.Throws<RuleViolation>(() => OpenRoundDecision.Decide(
            new OpenRound(K, "full", catalogue.Id, null, "Politik", null, null), WithLeadOffice(opened), catalogue, context)).Type);
        Assert.Equal("obergrenze-befragte", Assert.Throws<RuleViolation>(() => AddRespondentDecision.Decide(
            new AddRespondent(K, 1, Guid.NewGuid(), Guid.NewGuid(), "Amt 2", null, null), WithLeadOffice(opened, respondent), Round(opened), false, context)).Type);
        Assert.Equal("obergrenze-antworten", Assert.Throws<RuleViolation>(() => RecordAnswersDecision.Decide(
            new RecordAnswers(K, 1, respondent.RespondentId, [new AnswerInput("1.1", "nein")]), WithLeadOffice(opened, respondent, answered),
            Round(opened), Respondent(respondent, answered), context)).Type);
    }
}
