using Selbstcheck.Workflow.ActionPlan;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using static Selbstcheck.Workflow.Tests.Given;

namespace Selbstcheck.Workflow.Tests.ActionPlan;

/// <summary>#14 reminders: an action item with a due date is followed by a milestone of its owner unit, as rounds and workshops are.</summary>
public class ActionItemFollowUpTests
{
    private static readonly Guid Item = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    private static readonly DateTimeOffset Today = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly CommandContext Live = At(Today);
    private static readonly KommuneState Dessau = WithLeadOffice(new UnitAdded(K, "Sozialamt", null));

    private static readonly ActionItemAdded Added = new(K, Item, 5, "Kümmerer etablieren", [], "Integrationsbüro", false, "2027-01-31", null);
    private static readonly Guid FirstFollowUp = ActionItemMilestones.For(K, Item, 1);
    private static readonly MilestonePlanned FirstPlanned = new(K, FirstFollowUp, "Kümmerer etablieren", MilestoneKinds.Sonstiges, "Integrationsbüro", null,
        "2027-01-31", null, [5], [Item], null, MilestoneSources.ActionItem);

    private static ActionItemState ItemWithFollowUp(params object[] events) => ActionItem(Added, [FirstPlanned, .. events]);

    private static MilestoneState FollowUp(params object[] events) => Milestone(FirstPlanned, events);

    [Fact]
    public void adding_an_item_with_a_due_date_plans_its_owner_units_milestone_with_reminders()
    {
        var events = AddActionItemDecision.Decide(new AddActionItem(K, Item, 5, "Kümmerer etablieren", null, "Integrationsbüro", "2027-01-31"), Dessau, Live);

        Assert.Equal(FirstPlanned, events.OfType<MilestonePlanned>().Single(), new JsonEquality());
        var reminders = events.OfType<RemindersPlanned>().Single();
        Assert.Equal((FirstFollowUp, 1), (reminders.MilestoneId, reminders.Plan));
        Assert.Equal([ReminderKinds.Vorab, ReminderKinds.Vorab, ReminderKinds.Faellig, ReminderKinds.Eskalation], reminders.Reminders.Select(r => r.Kind));
        Assert.Equal(FirstFollowUp, ActionItemState.After(null, events)!.FollowUp);
    }

    [Fact]
    public void an_item_without_a_due_date_has_no_milestone_and_imported_items_get_no_reminders()
    {
        Assert.Single(AddActionItemDecision.Decide(new AddActionItem(K, Item, 5, "Kümmerer etablieren", null, "Integrationsbüro", null), Dessau, Live));

        var imported = AddActionItemDecision.Decide(new AddActionItem(K, Item, 5, "Kümmerer etablieren", null, "Integrationsbüro", "2020-09-30"), Dessau, ImportedAt(Today));

        Assert.Single(imported.OfType<MilestonePlanned>());
        Assert.Empty(imported.OfType<RemindersPlanned>());
    }

    [Fact]
    public void a_new_due_date_reschedules_the_milestone_with_new_reminders()
    {
        var events = PlanActionItemDecision.Decide(new PlanActionItem(K, Item, "Integrationsbüro", "2027-03-31", 1, "Haushalt verschoben"), Dessau, ItemWithFollowUp(),
            FollowUp(new RemindersPlanned(K, FirstFollowUp, 1, [])), Live);

        Assert.Equal(new MilestoneRescheduled(K, FirstFollowUp, "2027-03-31", null, "Haushalt verschoben", 2), events[1]);
        Assert.Equal((FirstFollowUp, 2), events.OfType<RemindersPlanned>().Select(r => (r.MilestoneId, r.Plan)).Single());
        Assert.Empty(events.OfType<MilestonePlanned>());
    }

    [Fact]
    public void removing_the_due_date_cancels_the_milestone()
    {
        var events = PlanActionItemDecision.Decide(new PlanActionItem(K, Item, "Integrationsbüro", null, 1, "Ohne Frist"), Dessau, ItemWithFollowUp(), FollowUp(), Live);

        Assert.Equal(new MilestoneCancelled(K, FirstFollowUp, "Fälligkeit des Handlungsbedarfs entfernt: Ohne Frist", 2), events[1]);
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public void a_new_owner_cancels_the_old_owners_milestone_and_plans_one_for_the_new_owner()
    {
        var events = PlanActionItemDecision.Decide(new PlanActionItem(K, Item, "Sozialamt", "2027-01-31", 1, "Zuständigkeit neu"), Dessau, ItemWithFollowUp(), FollowUp(), Live);

        Assert.Equal(new MilestoneCancelled(K, FirstFollowUp, "Verantwortliche Stelle geändert: Zuständigkeit neu", 2), events[1]);
        var planned = events.OfType<MilestonePlanned>().Single();
        Assert.Equal((ActionItemMilestones.For(K, Item, 2), "Sozialamt", "2027-01-31", MilestoneSources.ActionItem), (planned.MilestoneId, planned.Owner, planned.DueDate, planned.Source));
        Assert.NotEqual(FirstFollowUp, planned.MilestoneId);
        Assert.Single(events.OfType<RemindersPlanned>(), r => r.MilestoneId == planned.MilestoneId && r.Plan == 1);
    }

    [Fact]
    public void giving_an_item_its_first_due_date_plans_the_milestone()
    {
        var withoutDue = ActionItem(Added with { Due = null });

        var events = PlanActionItemDecision.Decide(new PlanActionItem(K, Item, "Integrationsbüro", "2027-02-28", 1, "Frist vereinbart"), Dessau, withoutDue, null, Live);

        Assert.Equal(("2027-02-28", "Integrationsbüro"), events.OfType<MilestonePlanned>().Select(m => (m.DueDate!, m.Owner)).Single());
    }

    [Fact]
    public void done_completes_the_milestone_and_dropped_cancels_it()
    {
        var done = ChangeActionItemStatusDecision.Decide(new ChangeActionItemStatus(K, Item, ActionStatus.Erledigt, null, null), Dessau, ItemWithFollowUp(), FollowUp(), Live);
        var dropped = ChangeActionItemStatusDecision.Decide(new ChangeActionItemStatus(K, Item, ActionStatus.Verworfen, "Keine Mittel", null), Dessau, ItemWithFollowUp(), FollowUp(), Live);

        Assert.Equal(new MilestoneCompleted(K, FirstFollowUp, 2), done[1]);
        Assert.Equal(new MilestoneCancelled(K, FirstFollowUp, "Handlungsbedarf verworfen: Keine Mittel", 2), dropped[1]);
    }

    [Fact]
    public void in_arbeit_leaves_the_milestone_as_it_is()
    {
        var events = ChangeActionItemStatusDecision.Decide(new ChangeActionItemStatus(K, Item, ActionStatus.InArbeit, null, null), Dessau, ItemWithFollowUp(), FollowUp(), Live);

        Assert.IsType<ActionItemStatusChanged>(Assert.Single(events));
    }

    [Fact]
    public void reopening_an_item_plans_a_new_milestone()
    {
        var item = ItemWithFollowUp(new ActionItemStatusChanged(K, Item, ActionStatus.Offen, ActionStatus.Erledigt, null, 2));

        var events = ChangeActionItemStatusDecision.Decide(new ChangeActionItemStatus(K, Item, ActionStatus.Offen, "Doch nicht fertig", 2), Dessau, item,
            FollowUp(new MilestoneCompleted(K, FirstFollowUp, 2)), Live);

        var planned = events.OfType<MilestonePlanned>().Single();
        Assert.Equal((ActionItemMilestones.For(K, Item, 3), "2027-01-31"), (planned.MilestoneId, planned.DueDate));
        Assert.Single(events.OfType<RemindersPlanned>());
        Assert.Equal(planned.MilestoneId, ActionItemState.After(item, events)!.FollowUp);
    }

    [Fact]
    public void a_follow_up_milestone_counts_against_the_milestone_cap()
    {
        var full = Dessau with { Counts = Dessau.Counts with { Milestones = KommuneLimits.Default.Milestones } };

        Assert.Equal("obergrenze-meilensteine", Assert.Throws<RuleViolation>(() =>
            AddActionItemDecision.Decide(new AddActionItem(K, Item, 5, "Kümmerer etablieren", null, "Integrationsbüro", "2027-01-31"), full, Live)).Type);
    }

    [Fact]
    public void the_title_is_the_items_text_on_one_shortened_line()
    {
        Assert.Equal("Kümmerer etablieren und benennen", ActionItemMilestones.Title("Kümmerer etablieren\nund benennen"));
        Assert.Equal(ActionItemMilestones.MaxTitle, ActionItemMilestones.Title(new string('x', 500)).Length);
    }
}
