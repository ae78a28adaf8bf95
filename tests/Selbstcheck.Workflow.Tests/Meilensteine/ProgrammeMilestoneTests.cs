using Selbstcheck.Workflow.Erinnerungen;
using Selbstcheck.Workflow.Fragebogen;
using Selbstcheck.Workflow.Meilensteine;
using Selbstcheck.Workflow.Teilnahme;
using Selbstcheck.Workflow.Workshop;

namespace Selbstcheck.Workflow.Tests.Meilensteine;

public class ProgrammeMilestoneTests
{
    private const string K = "dessau-rosslau";
    private static readonly Guid W = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly DateTimeOffset Now = new(2020, 5, 4, 9, 0, 0, TimeSpan.FromHours(2));
    private static readonly RoundOpened Opened = new(K, 1, "full", null, "weltoffene-kommune-2020", "2020.1", "Verwaltung", new DateOnly(2020, 6, 10), [], [1, 2, 3, 4, 5, 6, 7]);
    private static readonly WorkshopScheduled Scheduled = new(K, W, "Selbstcheck-Workshop", "2020-07-01T13:00", "Rathaus", false, null);

    private static KommuneJourney Given(params object[] events) =>
        Teilnahme.Given.Journey([Teilnahme.Given.DessauRegistered, new UnitAdded(K, "Integrationsbüro", null), new LeadOfficeNamed(K, "Integrationsbüro"), .. events]);

    private static KommuneJourney After(KommuneJourney state, IEnumerable<object> events) => events.Aggregate((KommuneJourney?)state, KommuneJourney.Next)!;

    [Fact]
    public void a_round_deadline_becomes_a_milestone_of_the_lead_office_with_reminders_and_closing_the_round_completes_it()
    {
        var id = ProgrammeMilestones.ForRound(K, 1);

        var opened = ProgrammeMilestones.Follow(Given(), [Opened], Now);

        Assert.Equal(Opened, opened[0]);
        var planned = Assert.IsType<MilestonePlanned>(opened[1]);
        Assert.Equal((id, "Frist Selbstcheck-Fragebogen, Runde 1 (Verwaltung)", "Befragung", "Integrationsbüro", "2020-06-10", "runde"),
            (planned.MilestoneId, planned.Title, planned.Kind, planned.Owner, planned.DueDate, planned.Source));
        Assert.Equal(["p1-d14", "p1-d3", "p1-d0", "p1-eskalation"], Assert.IsType<RemindersPlanned>(opened[2]).Reminders.Select(r => r.Key));

        var closed = ProgrammeMilestones.Follow(After(Given(), opened), [new RoundClosed(K, 1)], Now);
        Assert.Equal(new MilestoneCompleted(K, id, 2), closed[1]);
        Assert.Single(ProgrammeMilestones.Follow(Given(), [new RoundClosed(K, 1)], Now));
        Assert.Single(ProgrammeMilestones.Follow(Given(), [Opened with { Deadline = null }], Now));
    }

    [Fact]
    public void the_workshop_date_is_a_milestone_that_follows_rescheduling_holding_and_cancelling()
    {
        var id = ProgrammeMilestones.ForWorkshop(K, W);
        var scheduled = After(Given(), ProgrammeMilestones.Follow(Given(), [Scheduled], Now));
        Assert.Equal(("2020-07-01T13:00", 1), (scheduled.Milestones[id].DueAt, scheduled.Milestones[id].Plan));

        var moved = ProgrammeMilestones.Follow(scheduled, [new WorkshopRescheduled(K, W, "2020-07-08T13:00", "Rathaus", false, "Saal belegt")], Now);
        Assert.Equal(new MilestoneRescheduled(K, id, null, "2020-07-08T13:00", "Saal belegt", 2), moved[1]);
        Assert.Equal(2, Assert.IsType<RemindersPlanned>(moved[2]).Plan);

        Assert.Equal(new MilestoneCompleted(K, id, 2), ProgrammeMilestones.Follow(scheduled, [new WorkshopHeld(K, W)], Now)[1]);
        Assert.Equal(new MilestoneCancelled(K, id, "Kontaktbeschränkungen", 2), ProgrammeMilestones.Follow(scheduled, [new WorkshopCancelled(K, W, "Kontaktbeschränkungen")], Now)[1]);
        Assert.NotEqual(id, ProgrammeMilestones.ForWorkshop("andere-kommune", W));
    }
}
