using Selbstcheck.Workflow.ActionPlan;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using static Selbstcheck.Workflow.Tests.Given;

namespace Selbstcheck.Workflow.Tests.ActionPlan;

public class ActionItemDecisionTests
{
    private static readonly Guid Item = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    private static readonly CommandContext Now = At(DateTimeOffset.UnixEpoch);

    private static readonly ActionItemAdded Added = new(K, Item, 5, "Kümmerer etablieren", [], "Integrationsbüro", true, null, null);

    [Theory]
    [InlineData("offen", "in Arbeit")]
    [InlineData("offen", "erledigt")]
    [InlineData("in Arbeit", "erledigt")]
    public void allowed_transitions_are_recorded(string from, string to)
    {
        var item = from == "offen" ? ActionItem(Added) : ActionItem(Added, new ActionItemStatusChanged(K, Item, "offen", from, null, 2));

        var e = Assert.IsType<ActionItemStatusChanged>(Assert.Single(ChangeActionItemStatusDecision.Decide(new ChangeActionItemStatus(K, Item, to, null, null), Kommune(), item, null, Now)));

        Assert.Equal((from, to), (e.From, e.To));
    }

    [Fact]
    public void a_transition_outside_the_table_is_refused_naming_the_allowed_ones()
    {
        var done = ActionItem(Added, new ActionItemStatusChanged(K, Item, "offen", "erledigt", null, 2));

        var e = Assert.Throws<RuleViolation>(() => ChangeActionItemStatusDecision.Decide(new ChangeActionItemStatus(K, Item, "in Arbeit", null, null), Kommune(), done, null, Now));

        Assert.Equal("statuswechsel-nicht-erlaubt", e.Type);
        Assert.Equal(["offen"], e.Alternatives);
    }

    [Fact]
    public void discarding_and_reopening_need_a_reason()
    {
        Assert.Equal("reason", Assert.Single(Assert.Throws<InvalidInput>(() =>
            ChangeActionItemStatusDecision.Decide(new ChangeActionItemStatus(K, Item, "verworfen", " ", null), Kommune(), ActionItem(Added), null, Now)).Errors).Field);
        var reopened = ChangeActionItemStatusDecision.Decide(new ChangeActionItemStatus(K, Item, "offen", "Neue Mittel", 2), Kommune(),
            ActionItem(Added, new ActionItemStatusChanged(K, Item, "offen", "verworfen", "Keine Mittel", 2)), null, Now);
        Assert.Equal(new ActionItemStatusChanged(K, Item, "verworfen", "offen", "Neue Mittel", 3), reopened.Single());
    }

    [Fact]
    public void a_stale_version_is_a_conflict_and_an_unknown_item_not_found()
    {
        Assert.Equal("veraltete-version", Assert.Throws<Conflict>(() =>
            NoteActionItemDecision.Decide(new NoteActionItem(K, Item, "Notiz", 3), Kommune(), ActionItem(Added), Given.At(DateTimeOffset.UnixEpoch))).Type);
        Assert.Equal("handlungsbedarf-unbekannt", Assert.Throws<NotFound>(() =>
            NoteActionItemDecision.Decide(new NoteActionItem(K, Guid.NewGuid(), "Notiz", null), Kommune(), null, Given.At(DateTimeOffset.UnixEpoch))).Type);
    }

    [Fact]
    public void planning_an_unknown_owner_creates_the_unit()
    {
        var events = PlanActionItemDecision.Decide(new PlanActionItem(K, Item, "Amt für Stadtentwicklung", "2021-06-30", 1, " Neu verteilt "), Kommune(), ActionItem(Added), null, ImportedAt(DateTimeOffset.UnixEpoch));

        Assert.Equal([new UnitAdded(K, "Amt für Stadtentwicklung", null), new ActionItemPlanned(K, Item, "Amt für Stadtentwicklung", "2021-06-30", 2, "Neu verteilt")], events.Take(2));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void changing_owner_or_due_date_needs_a_reason(string? reason)
    {
        var refused = Assert.Throws<InvalidInput>(() =>
            PlanActionItemDecision.Decide(new PlanActionItem(K, Item, "Integrationsbüro", "2021-06-30", 1, reason), Kommune(), ActionItem(Added), null, Now));

        Assert.Equal("reason", Assert.Single(refused.Errors).Field);
    }

    [Fact]
    public void an_item_added_directly_names_a_field_the_kommune_knows()
    {
        Assert.Equal("field", Assert.Single(Assert.Throws<InvalidInput>(() =>
            AddActionItemDecision.Decide(new AddActionItem(K, Item, 9, "Text", null, "Integrationsbüro", null), Kommune(), At(DateTimeOffset.UnixEpoch))).Errors).Field);
        var added = AddActionItemDecision.Decide(new AddActionItem(K, Item, 4, " Text ", [" Detail "], "Integrationsbüro", "2021-06-30"), WithLeadOffice(), At(DateTimeOffset.UnixEpoch));
        Assert.Equal(new ActionItemAdded(K, Item, 4, "Text", ["Detail"], "Integrationsbüro", false, "2021-06-30", null), added[0], new JsonEquality());
    }
}
