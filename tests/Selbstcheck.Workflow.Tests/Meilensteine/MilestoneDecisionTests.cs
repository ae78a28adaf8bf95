using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Erinnerungen;
using Selbstcheck.Workflow.Meilensteine;
using Selbstcheck.Workflow.Teilnahme;
using Selbstcheck.Workflow.Workshop;

namespace Selbstcheck.Workflow.Tests.Meilensteine;

public class MilestoneDecisionTests
{
    private const string K = "dessau-rosslau";
    private static readonly Guid M = Guid.Parse("00000000-0000-0000-0000-0000000000d1");
    private static readonly Guid W = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Dialog = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    private static readonly IReadOnlyCollection<int> Fields = [1, 2, 3, 4, 5, 6, 7];

    /// <summary>Planning happens at the workshop day in 2020, so the reminders of the October dues lie ahead.</summary>
    private static readonly DateTimeOffset Now = new(2020, 7, 1, 16, 0, 0, TimeSpan.FromHours(2));

    private static KommuneJourney Given(params object[] events) =>
        Teilnahme.Given.Journey([Teilnahme.Given.DessauRegistered, new UnitAdded(K, "Integrationsbüro", null), new LeadOfficeNamed(K, "Integrationsbüro"), .. events]);

    private static readonly MilestonePlanned Planned = new(K, M, "Dialogveranstaltung", "Dialogveranstaltung", "Integrationsbüro", null, "2020-10-08", null, [], [], null);

    [Fact]
    public void a_milestone_is_due_on_exactly_one_of_an_all_day_date_or_a_local_time()
    {
        var e = Assert.Throws<InvalidInput>(() => MilestoneDecisions.Decide(new PlanMilestone(K, M, "x", "Workshop", "Integrationsbüro", null, "2020-10-08", "2020-10-08T18:00", null, null), Given(), Fields, Now));
        Assert.Equal("due", Assert.Single(e.Errors).Field);
        var timed = MilestoneDecisions.Decide(new PlanMilestone(K, M, "Workshop mit den Dezernenten", "Workshop", "integrationsbüro", null, null, "2020-11-12T10:00", [4], null), Given(), Fields, Now);
        var planned = Assert.IsType<MilestonePlanned>(timed[0]);
        Assert.IsType<RemindersPlanned>(Assert.Single(timed.Skip(1)));
        Assert.Equal(("Integrationsbüro", null, "2020-11-12T10:00"), (planned.Owner, planned.DueDate, planned.DueAt));
    }

    [Fact]
    public void dates_that_are_not_dates_are_listed()
    {
        var e = Assert.Throws<InvalidInput>(() => MilestoneDecisions.Decide(new PlanMilestone(K, M, "", "Feier", null, null, "8.10.2020", null, [9], null), Given(), Fields, Now));

        Assert.Equal(["title", "kind", "owner", "dueDate", "fields"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void a_vereinbarung_becomes_a_milestone_with_its_title_kind_and_planned_date()
    {
        var state = Given(new WorkshopScheduled(K, W, "Selbstcheck-Workshop", "2020-07-01T13:00", "Dessau-Roßlau", false, null),
            new AgreementsRecorded(K, W, [new Agreement(Dialog, "Eine Dialogveranstaltung durchführen.", "Dialogveranstaltung", null, "2020-10-08", "geplant", null)]));

        var events = MilestoneDecisions.Decide(new PlanMilestoneFromAgreement(K, M, W, Dialog, null, null, null), state, Now);

        Assert.Equal(new MilestonePlanned(K, M, "Eine Dialogveranstaltung durchführen.", "Dialogveranstaltung", "Integrationsbüro", null, "2020-10-08", null, [], [], Dialog),
            events[0], new Fragebogen.JsonEquality());
        Assert.Equal(["p1-d14", "p1-d3", "p1-d0", "p1-eskalation"], Assert.IsType<RemindersPlanned>(events[1]).Reminders.Select(r => r.Key));
        var twice = Given([.. new object[] { new WorkshopScheduled(K, W, "x", "2020-07-01T13:00", "y", false, null) },
            new AgreementsRecorded(K, W, [new Agreement(Dialog, "x", "Workshop", null, "2020-10-08", "geplant", null)]), events[0]]);
        Assert.Equal("meilenstein-existiert", Assert.Throws<Conflict>(() => MilestoneDecisions.Decide(new PlanMilestoneFromAgreement(K, Guid.NewGuid(), W, Dialog, null, null, null), twice, Now)).Type);
    }

    [Fact]
    public void a_completed_milestone_is_neither_rescheduled_nor_completed_again()
    {
        var done = Given(Planned, new MilestoneCompleted(K, M, 2));

        Assert.Equal("meilenstein-erledigt", Assert.Throws<RuleViolation>(() => MilestoneDecisions.Decide(new CompleteMilestone(K, M, null), done)).Type);
        Assert.Equal("meilenstein-erledigt", Assert.Throws<RuleViolation>(() =>
            MilestoneDecisions.Decide(new RescheduleMilestone(K, M, "2020-10-15", null, "später", null), done, Now)).Type);
    }

    [Fact]
    public void rescheduling_needs_a_reason_and_checks_the_version()
    {
        Assert.Equal(["reason"], Assert.Throws<InvalidInput>(() =>
            MilestoneDecisions.Decide(new RescheduleMilestone(K, M, "2020-10-15", null, null, null), Given(Planned), Now)).Errors.Select(x => x.Field));
        Assert.Equal("veraltete-version", Assert.Throws<Conflict>(() =>
            MilestoneDecisions.Decide(new RescheduleMilestone(K, M, "2020-10-15", null, "Saal", 2), Given(Planned), Now)).Type);
        var events = MilestoneDecisions.Decide(new RescheduleMilestone(K, M, "2020-10-15", null, "Saal", 1), Given(Planned), Now);
        Assert.Equal(new MilestoneRescheduled(K, M, "2020-10-15", null, "Saal", 2), events[0]);
        Assert.Equal(1, Assert.IsType<RemindersPlanned>(events[1]).Plan);
    }
}
