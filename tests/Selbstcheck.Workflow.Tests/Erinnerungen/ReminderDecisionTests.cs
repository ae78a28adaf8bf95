using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Erinnerungen;
using Selbstcheck.Workflow.Meilensteine;
using Selbstcheck.Workflow.Teilnahme;

namespace Selbstcheck.Workflow.Tests.Erinnerungen;

public class ReminderDecisionTests
{
    private const string K = "dessau-rosslau";
    private static readonly Guid M = Guid.Parse("00000000-0000-0000-0000-0000000000d1");
    private static readonly Guid Facilitator = Guid.Parse("00000000-0000-0000-0000-0000000000f1");
    private static readonly DateTimeOffset Now = new(2020, 7, 1, 16, 0, 0, TimeSpan.FromHours(2));

    private static readonly MilestonePlanned Planned = new(K, M, "Dialogveranstaltung", "Dialogveranstaltung", "Sozialamt", null, "2020-10-08", null, [], [], null);
    private static readonly RemindersPlanned Plan1 = new(K, M, 1, ReminderPlanner.Plan(ReminderPolicy.Default, "2020-10-08", null, 1, Now));

    private static KommuneJourney Given(params object[] events) => Teilnahme.Given.Journey([
        Teilnahme.Given.DessauRegistered, new FacilitatorAssigned(K, Facilitator, null), new UnitAdded(K, "Integrationsbüro", "integration@example.org"),
        new LeadOfficeNamed(K, "Integrationsbüro"), new UnitAdded(K, "Sozialamt", null), .. events]);

    private static DeliverReminder Deliver(string key) => new(K, M, key);

    [Fact]
    public void a_planned_reminder_goes_to_the_owner_unit_and_falls_back_to_the_lead_office()
    {
        var delivery = ReminderDecisions.Deliverable(Given(Planned, Plan1), Deliver("p1-d3"))!;

        Assert.Equal(("vorab", 3, 1), (delivery.Kind, delivery.OffsetDays, delivery.Attempt));
        Assert.Equal([new ReminderRecipient("Sozialamt", null, null), new ReminderRecipient("Integrationsbüro", "integration@example.org", null)], delivery.To);
    }

    [Fact]
    public void the_escalation_goes_to_the_facilitator_first()
    {
        var delivery = ReminderDecisions.Deliverable(Given(Planned, Plan1), Deliver("p1-eskalation"))!;

        Assert.Equal(new ReminderRecipient(null, null, Facilitator), delivery.To[0]);
        Assert.Equal("person:" + Facilitator, delivery.To[0].Label);
    }

    [Fact]
    public void no_reminder_for_a_completed_or_cancelled_milestone_a_superseded_plan_or_one_already_sent()
    {
        Assert.Null(ReminderDecisions.Deliverable(Given(Planned, Plan1, new MilestoneCompleted(K, M, 2)), Deliver("p1-d3")));
        Assert.Null(ReminderDecisions.Deliverable(Given(Planned, Plan1, new MilestoneCancelled(K, M, "fällt aus", 2)), Deliver("p1-d3")));
        var replanned = new RemindersPlanned(K, M, 2, ReminderPlanner.Plan(ReminderPolicy.Default, "2020-10-15", null, 2, Now));
        Assert.Null(ReminderDecisions.Deliverable(Given(Planned, Plan1, new MilestoneRescheduled(K, M, "2020-10-15", null, "Saal", 2), replanned), Deliver("p1-d3")));
        Assert.NotNull(ReminderDecisions.Deliverable(Given(Planned, Plan1, replanned), Deliver("p2-d3")));
        Assert.Null(ReminderDecisions.Deliverable(Given(Planned, Plan1, new ReminderSent(K, M, "p1-d3", "stelle:Integrationsbüro", "<x@y>", 1)), Deliver("p1-d3")));
        Assert.Null(ReminderDecisions.Deliverable(Given(Planned), Deliver("p1-d3")));
        Assert.Null(ReminderDecisions.Deliverable(null, Deliver("p1-d3")));
    }

    [Fact]
    public void a_failed_attempt_counts_and_the_next_one_is_numbered_after_it()
    {
        var state = Given(Planned, Plan1, new ReminderDeliveryFailed(K, M, "p1-d0", 1, "Verbindung abgelehnt"));

        Assert.Equal(2, ReminderDecisions.Deliverable(state, Deliver("p1-d0"))!.Attempt);
        Assert.Equal([new ReminderSent(K, M, "p1-d0", "stelle:Integrationsbüro", "<m@x>", 2)],
            ReminderDecisions.Decide(new RecordReminderSent(K, M, "p1-d0", "stelle:Integrationsbüro", "<m@x>", 2), state));
        var sent = Given(Planned, Plan1, new ReminderSent(K, M, "p1-d0", "stelle:Integrationsbüro", "<m@x>", 2));
        Assert.Empty(ReminderDecisions.Decide(new RecordReminderSent(K, M, "p1-d0", "stelle:Integrationsbüro", "<m@x>", 3), sent));
        Assert.Empty(ReminderDecisions.Decide(new RecordReminderFailed(K, M, "p1-d0", 3, "x"), sent));
    }

    [Fact]
    public void a_new_policy_replans_the_open_milestones_planned_live_but_never_imported_ones()
    {
        var imported = new MilestonePlanned(K, Guid.NewGuid(), "Alt", "Sonstiges", "Sozialamt", null, "2020-09-01", null, [], [], null);
        var state = Given(Planned, Plan1, imported);

        var events = ReminderDecisions.Decide(new SetReminderPolicy(K, [7, 0], "09:30", 0, null), state, Now);

        Assert.Equal(new ReminderPolicySet(K, [7, 0], "09:30", 0), events[0], new Fragebogen.JsonEquality());
        var plan = Assert.IsType<RemindersPlanned>(Assert.Single(events.Skip(1)));
        Assert.Equal((M, 2), (plan.MilestoneId, plan.Plan));
        Assert.Equal(["p2-d7", "p2-d0"], plan.Reminders.Select(r => r.Key));
        Assert.Empty(ReminderDecisions.Decide(new SetReminderPolicy(K, [14, 3, 0], "08:00", 7, null), state, Now));
    }

    [Fact]
    public void a_policy_must_make_sense()
    {
        var e = Assert.Throws<InvalidInput>(() => ReminderDecisions.Decide(new SetReminderPolicy(K, [3, 3, -1], "8 Uhr", 120, null), Given(), Now));
        Assert.Equal(["offsetsDays", "sendTime", "escalationDays"], e.Errors.Select(x => x.Field));
        Assert.Equal("veraltete-version", Assert.Throws<Conflict>(() =>
            ReminderDecisions.Decide(new SetReminderPolicy(K, [1], "08:00", 7, 99), Given(), Now)).Type);
    }
}
