using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Reminders;

namespace Selbstcheck.Workflow.Tests.Reminders;

public class ReminderPlannerTests
{
    private static readonly ReminderPolicy Default = ReminderPolicy.Default;

    private static DateTimeOffset Berlin(int y, int mo, int d, int h, int mi = 0, int offsetHours = 2) => new(y, mo, d, h, mi, 0, TimeSpan.FromHours(offsetHours));

    [Fact]
    public void an_all_day_due_is_reminded_14_3_and_0_days_before_at_eight_and_escalated_a_week_after()
    {
        var reminders = ReminderPlanner.Plan(Default, "2020-10-08", null, 1, Berlin(2020, 7, 1, 16));

        Assert.Equal(
        [
            new PlannedReminder("p1-d14", "vorab", 14, Berlin(2020, 9, 24, 8)),
            new PlannedReminder("p1-d3", "vorab", 3, Berlin(2020, 10, 5, 8)),
            new PlannedReminder("p1-d0", "faellig", 0, Berlin(2020, 10, 8, 8)),
            new PlannedReminder("p1-eskalation", "eskalation", -7, Berlin(2020, 10, 15, 8)),
        ], reminders);
    }

    [Fact]
    public void a_timed_due_is_reminded_at_its_own_instant_and_local_time_survives_the_clock_change()
    {
        // 2020-10-30 18:00 is winter time (UTC+1); 14 days before is still summer time (UTC+2).
        var reminders = ReminderPlanner.Plan(Default, null, "2020-10-30T18:00", 2, Berlin(2020, 7, 1, 16));

        Assert.Equal(Berlin(2020, 10, 16, 8), reminders.Single(r => r.Key == "p2-d14").FireAt);
        Assert.Equal(Berlin(2020, 10, 30, 18, offsetHours: 1), reminders.Single(r => r.Key == "p2-d0").FireAt);
        Assert.Equal(Berlin(2020, 11, 6, 18, offsetHours: 1), reminders.Single(r => r.Key == "p2-eskalation").FireAt);
    }

    [Fact]
    public void reminders_already_past_when_planned_are_skipped()
    {
        var reminders = ReminderPlanner.Plan(Default, "2020-10-08", null, 1, Berlin(2020, 10, 1, 12));

        Assert.Equal(["p1-d3", "p1-d0", "p1-eskalation"], reminders.Select(r => r.Key));
    }

    [Fact]
    public void when_every_reminder_is_past_one_notice_goes_out_at_once()
    {
        var now = Berlin(2020, 10, 8, 9);
        var dueToday = ReminderPlanner.Plan(Default, "2020-10-08", null, 1, now);
        Assert.Equal([new PlannedReminder("p1-sofort", "faellig", 0, now), new PlannedReminder("p1-eskalation", "eskalation", -7, Berlin(2020, 10, 15, 8))], dueToday);

        var later = Berlin(2020, 10, 20, 9);
        Assert.Equal([new PlannedReminder("p1-sofort", "ueberfaellig", 0, later)], ReminderPlanner.Plan(Default, "2020-10-08", null, 1, later));
    }

    [Fact]
    public void a_timed_due_thirty_seconds_ahead_fires_at_its_instant()
    {
        var now = new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.FromHours(1));

        var reminders = ReminderPlanner.Plan(Default, null, "2026-11-26T09:00:30", 1, now);

        Assert.Equal(new PlannedReminder("p1-d0", "faellig", 0, now.AddSeconds(30)), reminders[0]);
        Assert.Equal(["p1-d0", "p1-eskalation"], reminders.Select(r => r.Key));
    }

    [Fact]
    public void a_policy_without_escalation_plans_none_and_a_send_time_in_the_spring_gap_moves_an_hour_later()
    {
        var policy = new ReminderPolicy([1], "02:30", 0);

        var reminders = ReminderPlanner.Plan(policy, "2021-03-29", null, 1, Berlin(2021, 3, 1, 12, offsetHours: 1));

        Assert.Equal([new PlannedReminder("p1-d1", "vorab", 1, Berlin(2021, 3, 28, 3, 30))], reminders);
    }
}
