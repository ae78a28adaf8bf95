using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Reminders;
using static Selbstcheck.Workflow.Tests.Given;

namespace Selbstcheck.Workflow.Tests.Reminders;

public class ReminderDecisionTests
{
    private static readonly Guid M = Guid.Parse("00000000-0000-0000-0000-0000000000d1");
    private static readonly Guid Facilitator = Guid.Parse("00000000-0000-0000-0000-0000000000f1");
    private static readonly CommandContext Now = At(new DateTimeOffset(2020, 7, 1, 16, 0, 0, TimeSpan.FromHours(2)));

    private static readonly MilestonePlanned Planned = new(K, M, "Dialogveranstaltung", "Dialogveranstaltung", "Sozialamt", null, "2020-10-08", null, [], [], null);
    private static readonly RemindersPlanned Plan1 = new(K, M, 1, ReminderPlanner.Plan(ReminderPolicy.Default, "2020-10-08", null, 1, Now.Now));

    private static readonly KommuneState Dessau = Kommune(
        new FacilitatorAssigned(K, Facilitator, null), new UnitAdded(K, "Integrationsbüro", Given.S("integration@example.org")),
        new LeadOfficeNamed(K, "Integrationsbüro"), new UnitAdded(K, "Sozialamt", null));

    private static DeliverReminder Deliver(string key) => new(K, M, key);

    [Fact]
    public void a_planned_reminder_goes_to_the_owner_unit_and_falls_back_to_the_lead_office()
    {
        var delivery = DeliverReminderDecision.Deliverable(Deliver("p1-d3"), Dessau, Milestone(Planned, Plan1))!;

        Assert.Equal(("vorab", 3, 1), (delivery.Kind, delivery.OffsetDays, delivery.Attempt));
        Assert.Equal([new ReminderRecipient("Sozialamt", null, null), new ReminderRecipient("Integrationsbüro", Given.S("integration@example.org"), null)], delivery.To);
    }

    [Fact]
    public void the_escalation_goes_to_the_facilitator_first()
    {
        var delivery = DeliverReminderDecision.Deliverable(Deliver("p1-eskalation"), Dessau, Milestone(Planned, Plan1))!;

        Assert.Equal(new ReminderRecipient(null, null, Facilitator), delivery.To[0]);
        Assert.Equal("person:" + Facilitator, delivery.To[0].Label);
    }

    [Fact]
    public void no_reminder_for_a_completed_or_cancelled_milestone_a_superseded_plan_or_one_already_sent()
    {
        Assert.Null(DeliverReminderDecision.Deliverable(Deliver("p1-d3"), Dessau, Milestone(Planned, Plan1, new MilestoneCompleted(K, M, 2))));
        Assert.Null(DeliverReminderDecision.Deliverable(Deliver("p1-d3"), Dessau, Milestone(Planned, Plan1, new MilestoneCancelled(K, M, "fällt aus", 2))));
        var replanned = new RemindersPlanned(K, M, 2, ReminderPlanner.Plan(ReminderPolicy.Default, "2020-10-15", null, 2, Now.Now));
        Assert.Null(DeliverReminderDecision.Deliverable(Deliver("p1-d3"), Dessau, Milestone(Planned, Plan1, new MilestoneRescheduled(K, M, "2020-10-15", null, "Saal", 2), replanned)));
        Assert.NotNull(DeliverReminderDecision.Deliverable(Deliver("p2-d3"), Dessau, Milestone(Planned, Plan1, replanned)));
        Assert.Null(DeliverReminderDecision.Deliverable(Deliver("p1-d3"), Dessau, Milestone(Planned, Plan1, new ReminderSent(K, M, "p1-d3", "stelle:Integrationsbüro", "<x@y>", 1))));
        Assert.Null(DeliverReminderDecision.Deliverable(Deliver("p1-d3"), Dessau, Milestone(Planned)));
        Assert.Null(DeliverReminderDecision.Deliverable(Deliver("p1-d3"), null, Milestone(Planned, Plan1)));
        Assert.Null(DeliverReminderDecision.Deliverable(Deliver("p1-d3"), Dessau, null));
    }

    [Fact]
    public void a_failed_attempt_counts_and_the_next_one_is_numbered_after_it()
    {
        var failed = Milestone(Planned, Plan1, new ReminderDeliveryFailed(K, M, "p1-d0", 1, "Verbindung abgelehnt"));

        Assert.Equal(2, DeliverReminderDecision.Deliverable(Deliver("p1-d0"), Dessau, failed)!.Attempt);
        Assert.Equal([new ReminderSent(K, M, "p1-d0", "stelle:Integrationsbüro", "<m@x>", 2)],
            DeliverReminderDecision.Decide(new RecordReminderSent(K, M, "p1-d0", "stelle:Integrationsbüro", "<m@x>", 2), failed));
        var sent = Milestone(Planned, Plan1, new ReminderSent(K, M, "p1-d0", "stelle:Integrationsbüro", "<m@x>", 2));
        Assert.Empty(DeliverReminderDecision.Decide(new RecordReminderSent(K, M, "p1-d0", "stelle:Integrationsbüro", "<m@x>", 3), sent));
        Assert.Empty(DeliverReminderDecision.Decide(new RecordReminderFailed(K, M, "p1-d0", 3, "x"), sent));
    }

    [Fact]
    public void a_new_policy_replans_the_open_milestones_planned_live_but_never_imported_ones()
    {
        var imported = Milestone(new MilestonePlanned(K, Guid.NewGuid(), "Alt", "Sonstiges", "Sozialamt", null, "2020-09-01", null, [], [], null));

        var events = SetReminderPolicyDecision.Decide(new SetReminderPolicy(K, [7, 0], "09:30", 0, null), Dessau, [Milestone(Planned, Plan1), imported], Now);

        Assert.Equal(new ReminderPolicySet(K, [7, 0], "09:30", 0), events[0], new JsonEquality());
        var plan = Assert.IsType<RemindersPlanned>(Assert.Single(events.Skip(1)));
        Assert.Equal((M, 2), (plan.MilestoneId, plan.Plan));
        Assert.Equal(["p2-d7", "p2-d0"], plan.Reminders.Select(r => r.Key));
        Assert.Empty(SetReminderPolicyDecision.Decide(new SetReminderPolicy(K, [14, 3, 0], "08:00", 7, null), Dessau, [Milestone(Planned, Plan1)], Now));
        Assert.Single(SetReminderPolicyDecision.Decide(new SetReminderPolicy(K, [7, 0], "09:30", 0, null), Dessau, [Milestone(Planned, Plan1)], ImportedAt(Now.Now)));
    }

    [Fact]
    public void a_policy_must_make_sense()
    {
        var e = Assert.Throws<InvalidInput>(() => SetReminderPolicyDecision.Decide(new SetReminderPolicy(K, [3, 3, -1], "8 Uhr", 120, null), Dessau, [], Now));
        Assert.Equal(["offsetsDays", "sendTime", "escalationDays"], e.Errors.Select(x => x.Field));
        Assert.Equal("veraltete-version", Assert.Throws<Conflict>(() =>
            SetReminderPolicyDecision.Decide(new SetReminderPolicy(K, [1], "08:00", 7, 99), Dessau, [], Now)).Type);
    }

    [Fact]
    public void the_last_failed_attempt_gives_the_reminder_up_once()
    {
        var failures = Enumerable.Range(1, DeliveryAttempts.Max - 1).Select(a => (object)new ReminderDeliveryFailed(K, M, "p1-d0", a, "Verbindung abgelehnt")).ToArray();
        var almost = Milestone(Planned, [Plan1, .. failures]);

        Assert.Equal([new ReminderDeliveryFailed(K, M, "p1-d0", DeliveryAttempts.Max - 1, "x")],
            DeliverReminderDecision.Decide(new RecordReminderFailed(K, M, "p1-d0", DeliveryAttempts.Max - 1, "x"), Milestone(Planned, [Plan1, .. failures[..^1]])), new JsonEquality());
        var last = DeliverReminderDecision.Decide(new RecordReminderFailed(K, M, "p1-d0", DeliveryAttempts.Max, "Verbindung abgelehnt"), almost);

        Assert.Equal([new ReminderDeliveryFailed(K, M, "p1-d0", DeliveryAttempts.Max, "Verbindung abgelehnt"),
            new ReminderAbandoned(K, M, "p1-d0", DeliveryAttempts.Max, "Verbindung abgelehnt")], last, new JsonEquality());
        var given = MilestoneState.After(almost, last)!;
        Assert.Null(DeliverReminderDecision.Deliverable(Deliver("p1-d0"), Dessau, given));
        Assert.Empty(DeliverReminderDecision.Decide(new RecordReminderFailed(K, M, "p1-d0", DeliveryAttempts.Max + 1, "x"), given));
    }

    [Fact]
    public void a_reminder_held_back_by_the_daily_cap_is_an_event_and_counts_as_an_attempt()
    {
        var day = new DateOnly(2020, 10, 8);

        var held = DeliverReminderDecision.Decide(new RecordDailyMailCapReached(K, day, 200, M, "p1-d0", 1), Milestone(Planned, Plan1));
        var confirmation = DeliverReminderDecision.Decide(new RecordDailyMailCapReached(K, day, 200, null, null, 0), null);

        Assert.Equal([new DailyMailCapReached(K, day, 200, M, "p1-d0", 1)], held);
        Assert.Equal(2, DeliverReminderDecision.Deliverable(Deliver("p1-d0"), Dessau, MilestoneState.After(Milestone(Planned, Plan1), held)!)!.Attempt);
        Assert.Equal([new DailyMailCapReached(K, day, 200, null, null, 0)], confirmation);
        Assert.IsType<ReminderAbandoned>(DeliverReminderDecision.Decide(new RecordDailyMailCapReached(K, day, 200, M, "p1-d0", DeliveryAttempts.Max), Milestone(Planned, Plan1))[1]);
    }

    [Fact]
    public void an_unconfirmed_unit_address_gets_nothing_the_lead_office_does()
    {
        var pending = Dessau.After([new UnitEmailChanged(K, "Sozialamt", Given.S("sozialamt@example.org")), new UnitEmailConfirmationRequested(K, "Sozialamt", 2)]);

        var before = DeliverReminderDecision.Deliverable(Deliver("p1-d3"), pending, Milestone(Planned, Plan1))!;
        var after = DeliverReminderDecision.Deliverable(Deliver("p1-d3"), pending.After([new UnitEmailConfirmed(K, "Sozialamt", 2)]), Milestone(Planned, Plan1))!;

        Assert.Equal([new ReminderRecipient("Sozialamt", null, null), new ReminderRecipient("Integrationsbüro", Given.S("integration@example.org"), null)], before.To);
        Assert.Equal(new ReminderRecipient("Sozialamt", Given.S("sozialamt@example.org"), null), after.To[0]);
    }
}
