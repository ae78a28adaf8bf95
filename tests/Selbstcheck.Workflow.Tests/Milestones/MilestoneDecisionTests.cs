using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using static Selbstcheck.Workflow.Tests.Given;

namespace Selbstcheck.Workflow.Tests.Milestones;

public class MilestoneDecisionTests
{
    private static readonly Guid M = Guid.Parse("00000000-0000-0000-0000-0000000000d1");
    private static readonly Guid W = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Dialog = Guid.Parse("00000000-0000-0000-0000-0000000000c1");
    private static readonly Guid Item = Guid.Parse("00000000-0000-0000-0000-0000000000e1");

    /// <summary>Planning happens at the workshop day in 2020, so the reminders of the October dues lie ahead.</summary>
    private static readonly CommandContext Now = At(new DateTimeOffset(2020, 7, 1, 16, 0, 0, TimeSpan.FromHours(2)));

    private static readonly MilestonePlanned Planned = new(K, M, "Dialogveranstaltung", "Dialogveranstaltung", "Integrationsbüro", null, "2020-10-08", null, [], [], null);

    private static readonly WorkshopScheduled Scheduled = new(K, W, "Selbstcheck-Workshop", "2020-07-01T13:00", "Dessau-Roßlau", false, null);

    private static readonly AgreementsRecorded Agreed =
        new(K, W, [new Agreement(Dialog, "Eine Dialogveranstaltung durchführen.", "Dialogveranstaltung", null, "2020-10-08", "geplant", null)]);

    [Fact]
    public void a_milestone_is_due_on_exactly_one_of_an_all_day_date_or_a_local_time()
    {
        var e = Assert.Throws<InvalidInput>(() => PlanMilestoneDecision.Decide(
            new PlanMilestone(K, M, "x", "Workshop", "Integrationsbüro", null, "2020-10-08", "2020-10-08T18:00", null, null), WithLeadOffice(), [], false, Now));
        Assert.Equal("due", Assert.Single(e.Errors).Field);
        var timed = PlanMilestoneDecision.Decide(
            new PlanMilestone(K, M, "Workshop mit den Dezernenten", "Workshop", "integrationsbüro", null, null, "2020-11-12T10:00", [4], [Item]), WithLeadOffice(), [Item], false, Now);
        var planned = Assert.IsType<MilestonePlanned>(timed[0]);
        Assert.IsType<RemindersPlanned>(Assert.Single(timed.Skip(1)));
        Assert.Equal(("Integrationsbüro", null, "2020-11-12T10:00", Item), (planned.Owner, planned.DueDate, planned.DueAt, planned.ActionItems.Single()));
    }

    [Fact]
    public void dates_that_are_not_dates_and_action_items_of_nobody_are_listed()
    {
        var e = Assert.Throws<InvalidInput>(() => PlanMilestoneDecision.Decide(
            new PlanMilestone(K, M, "", "Feier", null, null, "8.10.2020", null, [9], [Item]), WithLeadOffice(), [], false, Now));

        Assert.Equal(["title", "kind", "owner", "dueDate", "fields", "actionItems"], e.Errors.Select(x => x.Field));
    }

    [Fact]
    public void OwnerFromAnotherKommuneIsRefused()
    {
        var facilitator = Guid.Parse("0191b7c4-5a2e-7c3e-9a51-3e82dda8c29c");
        var stranger = Guid.Parse("0191b7c4-5a2e-7c3e-9a51-000000000099");
        var kommune = WithLeadOffice(new FacilitatorAssigned(K, facilitator, null));
        PlanMilestone Owned(Guid person) => new(K, M, "Dialog", "Dialogveranstaltung", "Integrationsbüro", person, "2020-10-08", null, null, null);

        var foreign = Assert.Throws<InvalidInput>(() => PlanMilestoneDecision.Decide(Owned(stranger), kommune, [], ownerPersonExists: true, Now));
        var erased = Assert.Throws<InvalidInput>(() => PlanMilestoneDecision.Decide(Owned(facilitator), kommune, [], ownerPersonExists: false, Now));
        var own = PlanMilestoneDecision.Decide(Owned(facilitator), kommune, [], ownerPersonExists: true, Now);

        Assert.Equal("ownerPersonId", Assert.Single(foreign.Errors).Field);
        Assert.Equal(foreign.Errors.Single().Message.Replace(stranger.ToString(), ""), erased.Errors.Single().Message.Replace(facilitator.ToString(), ""));
        Assert.Equal(facilitator, Assert.IsType<MilestonePlanned>(own[0]).OwnerPersonId);
        // Contact persons of respondents and workshop participants belong to the Kommune too.
        var contact = Guid.Parse("0191b7c4-5a2e-7c3e-9a51-000000000002");
        var participant = Guid.Parse("0191b7c4-5a2e-7c3e-9a51-000000000003");
        var people = WithLeadOffice(new RespondentAdded(K, 1, Guid.NewGuid(), "Sozialamt", null, contact, Guid.NewGuid()),
            new WorkshopParticipantsRecorded(K, W, [new Institution("Verwaltung", "Sozialamt", [participant])])).People;
        Assert.Equal([contact, participant], people.Order());
    }

    [Fact]
    public void imported_history_plans_its_milestones_without_reminders()
    {
        var imported = PlanMilestoneDecision.Decide(new PlanMilestone(K, M, "Dialog", "Dialogveranstaltung", "Integrationsbüro", null, "2020-10-08", null, null, null),
            WithLeadOffice(), [], false, ImportedAt(Now.Now));

        Assert.IsType<MilestonePlanned>(Assert.Single(imported));
        // Folded as the write model folds the whole decision: never planned, nothing to remind.
        var milestone = MilestoneState.After(null, imported)!;
        Assert.Equal(0, milestone.Plan);
        Assert.Empty(milestone.Reminders);
    }

    [Fact]
    public void a_vereinbarung_becomes_a_milestone_with_its_title_kind_and_planned_date()
    {
        var events = PlanMilestoneFromAgreementDecision.Decide(new PlanMilestoneFromAgreement(K, M, W, Dialog, null, null, null), WithLeadOffice(),
            WorkshopOf(Scheduled, Agreed), agreementHasMilestone: false, Now);

        Assert.Equal(new MilestonePlanned(K, M, "Eine Dialogveranstaltung durchführen.", "Dialogveranstaltung", "Integrationsbüro", null, "2020-10-08", null, [], [], Dialog),
            events[0], new JsonEquality());
        Assert.Equal(["p1-d14", "p1-d3", "p1-d0", "p1-eskalation"], Assert.IsType<RemindersPlanned>(events[1]).Reminders.Select(r => r.Key));
        Assert.Equal("meilenstein-existiert", Assert.Throws<Conflict>(() => PlanMilestoneFromAgreementDecision.Decide(
            new PlanMilestoneFromAgreement(K, Guid.NewGuid(), W, Dialog, null, null, null), WithLeadOffice(), WorkshopOf(Scheduled, Agreed), true, Now)).Type);
        Assert.Equal("vereinbarung-unbekannt", Assert.Throws<NotFound>(() => PlanMilestoneFromAgreementDecision.Decide(
            new PlanMilestoneFromAgreement(K, M, W, Guid.Empty, null, null, null), WithLeadOffice(), WorkshopOf(Scheduled, Agreed), false, Now)).Type);
        Assert.Equal("workshop-unbekannt", Assert.Throws<NotFound>(() => PlanMilestoneFromAgreementDecision.Decide(
            new PlanMilestoneFromAgreement(K, M, W, Dialog, null, null, null), WithLeadOffice(), null, false, Now)).Type);
    }

    [Fact]
    public void a_completed_milestone_is_neither_rescheduled_nor_completed_again()
    {
        var done = Milestone(Planned, new MilestoneCompleted(K, M, 2));

        Assert.Equal("meilenstein-erledigt", Assert.Throws<RuleViolation>(() => CompleteMilestoneDecision.Decide(new CompleteMilestone(K, M, null), K, done)).Type);
        Assert.Equal("meilenstein-erledigt", Assert.Throws<RuleViolation>(() =>
            RescheduleMilestoneDecision.Decide(new RescheduleMilestone(K, M, "2020-10-15", null, "später", null), WithLeadOffice(), done, Now)).Type);
        Assert.Equal("meilenstein-unbekannt", Assert.Throws<NotFound>(() => CancelMilestoneDecision.Decide(new CancelMilestone(K, M, "fällt aus", null), K, null)).Type);
    }

    [Fact]
    public void rescheduling_needs_a_reason_and_checks_the_version()
    {
        Assert.Equal(["reason"], Assert.Throws<InvalidInput>(() =>
            RescheduleMilestoneDecision.Decide(new RescheduleMilestone(K, M, "2020-10-15", null, null, null), WithLeadOffice(), Milestone(Planned), Now)).Errors.Select(x => x.Field));
        Assert.Equal("veraltete-version", Assert.Throws<Conflict>(() =>
            RescheduleMilestoneDecision.Decide(new RescheduleMilestone(K, M, "2020-10-15", null, "Saal", 2), WithLeadOffice(), Milestone(Planned), Now)).Type);
        var events = RescheduleMilestoneDecision.Decide(new RescheduleMilestone(K, M, "2020-10-15", null, "Saal", 1), WithLeadOffice(), Milestone(Planned), Now);
        Assert.Equal(new MilestoneRescheduled(K, M, "2020-10-15", null, "Saal", 2), events[0]);
        Assert.Equal(1, Assert.IsType<RemindersPlanned>(events[1]).Plan);
    }

    [Fact]
    public void cancelling_needs_a_reason_and_completing_moves_the_version_on()
    {
        Assert.Equal(["reason"], Assert.Throws<InvalidInput>(() =>
            CancelMilestoneDecision.Decide(new CancelMilestone(K, M, " ", null), K, Milestone(Planned))).Errors.Select(x => x.Field));
        Assert.Equal([new MilestoneCancelled(K, M, "Saal belegt", 2)], CancelMilestoneDecision.Decide(new CancelMilestone(K, M, " Saal belegt ", 1), K, Milestone(Planned)));
        Assert.Equal([new MilestoneCompleted(K, M, 2)], CompleteMilestoneDecision.Decide(new CompleteMilestone(K, M, 1), K, Milestone(Planned)));
    }
}
