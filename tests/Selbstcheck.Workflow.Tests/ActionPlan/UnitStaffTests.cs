using Selbstcheck.Workflow.ActionPlan;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using static Selbstcheck.Workflow.Tests.Given;

namespace Selbstcheck.Workflow.Tests.ActionPlan;

/// <summary>#14 unit staff: status and notes of their own unit's items; nothing of other units; never owner, due or new items.</summary>
public class UnitStaffTests
{
    private static readonly Guid Item = Guid.Parse("00000000-0000-0000-0000-0000000000d1");
    private static readonly KommuneState Dessau = WithLeadOffice(new UnitAdded(K, "Amt für Stadtentwicklung", null), new UnitAdded(K, "Sozialamt", null));
    private static readonly ActionItemState OwnItem = ActionItem(new ActionItemAdded(K, Item, 4, "Leitbild", [], "Amt für Stadtentwicklung", false, null, null));
    private static readonly ActionItemState OtherItem = ActionItem(new ActionItemAdded(K, Item, 4, "Leitbild", [], "Sozialamt", false, null, null));

    private static CommandContext Staff(string unit) => new(new Actor("staff", Roles.Einheit) { Unit = unit }, DateTimeOffset.UnixEpoch);

    [Fact]
    public void unit_staff_change_the_status_and_note_their_own_units_item()
    {
        var changed = ChangeActionItemStatusDecision.Decide(new ChangeActionItemStatus(K, Item, "in Arbeit", null, 1), Dessau, OwnItem, null, Staff("amt-fuer-stadtentwicklung"));
        var noted = NoteActionItemDecision.Decide(new NoteActionItem(K, Item, "Termin vereinbart", 1), Dessau, OwnItem, Staff("amt-fuer-stadtentwicklung"));

        Assert.IsType<ActionItemStatusChanged>(Assert.Single(changed));
        Assert.IsType<ActionItemNoted>(Assert.Single(noted));
    }

    [Fact]
    public void another_units_item_is_forbidden()
    {
        var status = Assert.Throws<Forbidden>(() =>
            ChangeActionItemStatusDecision.Decide(new ChangeActionItemStatus(K, Item, "erledigt", null, 1), Dessau, OtherItem, null, Staff("amt-fuer-stadtentwicklung")));
        var note = Assert.Throws<Forbidden>(() =>
            NoteActionItemDecision.Decide(new NoteActionItem(K, Item, "Notiz", 1), Dessau, OtherItem, Staff("amt-fuer-stadtentwicklung")));

        Assert.Equal((403, "fremde-einheit"), (status.Status, status.Type));
        Assert.Equal("fremde-einheit", note.Type);
    }

    [Fact]
    public void unit_staff_neither_replan_nor_add_items()
    {
        Assert.Equal("nicht-fuer-einheiten", Assert.Throws<Forbidden>(() =>
            PlanActionItemDecision.Decide(new PlanActionItem(K, Item, "Sozialamt", null, 1, "Abgeben"), Dessau, OwnItem, null, Staff("amt-fuer-stadtentwicklung"))).Type);
        Assert.Equal("nicht-fuer-einheiten", Assert.Throws<Forbidden>(() =>
            AddActionItemDecision.Decide(new AddActionItem(K, Item, 4, "Neu", null, "Amt für Stadtentwicklung", null), Dessau, Staff("amt-fuer-stadtentwicklung"))).Type);
    }

    [Fact]
    public void the_lead_office_still_changes_every_units_item()
    {
        var changed = ChangeActionItemStatusDecision.Decide(new ChangeActionItemStatus(K, Item, "erledigt", null, 1), Dessau, OtherItem, null, At(DateTimeOffset.UnixEpoch, Roles.Kommune));

        Assert.IsType<ActionItemStatusChanged>(Assert.Single(changed));
    }
}

/// <summary>#14 unit staff: a unit's stable key, fixed when it is first added.</summary>
public class UnitKeyTests
{
    [Theory]
    [InlineData("Amt für Stadtentwicklung", "amt-fuer-stadtentwicklung")]
    [InlineData("Referat des Beigeordneten für Wirtschaft", "referat-des-beigeordneten-fuer-wirtschaft")]
    [InlineData("  Straßen- und Tiefbauamt ", "strassen-und-tiefbauamt")]
    [InlineData("Bürgerservice", "buergerservice")]
    [InlineData("Café Élan", "cafe-elan")]
    [InlineData("§§", "einheit")]
    public void a_key_is_a_slug_of_the_name(string name, string key) => Assert.Equal(key, UnitKeys.Slug(name));

    [Fact]
    public void units_get_their_keys_in_the_order_they_were_added_and_keep_them()
    {
        var kommune = Kommune(new UnitAdded(K, "Amt A", null), new UnitAdded(K, "Amt-A", null), new UnitAdded(K, "Sozialamt", null));

        Assert.Equal("amt-a", kommune.FindUnit("Amt A")!.Key);
        Assert.Equal("amt-a-2", kommune.FindUnit("Amt-A")!.Key);
        Assert.Equal("Amt-A", kommune.FindUnitByKey("amt-a-2")!.Name);
        // A later address change keeps the key.
        var later = kommune.After([new UnitEmailChanged(K, "Amt-A", null)]);
        Assert.Equal("amt-a-2", later.FindUnit("Amt-A")!.Key);
    }
}
