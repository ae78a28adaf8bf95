using Selbstcheck.Workflow.Aktionsplan;
using Selbstcheck.Workflow.Erinnerungen;
using Selbstcheck.Workflow.Fragebogen;
using Selbstcheck.Workflow.Meilensteine;
using Selbstcheck.Workflow.Workshop;
using Selbstcheck.Workflow.Teilnahme;

namespace Selbstcheck.Workflow;

/// <summary>
/// Every event type of the service, in one place: the store registers them, and the JSON
/// snapshot test fails for any type listed here without a pinned sample.
/// </summary>
public static class EventCatalog
{
    public static readonly IReadOnlyList<Type> All =
    [
        typeof(KommuneRegistered),
        typeof(FacilitatorAssigned),
        typeof(LeadOfficeNamed),
        typeof(UnitAdded),
        typeof(UnitEmailChanged),
        typeof(RoundOpened),
        typeof(RespondentAdded),
        typeof(AnswerRecorded),
        typeof(AnswersSubmitted),
        typeof(ConsensusRecorded),
        typeof(RoundClosed),
        typeof(RoundEvaluated),
        typeof(CommentaryRecorded),
        typeof(WorkshopScheduled),
        typeof(WorkshopRescheduled),
        typeof(WorkshopCancelled),
        typeof(WorkshopHeld),
        typeof(WorkshopAgendaSet),
        typeof(WorkshopParticipantsRecorded),
        typeof(UnderstandingRecorded),
        typeof(PrioritiesConfirmed),
        typeof(WorkingGroupRecorded),
        typeof(AgreementsRecorded),
        typeof(FeedbackRecorded),
        typeof(ActionItemAdded),
        typeof(ActionItemPlanned),
        typeof(ActionItemStatusChanged),
        typeof(ActionItemNoted),
        typeof(MilestonePlanned),
        typeof(MilestoneRescheduled),
        typeof(MilestoneCompleted),
        typeof(MilestoneCancelled),
        typeof(ReminderPolicySet),
        typeof(RemindersPlanned),
        typeof(ReminderSent),
        typeof(ReminderDeliveryFailed),
    ];
}
