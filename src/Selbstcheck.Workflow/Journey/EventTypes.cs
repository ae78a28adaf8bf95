using Selbstcheck.Workflow.Programme;

namespace Selbstcheck.Workflow.Journey;

/// <summary>
/// Every event type with the name it is stored under (Marten's "type" column). The names are
/// pinned here, explicitly, so renaming a class can never orphan stored history; a snapshot test
/// pins this list. A new event type gets its snake_case name here.
/// </summary>
public static class EventTypes
{
    public static readonly IReadOnlyList<(Type Type, string StoredName)> All =
    [
        (typeof(KommuneRegistered), "kommune_registered"),
        (typeof(FacilitatorAssigned), "facilitator_assigned"),
        (typeof(LeadOfficeNamed), "lead_office_named"),
        (typeof(UnitAdded), "unit_added"),
        (typeof(UnitEmailChanged), "unit_email_changed"),
        (typeof(UnitEmailConfirmationRequested), "unit_email_confirmation_requested"),
        (typeof(UnitEmailConfirmed), "unit_email_confirmed"),
        (typeof(RoundOpened), "round_opened"),
        (typeof(RespondentAdded), "respondent_added"),
        (typeof(AnswerRecorded), "answer_recorded"),
        (typeof(AnswersSubmitted), "answers_submitted"),
        (typeof(ConsensusRecorded), "consensus_recorded"),
        (typeof(RoundClosed), "round_closed"),
        (typeof(RoundEvaluated), "round_evaluated"),
        (typeof(CommentaryRecorded), "commentary_recorded"),
        (typeof(WorkshopScheduled), "workshop_scheduled"),
        (typeof(WorkshopRescheduled), "workshop_rescheduled"),
        (typeof(WorkshopCancelled), "workshop_cancelled"),
        (typeof(WorkshopHeld), "workshop_held"),
        (typeof(WorkshopAgendaSet), "workshop_agenda_set"),
        (typeof(WorkshopParticipantsRecorded), "workshop_participants_recorded"),
        (typeof(UnderstandingRecorded), "understanding_recorded"),
        (typeof(PrioritiesConfirmed), "priorities_confirmed"),
        (typeof(WorkingGroupRecorded), "working_group_recorded"),
        (typeof(AgreementsRecorded), "agreements_recorded"),
        (typeof(FeedbackRecorded), "feedback_recorded"),
        (typeof(ActionItemAdded), "action_item_added"),
        (typeof(ActionItemPlanned), "action_item_planned"),
        (typeof(ActionItemStatusChanged), "action_item_status_changed"),
        (typeof(ActionItemNoted), "action_item_noted"),
        (typeof(MilestonePlanned), "milestone_planned"),
        (typeof(MilestoneRescheduled), "milestone_rescheduled"),
        (typeof(MilestoneCompleted), "milestone_completed"),
        (typeof(MilestoneCancelled), "milestone_cancelled"),
        (typeof(ReminderPolicySet), "reminder_policy_set"),
        (typeof(RemindersPlanned), "reminders_planned"),
        (typeof(ReminderSent), "reminder_sent"),
        (typeof(ReminderDeliveryFailed), "reminder_delivery_failed"),
        (typeof(ReminderAbandoned), "reminder_abandoned"),
        (typeof(DailyMailCapReached), "daily_mail_cap_reached"),
        (typeof(PersonalDataRedacted), "personal_data_redacted"),
        (typeof(Programme.PersonErased), "person_erased"),
        (typeof(LinkIssued), "link_issued"),
        (typeof(LinkRevoked), "link_revoked"),
        // #14 seed exactness: provenance of answers, contributing units, scoring scheme, documentation frame.
        (typeof(AnswersMarkedReconstructed), "answers_marked_reconstructed"),
        (typeof(ContributorsRecorded), "contributors_recorded"),
        (typeof(ScoringSchemeConfigured), "scoring_scheme_configured"),
        (typeof(WorkshopFrameRecorded), "workshop_frame_recorded"),

        // #14 open survey: external respondents, the open survey link, interview summaries.
        (typeof(ExternalRespondentAdded), "external_respondent_added"),
        (typeof(OpenSurveyLinkCreated), "open_survey_link_created"),
        (typeof(OpenResponseStarted), "open_response_started"),
        (typeof(InterviewSummaryRecorded), "interview_summary_recorded"),

        // #14 benchmark: synthetic demo Kommunen.
        (typeof(KommuneMarkedSynthetic), "kommune_marked_synthetic"),

        // #15 H3 programme Kommunen: master data changed.
        (typeof(KommuneMasterDataChanged), "kommune_master_data_changed"),
        // #15 H2 workshop results: a recorded working group's lists revised.
        (typeof(WorkingGroupRevised), "working_group_revised"),

        // The programme stream (Programme/ProgrammeStream).
        (typeof(CatalogueImported), "catalogue_imported"),
        (typeof(ScoringSchemeImported), "scoring_scheme_imported"),
        (typeof(PersonRegistered), "person_registered"),
        (typeof(UserAdded), "user_added"),
        (typeof(PersonLinkIssued), "person_link_issued"),
        (typeof(PersonLinkRevoked), "person_link_revoked"),
        // #15 H4 programme people + users: changes of person records and of the user directory (ids only).
        (typeof(PersonChanged), "person_changed"),
        (typeof(UserRenamed), "user_renamed"),
        (typeof(UserErased), "user_erased"),
    ];
}
