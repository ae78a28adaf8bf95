using Selbstcheck.Workflow.Aktionsplan;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;
using Selbstcheck.Workflow.Tests.Fragebogen;
using Selbstcheck.Workflow.Workshop;

namespace Selbstcheck.Workflow.Tests.Workshop;

public class WorkshopDecisionTests
{
    private const string K = "dessau-rosslau";
    private static readonly Guid W = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Item = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    private static readonly IReadOnlyCollection<int> Fields = [1, 2, 3, 4, 5, 6, 7];

    private static readonly WorkshopScheduled Scheduled = new(K, W, "Selbstcheck-Workshop", "2020-07-01T13:00", "Dessau-Roßlau", false, "Externe Prozessbegleitung");

    private static KommuneJourney Given(params object[] events) =>
        Teilnahme.Given.Journey([Teilnahme.Given.DessauRegistered, new UnitAdded(K, "Integrationsbüro", null), new LeadOfficeNamed(K, "Integrationsbüro"), .. events]);

    [Fact]
    public void scheduling_records_the_local_berlin_time()
    {
        var events = WorkshopScheduleDecisions.Decide(new ScheduleWorkshop(K, W, null, "2020-07-01T13:00", " Dessau-Roßlau ", false, "Externe Prozessbegleitung"), Given());

        Assert.Equal([Scheduled], events);
        Assert.Equal(Phase.Workshop, Given(Scheduled).Phase.Derive());
    }

    [Fact]
    public void scheduling_needs_a_real_time_and_a_place_or_online()
    {
        var e = Assert.Throws<InvalidInput>(() => WorkshopScheduleDecisions.Decide(new ScheduleWorkshop(K, W, null, "2021-03-28T02:30", null, false, null), Given()));

        Assert.Equal(["startsAt", "place"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void a_cancelled_workshop_takes_no_more_edits_and_a_held_one_cannot_be_cancelled()
    {
        var cancelled = Given(Scheduled, new WorkshopCancelled(K, W, "Pandemie"));
        var held = Given(Scheduled, new WorkshopHeld(K, W));

        Assert.Equal("workshop-abgesagt", Assert.Throws<RuleViolation>(() => WorkshopContentDecisions.Decide(new RecordFeedback(K, W, ["gut"]), cancelled)).Type);
        Assert.Equal("workshop-stattgefunden", Assert.Throws<RuleViolation>(() => WorkshopScheduleDecisions.Decide(new CancelWorkshop(K, W, "zu spät"), held)).Type);
        Assert.Equal(Phase.Umsetzung, held.Phase.Derive());
        Assert.Equal(Phase.Teilnahme, cancelled.Phase.Derive());
    }

    [Fact]
    public void priorities_are_confirmed_with_or_without_votes_but_only_for_existing_fields()
    {
        var events = PrioritiseDecisions.Decide(new ConfirmPriorities(K, W, [5, 4], null), Given(Scheduled), Fields);

        var confirmed = Assert.IsType<PrioritiesConfirmed>(events.Single());
        Assert.Equal([4, 5], confirmed.Fields);
        Assert.Null(confirmed.Votes);
        var e = Assert.Throws<InvalidInput>(() => PrioritiseDecisions.Decide(new ConfirmPriorities(K, W, [4], new Dictionary<int, int> { [9] = 2 }), Given(Scheduled), Fields));
        Assert.Equal("votes", Assert.Single(e.Errors).Field);
    }

    [Fact]
    public void every_top_level_handlungsbedarf_of_a_working_group_becomes_an_action_item_of_the_lead_office()
    {
        var state = Given(Scheduled, new PrioritiesConfirmed(K, W, [4, 5], null));
        var ids = new Queue<Guid>([Item, Guid.Parse("00000000-0000-0000-0000-0000000000b2")]);

        var events = PrioritiseDecisions.Decide(new RecordWorkingGroup(K, W, 4, [new ListItem("Vielfaltsparcours für Auszubildende.")], [],
            [new ListItem("Haltungsarbeit intensivieren", ["Personalentwicklung"]), new ListItem("Zukunftsstrategie Weltoffenheit")], null), state, Fields, ids.Dequeue);

        Assert.IsType<WorkingGroupRecorded>(events[0]);
        var items = events.OfType<ActionItemAdded>().ToList();
        Assert.Equal(["Haltungsarbeit intensivieren", "Zukunftsstrategie Weltoffenheit"], items.Select(i => i.Text));
        Assert.Equal(["Personalentwicklung"], items[0].Details);
        Assert.All(items, i => Assert.Equal(("Integrationsbüro", true, 4, (Guid?)W), (i.Owner, i.OwnerAssumed, i.Field, i.WorkshopId)));
    }

    [Fact]
    public void a_working_group_needs_a_prioritised_field_and_happens_once()
    {
        var state = Given(Scheduled, new PrioritiesConfirmed(K, W, [4, 5], null),
            new WorkingGroupRecorded(K, W, 5, [], [], []));

        Assert.Equal("field", Assert.Single(Assert.Throws<InvalidInput>(() =>
            PrioritiseDecisions.Decide(new RecordWorkingGroup(K, W, 8, null, null, null, null), state, Fields, Guid.NewGuid)).Errors).Field);
        Assert.Equal("handlungsfeld-nicht-priorisiert", Assert.Throws<RuleViolation>(() =>
            PrioritiseDecisions.Decide(new RecordWorkingGroup(K, W, 1, null, null, null, null), state, Fields, Guid.NewGuid)).Type);
        Assert.Equal("arbeitsgruppe-erfasst", Assert.Throws<RuleViolation>(() =>
            PrioritiseDecisions.Decide(new RecordWorkingGroup(K, W, 5, null, null, null, null), state, Fields, Guid.NewGuid)).Type);
    }

    [Fact]
    public void agreements_get_ids_and_need_a_known_kind_and_a_date()
    {
        var agreement = Guid.Parse("00000000-0000-0000-0000-0000000000c1");

        var events = WorkshopContentDecisions.Decide(new RecordAgreements(K, W,
            [new AgreementInput(null, "Dialogveranstaltung", "Dialogveranstaltung", null, "2020-10-08", "geplant", null)]), Given(Scheduled), () => agreement);

        Assert.Equal(agreement, ((AgreementsRecorded)events.Single()).Agreements.Single().AgreementId);
        var e = Assert.Throws<InvalidInput>(() => WorkshopContentDecisions.Decide(new RecordAgreements(K, W,
            [new AgreementInput(null, "x", "Party", null, "8.10.2020", "geplant", null)]), Given(Scheduled), Guid.NewGuid));
        Assert.Equal(["agreements[0].kind", "agreements[0].plannedDate"], e.Errors.Select(x => x.Field));
    }
}

public class ActionItemDecisionTests
{
    private const string K = "dessau-rosslau";
    private static readonly Guid Item = Guid.Parse("00000000-0000-0000-0000-0000000000b1");

    private static KommuneJourney Given(params object[] events) =>
        Teilnahme.Given.Journey([Teilnahme.Given.DessauRegistered, new ActionItemAdded(K, Item, 5, "Kümmerer etablieren", [], "Integrationsbüro", true, null, null), .. events]);

    [Theory]
    [InlineData("offen", "in Arbeit")]
    [InlineData("offen", "erledigt")]
    [InlineData("in Arbeit", "erledigt")]
    public void allowed_transitions_are_recorded(string from, string to)
    {
        var state = from == "offen" ? Given() : Given(new ActionItemStatusChanged(K, Item, "offen", from, null, 2));

        var e = Assert.IsType<ActionItemStatusChanged>(Assert.Single(ActionItemDecisions.Decide(new ChangeActionItemStatus(K, Item, to, null, null), state)));

        Assert.Equal((from, to), (e.From, e.To));
    }

    [Fact]
    public void a_transition_outside_the_table_is_refused_naming_the_allowed_ones()
    {
        var done = Given(new ActionItemStatusChanged(K, Item, "offen", "erledigt", null, 2));

        var e = Assert.Throws<RuleViolation>(() => ActionItemDecisions.Decide(new ChangeActionItemStatus(K, Item, "in Arbeit", null, null), done));

        Assert.Equal("statuswechsel-nicht-erlaubt", e.Type);
        Assert.Equal(["offen"], e.Alternatives);
    }

    [Fact]
    public void discarding_and_reopening_need_a_reason()
    {
        Assert.Equal("reason", Assert.Single(Assert.Throws<InvalidInput>(() =>
            ActionItemDecisions.Decide(new ChangeActionItemStatus(K, Item, "verworfen", " ", null), Given())).Errors).Field);
        var reopened = ActionItemDecisions.Decide(new ChangeActionItemStatus(K, Item, "offen", "Neue Mittel", 2),
            Given(new ActionItemStatusChanged(K, Item, "offen", "verworfen", "Keine Mittel", 2)));
        Assert.Equal(new ActionItemStatusChanged(K, Item, "verworfen", "offen", "Neue Mittel", 3), reopened.Single());
    }

    [Fact]
    public void a_stale_version_is_a_conflict_and_an_unknown_item_not_found()
    {
        Assert.Equal("veraltete-version", Assert.Throws<Conflict>(() =>
            ActionItemDecisions.Decide(new NoteActionItem(K, Item, "Notiz", 3), Given())).Type);
        Assert.Equal("handlungsbedarf-unbekannt", Assert.Throws<NotFound>(() =>
            ActionItemDecisions.Decide(new NoteActionItem(K, Guid.NewGuid(), "Notiz", null), Given())).Type);
    }

    [Fact]
    public void planning_an_unknown_owner_creates_the_unit()
    {
        var events = ActionItemDecisions.Decide(new PlanActionItem(K, Item, "Amt für Stadtentwicklung", "2021-06-30", 1), Given());

        Assert.Equal([new UnitAdded(K, "Amt für Stadtentwicklung", null), new ActionItemPlanned(K, Item, "Amt für Stadtentwicklung", "2021-06-30", 2)], events);
    }
}
