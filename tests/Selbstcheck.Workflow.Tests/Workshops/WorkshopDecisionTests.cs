using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Selbstcheck.Workflow.Workshops;
using static Selbstcheck.Workflow.Tests.Given;

namespace Selbstcheck.Workflow.Tests.Workshops;

public class WorkshopDecisionTests
{
    private static readonly Guid W = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Item = Guid.Parse("00000000-0000-0000-0000-0000000000b1");
    private static readonly CommandContext Now = At(new DateTimeOffset(2020, 6, 15, 11, 0, 0, TimeSpan.FromHours(2)));

    private static readonly WorkshopScheduled Scheduled = new(K, W, "Selbstcheck-Workshop", "2020-07-01T13:00", "Dessau-Roßlau", false, Given.S("Externe Prozessbegleitung"));

    [Fact]
    public void scheduling_records_the_local_berlin_time_and_the_date_becomes_the_lead_offices_milestone()
    {
        var events = ScheduleWorkshopDecision.Decide(new ScheduleWorkshop(K, W, null, "2020-07-01T13:00", " Dessau-Roßlau ", false, "Externe Prozessbegleitung"),
            WithLeadOffice(), Now);

        Assert.Equal(Scheduled, events[0]);
        var planned = Assert.IsType<MilestonePlanned>(events[1]);
        Assert.Equal((ProgrammeMilestones.ForWorkshop(K, W), "Selbstcheck-Workshop", "Workshop", "Integrationsbüro", "2020-07-01T13:00", "workshop"),
            (planned.MilestoneId, planned.Title, planned.Kind, planned.Owner, planned.DueAt, planned.Source));
        Assert.Equal(1, Assert.IsType<RemindersPlanned>(events[2]).Plan);
        Assert.NotEqual(ProgrammeMilestones.ForWorkshop(K, W), ProgrammeMilestones.ForWorkshop("andere-kommune", W));
    }

    [Fact]
    public void scheduling_needs_a_real_time_and_a_place_or_online()
    {
        var e = Assert.Throws<InvalidInput>(() => ScheduleWorkshopDecision.Decide(new ScheduleWorkshop(K, W, null, "2021-03-28T02:30", null, false, null), WithLeadOffice(), Now));

        Assert.Equal(["startsAt", "place"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void the_workshops_milestone_follows_rescheduling_holding_and_cancelling()
    {
        var scheduled = ScheduleWorkshopDecision.Decide(new ScheduleWorkshop(K, W, null, "2020-07-01T13:00", "Rathaus", false, null), WithLeadOffice(), Now);
        var milestone = Milestone((MilestonePlanned)scheduled[1], scheduled[2]);
        var id = milestone.MilestoneId;

        var moved = RescheduleWorkshopDecision.Decide(new RescheduleWorkshop(K, W, "2020-07-08T13:00", "Rathaus", false, "Saal belegt"), WithLeadOffice(), WorkshopOf(Scheduled), milestone, Now);
        Assert.Equal(new MilestoneRescheduled(K, id, null, "2020-07-08T13:00", "Saal belegt", 2), moved[1]);
        Assert.Equal(2, Assert.IsType<RemindersPlanned>(moved[2]).Plan);

        Assert.Equal([new WorkshopHeld(K, W), new MilestoneCompleted(K, id, 2)],
            MarkWorkshopHeldDecision.Decide(new MarkWorkshopHeld(K, W), K, WorkshopOf(Scheduled), milestone));
        Assert.Equal([new WorkshopCancelled(K, W, "Kontaktbeschränkungen"), new MilestoneCancelled(K, id, "Kontaktbeschränkungen", 2)],
            CancelWorkshopDecision.Decide(new CancelWorkshop(K, W, "Kontaktbeschränkungen"), K, WorkshopOf(Scheduled), milestone));
        // A milestone completed by hand stays as it is.
        Assert.Equal([new WorkshopHeld(K, W)], MarkWorkshopHeldDecision.Decide(new MarkWorkshopHeld(K, W), K, WorkshopOf(Scheduled), milestone.Fold(new MilestoneCompleted(K, id, 2))));
    }

    [Fact]
    public void a_cancelled_workshop_takes_no_more_edits_and_a_held_one_cannot_be_cancelled()
    {
        var cancelled = WorkshopOf(Scheduled, new WorkshopCancelled(K, W, "Pandemie"));
        var held = WorkshopOf(Scheduled, new WorkshopHeld(K, W));

        Assert.Equal("workshop-abgesagt", Assert.Throws<RuleViolation>(() => RecordFeedbackDecision.Decide(new RecordFeedback(K, W, ["gut"]), K, cancelled)).Type);
        Assert.Equal("workshop-stattgefunden", Assert.Throws<RuleViolation>(() => CancelWorkshopDecision.Decide(new CancelWorkshop(K, W, "zu spät"), K, held, null)).Type);
        Assert.Equal("workshop-unbekannt", Assert.Throws<NotFound>(() => RecordFeedbackDecision.Decide(new RecordFeedback(K, W, ["gut"]), K, null)).Type);
    }

    [Fact]
    public void priorities_are_confirmed_with_or_without_votes_but_only_for_existing_fields()
    {
        var events = ConfirmPrioritiesDecision.Decide(new ConfirmPriorities(K, W, [5, 4], null), Kommune(), WorkshopOf(Scheduled));

        var confirmed = Assert.IsType<PrioritiesConfirmed>(events.Single());
        Assert.Equal([4, 5], confirmed.Fields);
        Assert.Null(confirmed.Votes);
        var e = Assert.Throws<InvalidInput>(() => ConfirmPrioritiesDecision.Decide(new ConfirmPriorities(K, W, [4], new Dictionary<int, int> { [9] = 2 }), Kommune(), WorkshopOf(Scheduled)));
        Assert.Equal("votes", Assert.Single(e.Errors).Field);
    }

    [Fact]
    public void every_top_level_handlungsbedarf_of_a_working_group_becomes_an_action_item_of_the_lead_office()
    {
        var ids = new Queue<Guid>([Item, Guid.Parse("00000000-0000-0000-0000-0000000000b2")]);

        var events = RecordWorkingGroupDecision.Decide(new RecordWorkingGroup(K, W, 4, [new ListItem("Vielfaltsparcours für Auszubildende.")], [],
            [new ListItem("Haltungsarbeit intensivieren", ["Personalentwicklung"]), new ListItem("Zukunftsstrategie Weltoffenheit")], null),
            WithLeadOffice(), WorkshopOf(Scheduled, new PrioritiesConfirmed(K, W, [4, 5], null)), ids.Dequeue, Now);

        Assert.IsType<WorkingGroupRecorded>(events[0]);
        var items = events.OfType<ActionItemAdded>().ToList();
        Assert.Equal(["Haltungsarbeit intensivieren", "Zukunftsstrategie Weltoffenheit"], items.Select(i => i.Text));
        Assert.Equal(["Personalentwicklung"], items[0].Details);
        Assert.All(items, i => Assert.Equal(("Integrationsbüro", true, 4, (Guid?)W), (i.Owner, i.OwnerAssumed, i.Field, i.WorkshopId)));
    }

    [Fact]
    public void a_working_group_needs_a_prioritised_field_and_happens_once()
    {
        var workshop = WorkshopOf(Scheduled, new PrioritiesConfirmed(K, W, [4, 5], null), new WorkingGroupRecorded(K, W, 5, [], [], []));

        Assert.Equal("field", Assert.Single(Assert.Throws<InvalidInput>(() =>
            RecordWorkingGroupDecision.Decide(new RecordWorkingGroup(K, W, 8, null, null, null, null), WithLeadOffice(), workshop, Guid.NewGuid, Now)).Errors).Field);
        Assert.Equal("field", Assert.Single(Assert.Throws<InvalidInput>(() =>
            RecordWorkingGroupDecision.Decide(new RecordWorkingGroup(K, W, null, null, null, null, null), WithLeadOffice(), workshop, Guid.NewGuid, Now)).Errors).Field);
        Assert.Equal("handlungsfeld-nicht-priorisiert", Assert.Throws<RuleViolation>(() =>
            RecordWorkingGroupDecision.Decide(new RecordWorkingGroup(K, W, 1, null, null, null, null), WithLeadOffice(), workshop, Guid.NewGuid, Now)).Type);
        Assert.Equal("arbeitsgruppe-erfasst", Assert.Throws<RuleViolation>(() =>
            RecordWorkingGroupDecision.Decide(new RecordWorkingGroup(K, W, 5, null, null, null, null), WithLeadOffice(), workshop, Guid.NewGuid, Now)).Type);
    }

    [Fact]
    public void agreements_get_ids_and_need_a_known_kind_and_a_date()
    {
        var agreement = Guid.Parse("00000000-0000-0000-0000-0000000000c1");

        var events = RecordAgreementsDecision.Decide(new RecordAgreements(K, W,
            [new AgreementInput(null, "Dialogveranstaltung", "Dialogveranstaltung", null, "2020-10-08", "geplant", null)]), K, WorkshopOf(Scheduled), new HashSet<Guid>(), () => agreement);

        Assert.Equal(agreement, ((AgreementsRecorded)events.Single()).Agreements.Single().AgreementId);
        var e = Assert.Throws<InvalidInput>(() => RecordAgreementsDecision.Decide(new RecordAgreements(K, W,
            [new AgreementInput(null, "x", "Party", null, "8.10.2020", "geplant", null)]), K, WorkshopOf(Scheduled), new HashSet<Guid>(), Guid.NewGuid));
        Assert.Equal(["agreements[0].kind", "agreements[0].plannedDate"], e.Errors.Select(x => x.Field));
    }

    private static readonly Guid A1 = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    private static readonly Guid A2 = Guid.Parse("00000000-0000-0000-0000-0000000000c2");

    private static AgreementInput AgreementIn(Guid id, string title = "Dialogveranstaltung") => new(id, title, "Dialogveranstaltung", null, "2020-10-08", "geplant", null);

    private static Agreement AgreementOf(Guid id) => new(id, "Dialogveranstaltung", "Dialogveranstaltung", null, "2020-10-08", "geplant", null);

    [Fact]
    public void every_workshop_list_counts_its_own_version_and_a_stale_expected_version_is_a_conflict()
    {
        var workshop = WorkshopOf(Scheduled,
            new WorkshopAgendaSet(K, W, ["Ziel"], []), new WorkshopAgendaSet(K, W, ["Ziel"], []),
            new FeedbackRecorded(K, W, ["gut"]), new AgreementsRecorded(K, W, [AgreementOf(A1)]));

        Assert.Equal((2L, 1L, 1L, 0L), (workshop.ListVersion(WorkshopLists.Agenda), workshop.ListVersion(WorkshopLists.Feedback),
            workshop.ListVersion(WorkshopLists.Agreements), workshop.ListVersion(WorkshopLists.Participants)));
        var stale = Assert.Throws<Conflict>(() => SetWorkshopAgendaDecision.Decide(new SetWorkshopAgenda(K, W, ["Neu"], [], ExpectedVersion: 1), K, workshop, Now));
        Assert.Equal(("veraltete-version", 2L), (stale.Type, (long)stale.Extensions["currentVersion"]!));
        Assert.Throws<Conflict>(() => RecordFeedbackDecision.Decide(new RecordFeedback(K, W, ["x"], ExpectedVersion: 0), K, workshop));
        Assert.Throws<Conflict>(() => RecordParticipantsDecision.Decide(new RecordParticipants(K, W, [], ExpectedVersion: 1), K, workshop));
        Assert.Throws<Conflict>(() => RecordUnderstandingDecision.Decide(new RecordUnderstanding(K, W, [new ListItem("x")], ExpectedVersion: 3), K, workshop));
        Assert.Throws<Conflict>(() => RecordAgreementsDecision.Decide(new RecordAgreements(K, W, [], ExpectedVersion: 2), K, workshop, new HashSet<Guid>(), Guid.NewGuid));
        Assert.Single(SetWorkshopAgendaDecision.Decide(new SetWorkshopAgenda(K, W, ["Neu"], [], ExpectedVersion: 2), K, workshop, Now));
        Assert.Single(RecordParticipantsDecision.Decide(new RecordParticipants(K, W, [], ExpectedVersion: 0), K, workshop));
    }

    [Fact]
    public void an_agreement_that_became_a_milestone_cannot_be_removed_but_may_change()
    {
        var workshop = WorkshopOf(Scheduled, new AgreementsRecorded(K, W, [AgreementOf(A1), AgreementOf(A2)]));
        var withMilestone = new HashSet<Guid> { A1 };

        var refused = Assert.Throws<RuleViolation>(() => RecordAgreementsDecision.Decide(new RecordAgreements(K, W, [AgreementIn(A2)]), K, workshop, withMilestone, Guid.NewGuid));

        Assert.Equal("vereinbarung-hat-meilenstein", refused.Type);
        var changed = (AgreementsRecorded)RecordAgreementsDecision.Decide(new RecordAgreements(K, W, [AgreementIn(A1, "Dialogveranstaltung im Herbst")]), K, workshop, withMilestone, Guid.NewGuid).Single();
        Assert.Equal([(A1, "Dialogveranstaltung im Herbst")], changed.Agreements.Select(a => (a.AgreementId, a.Title)));
    }

    [Fact]
    public void duplicate_ids_in_a_workshop_list_are_invalid_input()
    {
        var workshop = WorkshopOf(Scheduled);

        var agreements = Assert.Throws<InvalidInput>(() => RecordAgreementsDecision.Decide(new RecordAgreements(K, W, [AgreementIn(A1), AgreementIn(A2), AgreementIn(A1)]),
            K, workshop, new HashSet<Guid>(), Guid.NewGuid));
        var participants = Assert.Throws<InvalidInput>(() => RecordParticipantsDecision.Decide(new RecordParticipants(K, W,
            [new Institution("Verwaltung", "Sozialamt", [A1, A1])]), K, workshop));

        Assert.Equal(["agreements[2].agreementId"], agreements.Errors.Select(e => e.Field));
        Assert.Equal(["institutions[0].personIds"], participants.Errors.Select(e => e.Field));
        // The state tolerates what the decision refuses (a fold must never throw).
        Assert.Single(workshop.Fold(new AgreementsRecorded(K, W, [AgreementOf(A1), AgreementOf(A1)])).Agreements);
    }

    // #15 H2 workshop results: revising a recorded working group.
    private static readonly Guid Item2 = Guid.Parse("00000000-0000-0000-0000-0000000000b2");

    private static WorkshopState WithGroup5() => WorkshopOf(Scheduled, new PrioritiesConfirmed(K, W, [4, 5], null),
        new WorkingGroupRecorded(K, W, 5, [new ListItem("Ehrenamtskarte")], [], [new ListItem("Netzwerksarbeit ausbauen"), new ListItem("Vereine einbinden")]));

    [Fact]
    public void revising_a_working_group_adds_new_handlungsbedarfe_as_action_items_and_leaves_removed_ones_in_the_action_plan()
    {
        var ids = new Queue<Guid>([Item]);

        var events = ReviseWorkingGroupDecision.Decide(new ReviseWorkingGroup(K, W, 5, [new ListItem("Ehrenamtskarte seit 2019")], [new ListItem("Beteiligung schwierig")],
            [new ListItem(" Netzwerksarbeit ausbauen ", ["Struktur"]), new ListItem("Sprachmittlung sichern", ["Pool aufbauen"])], "Sozialamt", ExpectedVersion: 1),
            WithLeadOffice(), WithGroup5(), ids.Dequeue, Now);

        Assert.Equal(new WorkingGroupRevised(K, W, 5, [new ListItem("Ehrenamtskarte seit 2019")], [new ListItem("Beteiligung schwierig")],
            [new ListItem("Netzwerksarbeit ausbauen", ["Struktur"]), new ListItem("Sprachmittlung sichern", ["Pool aufbauen"])], ["Vereine einbinden"]),
            events[0], new RevisedComparer());
        var added = Assert.Single(events.OfType<ActionItemAdded>());
        Assert.Equal((Item, "Sprachmittlung sichern", "Sozialamt", false, 5, (Guid?)W), (added.ActionItemId, added.Text, added.Owner, added.OwnerAssumed, added.Field, added.WorkshopId));
        Assert.Equal(["Pool aufbauen"], added.Details);
    }

    [Fact]
    public void a_handlungsbedarf_taken_out_and_put_back_gets_no_second_action_item_and_the_group_version_counts_revisions()
    {
        var once = WithGroup5().Fold(new WorkingGroupRevised(K, W, 5, [], [], [new ListItem("Netzwerksarbeit ausbauen")], ["Vereine einbinden"]));
        Assert.Equal(2, once.ListVersion(WorkshopLists.WorkingGroup(5)));

        var events = ReviseWorkingGroupDecision.Decide(new ReviseWorkingGroup(K, W, 5, null, null,
            [new ListItem("Netzwerksarbeit ausbauen"), new ListItem("Vereine einbinden")], null, ExpectedVersion: 2), WithLeadOffice(), once, () => throw new InvalidOperationException("no new item"), Now);

        var revised = Assert.IsType<WorkingGroupRevised>(Assert.Single(events));
        Assert.Empty(revised.LeftInActionPlan);
    }

    [Fact]
    public void revising_needs_a_recorded_group_and_the_current_version()
    {
        Assert.Equal("arbeitsgruppe-unbekannt", Assert.Throws<NotFound>(() =>
            ReviseWorkingGroupDecision.Decide(new ReviseWorkingGroup(K, W, 4, null, null, null, null, 0), WithLeadOffice(), WithGroup5(), Guid.NewGuid, Now)).Type);
        Assert.Equal("veraltete-version", Assert.Throws<Conflict>(() =>
            ReviseWorkingGroupDecision.Decide(new ReviseWorkingGroup(K, W, 5, null, null, null, null, 0), WithLeadOffice(), WithGroup5(), Guid.NewGuid, Now)).Type);
        Assert.Equal("needsForAction[0].text", Assert.Single(Assert.Throws<InvalidInput>(() =>
            ReviseWorkingGroupDecision.Decide(new ReviseWorkingGroup(K, W, 5, null, null, [new ListItem(" ")], null, 1), WithLeadOffice(), WithGroup5(), Guid.NewGuid, Now)).Errors).Field);
    }

    /// <summary>Records holding lists compare by reference; this compares the revised lists by value.</summary>
    private sealed class RevisedComparer : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) => Json(x) == Json(y);

        public int GetHashCode(object obj) => 0;

        private static string Json(object? o) => System.Text.Json.JsonSerializer.Serialize(o);
    }
}
