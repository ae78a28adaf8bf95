using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.People;

namespace Selbstcheck.Workflow.Journey;

// Every event of a Kommune's stream, in one place: the stream is the product's long-term storage
// format. Each type's stored name is pinned in EventTypes; each type's JSON shape is pinned by a
// snapshot test. Add new event types rather than change these; never rename a stored property
// (give a renamed C# property [property: JsonPropertyName("old")]).

/// <summary>An event of a Kommune's stream; it names its Kommune, so cross-stream read models can group by it.</summary>
public interface IKommuneEvent
{
    [PersonalData(false)] string KommuneId { get; }
}

// ---- Kommunen: registration, facilitator, lead office, units ---------------------------------

/// <summary>A Kommune joined the programme (or started the Selbstcheck on its own when Cohort is null).</summary>
public sealed record KommuneRegistered(
    string KommuneId,
    [PersonalData(false)] string Name,
    [PersonalData(false)] string Kind,
    [PersonalData(false)] string Bundesland,
    [PersonalData(false)] string? Cohort,
    DateOnly? StartDate,
    [PersonalData(false)] string? Ags) : IKommuneEvent;

/// <summary>A Prozessbegleiter*in (a person id from the personal-data store) was assigned or replaced.</summary>
public sealed record FacilitatorAssigned(string KommuneId, Guid PersonId, Guid? PreviousPersonId) : IKommuneEvent;

/// <summary>The Kommune's local lead office (e.g. the Integrationsbüro) was named; it is one of its units.</summary>
public sealed record LeadOfficeNamed(string KommuneId, [PersonalData(false)] string Unit) : IKommuneEvent;

/// <summary>
/// A unit of the Kommune's administration became known, optionally with a functional email — sealed
/// in the personal-data vault (an address can name a person), the event holds its reference.
/// </summary>
public sealed record UnitAdded(string KommuneId, [PersonalData(false)] string Unit, PersonalRef? Email) : IKommuneEvent;

/// <summary>A unit's functional email address (sealed in the vault) was set, changed or removed (null).</summary>
public sealed record UnitEmailChanged(string KommuneId, [PersonalData(false)] string Unit, PersonalRef? Email) : IKommuneEvent;

/// <summary>
/// The unit's address as of its item version <paramref name="Version"/> (set by the Kommune or its
/// facilitator) receives mail only once its holder confirmed it through the one-time link sent
/// there; until then reminders go to the lead office. The address itself is in the unit record.
/// </summary>
public sealed record UnitEmailConfirmationRequested(string KommuneId, [PersonalData(false)] string Unit, long Version) : IKommuneEvent;

/// <summary>The holder of the unit's address (as of item version <paramref name="Version"/>) confirmed it with the one-time link.</summary>
public sealed record UnitEmailConfirmed(string KommuneId, [PersonalData(false)] string Unit, long Version) : IKommuneEvent;

// ---- Questionnaire: rounds, respondents, answers, evaluation ---------------------------------

/// <summary>A questionnaire round was opened; the criteria it asks are copied in, so the round stands on its own.</summary>
public sealed record RoundOpened(
    string KommuneId,
    int Round,
    [PersonalData(false)] string Kind,
    [PersonalData(false)] string? ShortForm,
    [PersonalData(false)] string CatalogueId,
    [PersonalData(false)] string CatalogueVersion,
    [PersonalData(false)] string ActorGroup,
    DateOnly? Deadline,
    [PersonalData(false)] IReadOnlyList<string> Criteria,
    IReadOnlyList<int> Fields) : IKommuneEvent;

/// <summary>A respondent (a unit of the administration, or an actor group's member) joined a round; their link has the id given.</summary>
public sealed record RespondentAdded(
    string KommuneId,
    int Round,
    Guid RespondentId,
    [PersonalData(false)] string Unit,
    [PersonalData(false)] string? Dezernat,
    Guid? ContactPersonId,
    Guid LinkId) : IKommuneEvent;

/// <summary>
/// An answer was recorded or changed (Version counts the changes of this respondent's answer to
/// this criterion). OnBehalf: entered by the lead office, facilitator or programme team for the
/// respondent (a returned paper form); the acting user is in the event metadata. Comment and
/// evidence may name people: sealed in the personal-data vault.
/// </summary>
public sealed record AnswerRecorded(
    string KommuneId,
    int Round,
    Guid RespondentId,
    [PersonalData(false)] string Criterion,
    [PersonalData(false)] string Answer,
    PersonalRef? Comment,
    PersonalRef? Evidence,
    bool OnBehalf,
    long Version) : IKommuneEvent;

/// <summary>A respondent submitted their answers; only submitted answers count.</summary>
public sealed record AnswersSubmitted(string KommuneId, int Round, Guid RespondentId, bool OnBehalf) : IKommuneEvent;

/// <summary>The steering group agreed an answer for a criterion; it replaces the respondents' mean in the evaluation.</summary>
public sealed record ConsensusRecorded(string KommuneId, int Round, [PersonalData(false)] string Criterion, [PersonalData(false)] string Answer, [PersonalData(false)] string Reason, long Version) : IKommuneEvent;

/// <summary>The round was closed: no more answers.</summary>
public sealed record RoundClosed(string KommuneId, int Round) : IKommuneEvent;

/// <summary>
/// The round was evaluated — on closing, after a consensus answer on a closed round, or under
/// another scoring scheme. Never rewritten: a new evaluation is a new event.
/// </summary>
public sealed record RoundEvaluated(string KommuneId, int Round, [PersonalData(false)] string Reason, Questionnaire.Evaluation Evaluation) : IKommuneEvent;

/// <summary>The facilitator's written commentary on a field (or, with Field null, overall) of an evaluated round.</summary>
public sealed record CommentaryRecorded(string KommuneId, int Round, int? Field, [PersonalData(false)] string Text, long Version) : IKommuneEvent;

// ---- Workshop: the Selbstcheck-Workshop ---------------------------------------------------------

/// <summary>A workshop was scheduled: local date-time in Europe/Berlin ("2020-07-01T13:00"), place or online, moderation (names people: sealed in the vault).</summary>
public sealed record WorkshopScheduled(string KommuneId, Guid WorkshopId, [PersonalData(false)] string Title, [PersonalData(false)] string StartsAt, [PersonalData(false)] string? Place, bool Online, PersonalRef? Moderation) : IKommuneEvent;

public sealed record WorkshopRescheduled(string KommuneId, Guid WorkshopId, [PersonalData(false)] string StartsAt, [PersonalData(false)] string? Place, bool Online, [PersonalData(false)] string Reason) : IKommuneEvent;

public sealed record WorkshopCancelled(string KommuneId, Guid WorkshopId, [PersonalData(false)] string Reason) : IKommuneEvent;

public sealed record WorkshopHeld(string KommuneId, Guid WorkshopId) : IKommuneEvent;

/// <summary>Goals and agenda (Ziele und Ablauf), replaced as a whole.</summary>
public sealed record WorkshopAgendaSet(string KommuneId, Guid WorkshopId, [PersonalData(false)] IReadOnlyList<string> Goals, IReadOnlyList<AgendaItem> Items) : IKommuneEvent;

/// <summary>An agenda item; its speaker (By) names people: sealed in the vault.</summary>
public sealed record AgendaItem([PersonalData(false)] string? Time, [PersonalData(false)] string Title, PersonalRef? By);

/// <summary>The participating institutions by sector (Verwaltung, Politik, Zivilgesellschaft, Wirtschaft); people only as ids.</summary>
public sealed record WorkshopParticipantsRecorded(string KommuneId, Guid WorkshopId, IReadOnlyList<Institution> Institutions) : IKommuneEvent;

public sealed record Institution([PersonalData(false)] string Sector, [PersonalData(false)] string Name, IReadOnlyList<Guid>? PersonIds);

/// <summary>The participants' understanding of Weltoffenheit: statements, a heading may carry sub-points.</summary>
public sealed record UnderstandingRecorded(string KommuneId, Guid WorkshopId, IReadOnlyList<ListItem> Statements) : IKommuneEvent;

/// <summary>An item of a poster list, with optional sub-items.</summary>
public sealed record ListItem([PersonalData(false)] string Text, [PersonalData(false)] IReadOnlyList<string>? Items = null);

/// <summary>The moderation confirmed the prioritised fields; dot votes per field if there were any.</summary>
public sealed record PrioritiesConfirmed(string KommuneId, Guid WorkshopId, IReadOnlyList<int> Fields, IReadOnlyDictionary<int, int>? Votes) : IKommuneEvent;

/// <summary>A working group's three lists for one prioritised field.</summary>
public sealed record WorkingGroupRecorded(
    string KommuneId,
    Guid WorkshopId,
    int Field,
    IReadOnlyList<ListItem> WhatWorks,
    IReadOnlyList<ListItem> WhatDoesNotWorkYet,
    IReadOnlyList<ListItem> NeedsForAction) : IKommuneEvent;

/// <summary>The agreed next steps (Vereinbarungen), replaced as a whole; each can become a milestone.</summary>
public sealed record AgreementsRecorded(string KommuneId, Guid WorkshopId, IReadOnlyList<Agreement> Agreements) : IKommuneEvent;

public sealed record Agreement(Guid AgreementId, [PersonalData(false)] string Title, [PersonalData(false)] string Kind, [PersonalData(false)] string? Owner, [PersonalData(false)] string? PlannedDate, [PersonalData(false)] string Status, [PersonalData(false)] IReadOnlyList<string>? Details);

public sealed record FeedbackRecorded(string KommuneId, Guid WorkshopId, [PersonalData(false)] IReadOnlyList<string> Items) : IKommuneEvent;

// ---- Action plan: every Handlungsbedarf an item the lead office works through -----------------

/// <summary>A Handlungsbedarf became an action item — from a working group (WorkshopId) or added directly.</summary>
public sealed record ActionItemAdded(
    string KommuneId,
    Guid ActionItemId,
    int Field,
    [PersonalData(false)] string Text,
    [PersonalData(false)] IReadOnlyList<string> Details,
    [PersonalData(false)] string Owner,
    bool OwnerAssumed,
    [PersonalData(false)] string? Due,
    Guid? WorkshopId) : IKommuneEvent;

/// <summary>Owner or due date changed, and why (null only in events recorded before a reason was asked for).</summary>
public sealed record ActionItemPlanned(
    string KommuneId, Guid ActionItemId, [PersonalData(false)] string Owner, [PersonalData(false)] string? Due, long Version,
    [PersonalData(false)] string? Reason = null) : IKommuneEvent;

public sealed record ActionItemStatusChanged(string KommuneId, Guid ActionItemId, [PersonalData(false)] string From, [PersonalData(false)] string To, [PersonalData(false)] string? Reason, long Version) : IKommuneEvent;

/// <summary>A note on an action item (free text that may name people: sealed in the vault).</summary>
public sealed record ActionItemNoted(string KommuneId, Guid ActionItemId, PersonalRef Note, long Version) : IKommuneEvent;

/// <summary>
/// A sealed value of this Kommune (<paramref name="Ref"/>) was erased from the personal-data vault by
/// the programme team: every event that references it stays as stored (the hash chain holds), and
/// shows "gelöscht" from now on. No text: the reason says why, never what.
/// </summary>
public sealed record PersonalDataRedacted(string KommuneId, Guid Ref, [PersonalData(false)] string Reason) : IKommuneEvent;

// ---- Milestones ----------------------------------------------------------------------------------

/// <summary>
/// A milestone was planned, from a Vereinbarung (AgreementId) or directly. Due is exactly one of
/// DueDate (all-day, "2020-10-08") or DueAt (a local date-time in Europe/Berlin, "2020-10-08T18:00",
/// stored as such). Source names a programme milestone's origin (<see cref="MilestoneSources"/>);
/// null for milestones planned by people.
/// </summary>
public sealed record MilestonePlanned(
    string KommuneId,
    Guid MilestoneId,
    [PersonalData(false)] string Title,
    [PersonalData(false)] string Kind,
    [PersonalData(false)] string Owner,
    Guid? OwnerPersonId,
    [PersonalData(false)] string? DueDate,
    [PersonalData(false)] string? DueAt,
    IReadOnlyList<int> Fields,
    IReadOnlyList<Guid> ActionItems,
    Guid? AgreementId,
    [PersonalData(false)] string? Source = null) : IKommuneEvent;

public sealed record MilestoneRescheduled(string KommuneId, Guid MilestoneId, [PersonalData(false)] string? DueDate, [PersonalData(false)] string? DueAt, [PersonalData(false)] string Reason, long Version) : IKommuneEvent;

public sealed record MilestoneCompleted(string KommuneId, Guid MilestoneId, long Version) : IKommuneEvent;

public sealed record MilestoneCancelled(string KommuneId, Guid MilestoneId, [PersonalData(false)] string Reason, long Version) : IKommuneEvent;

// ---- Reminders (recipients by role and unit, or by person id — never a name or an email) -------

/// <summary>The Kommune's reminder policy: days before due, the send time for all-day dues, days until the facilitator is escalated to.</summary>
public sealed record ReminderPolicySet(string KommuneId, IReadOnlyList<int> OffsetsDays, [PersonalData(false)] string SendTime, int EscalationDays) : IKommuneEvent;

/// <summary>
/// The reminders of a milestone, planned at the instant the milestone was planned, rescheduled or
/// the policy changed. <paramref name="Plan"/> counts the plans of this milestone; a newer plan
/// supersedes every reminder of the older ones. Reminders already past when planned are left out.
/// </summary>
public sealed record RemindersPlanned(string KommuneId, Guid MilestoneId, int Plan, IReadOnlyList<PlannedReminder> Reminders) : IKommuneEvent;

/// <summary>One reminder (Kind: <see cref="ReminderKinds"/>).</summary>
public sealed record PlannedReminder([PersonalData(false)] string Key, [PersonalData(false)] string Kind, int OffsetDays, DateTimeOffset FireAt);

/// <summary>The SMTP server accepted the reminder. Recipient is "stelle:UNIT" or "person:ID"; the Message-ID is stable per reminder.</summary>
public sealed record ReminderSent(string KommuneId, Guid MilestoneId, [PersonalData(false)] string ReminderKey, [PersonalData(false)] string Recipient, [PersonalData(false)] string MessageId, int Attempt) : IKommuneEvent;

/// <summary>A delivery attempt failed (the error without addresses); Hangfire retries with backoff.</summary>
public sealed record ReminderDeliveryFailed(string KommuneId, Guid MilestoneId, [PersonalData(false)] string ReminderKey, int Attempt, [PersonalData(false)] string Error) : IKommuneEvent;

/// <summary>The reminder was given up after its last attempt (<paramref name="Attempts"/> in all): no more tries; Reason without addresses.</summary>
public sealed record ReminderAbandoned(string KommuneId, Guid MilestoneId, [PersonalData(false)] string ReminderKey, int Attempts, [PersonalData(false)] string Reason) : IKommuneEvent;

/// <summary>
/// The Kommune's cap of mails per Berlin calendar day (<paramref name="Cap"/>) was reached on
/// <paramref name="Day"/>: the mail was held back — a milestone's reminder (this attempt counts
/// as one; it is retried later) or, with MilestoneId null, a unit address confirmation.
/// </summary>
public sealed record DailyMailCapReached(string KommuneId, DateOnly Day, int Cap, Guid? MilestoneId, [PersonalData(false)] string? ReminderKey, int Attempt) : IKommuneEvent;

// ---- Links of the Kommune (ids, purpose and subject — never the token, never its hash) ---------

/// <summary>
/// A link was issued for the Kommune (a respondent's questionnaire link, a calendar feed): what it
/// opens (<paramref name="Subject"/> within <paramref name="Purpose"/>) and until when.
/// </summary>
public sealed record LinkIssued(string KommuneId, Guid LinkId, [PersonalData(false)] string Purpose, [PersonalData(false)] string Subject, DateTimeOffset ExpiresAt) : IKommuneEvent;

/// <summary>A link of the Kommune stopped working before it expired: revoked by hand (Reason null) or replaced by a new one.</summary>
public sealed record LinkRevoked(string KommuneId, Guid LinkId, [PersonalData(false)] string? Reason) : IKommuneEvent;

// ---- #14 seed exactness: provenance of answers, contributing units, scoring scheme, documentation frame ----

/// <summary>
/// Answers of a respondent were reconstructed, not documented (e.g. imported so that a documented level
/// is reached where the documentation gives no answers): every place that shows them says "rekonstruiert".
/// </summary>
public sealed record AnswersMarkedReconstructed(
    string KommuneId, int Round, Guid RespondentId, [PersonalData(false)] IReadOnlyList<string> Criteria, [PersonalData(false)] string Reason) : IKommuneEvent;

/// <summary>
/// Units of the administration worked on the answers a respondent (e.g. the steering group) submitted:
/// they took part in the round, without answers of their own — not non-responders.
/// </summary>
public sealed record ContributorsRecorded(string KommuneId, int Round, Guid RespondentId, [PersonalData(false)] string Respondent, IReadOnlyList<ContributingUnit> Units) : IKommuneEvent;

/// <summary>A unit that contributed to a respondent's answers, with its Dezernat (department) if known.</summary>
public sealed record ContributingUnit([PersonalData(false)] string Unit, [PersonalData(false)] string? Dezernat);

/// <summary>
/// The scoring scheme (id and version) the Kommune's rounds are evaluated under when closed; both null:
/// the programme's configured scheme again.
/// </summary>
public sealed record ScoringSchemeConfigured(string KommuneId, [PersonalData(false)] string? Scheme, [PersonalData(false)] string? SchemeVersion) : IKommuneEvent;

/// <summary>
/// The frame of a workshop's documentation, replaced as a whole: the welcome (by role), the programme's
/// partners, who presented the project, aims and results (by role or organisation), the Leitmotiv,
/// field titles as the workshop used them, the annex. People by role only (or as person ids).
/// </summary>
public sealed record WorkshopFrameRecorded(string KommuneId, Guid WorkshopId, DocumentationFrame Frame) : IKommuneEvent;

public sealed record DocumentationFrame(
    Address? Welcome,
    IReadOnlyList<ProgrammePartner> Partners,
    Address? Project,
    [PersonalData(false)] string? AimsBy,
    [PersonalData(false)] string? Leitmotiv,
    [PersonalData(false)] string? LeitmotivBy,
    [PersonalData(false)] string? ResultsBy,
    [PersonalData(false)] IReadOnlyDictionary<int, string>? FieldTitles,
    [PersonalData(false)] string? Annex);

/// <summary>A speech or presentation: by whom (a role or an organisation, never a name), its points.</summary>
public sealed record Address([PersonalData(false)] string By, [PersonalData(false)] IReadOnlyList<string> Points);

/// <summary>A partner of the programme present at the workshop: organisation and role; a person only as id.</summary>
public sealed record ProgrammePartner([PersonalData(false)] string Organisation, [PersonalData(false)] string Role, [PersonalData(false)] string? Note, Guid? PersonId);

// ---- #14 open survey: respondents outside the administration, the open survey link, interviews ---

/// <summary>
/// A respondent outside the administration joined a round of another actor group: an organisation of
/// that group (by the name it is listed under), or a person (<paramref name="ContactPersonId"/>, the
/// record in the personal schema; the label then says "Einzelperson"). Not a unit of the Kommune.
/// </summary>
public sealed record ExternalRespondentAdded(
    string KommuneId,
    int Round,
    Guid RespondentId,
    [PersonalData(false)] string Organisation,
    Guid? ContactPersonId,
    Guid LinkId) : IKommuneEvent;

/// <summary>
/// The round's open survey link ("offene Befragung") was created, or replaced (the old one is revoked
/// in the same step): anyone holding it may start an anonymous response, as long as the round has
/// fewer than <paramref name="Capacity"/> of them and the link has not expired.
/// </summary>
public sealed record OpenSurveyLinkCreated(string KommuneId, int Round, Guid LinkId, int Capacity, DateTimeOffset ExpiresAt) : IKommuneEvent;

/// <summary>
/// An anonymous response was started through the round's open survey link (one per browser session;
/// neither the session nor any address is stored — the actor is the link). The respondent id is the
/// server's. A session is no proof of one person.
/// </summary>
public sealed record OpenResponseStarted(string KommuneId, int Round, Guid RespondentId, Guid LinkId) : IKommuneEvent;

/// <summary>The summary of the qualitative interviews on one field of an interview round (free text: sealed in the vault); not scored.</summary>
public sealed record InterviewSummaryRecorded(string KommuneId, int Round, int Field, PersonalRef Summary, long Version) : IKommuneEvent;

// ---- #14 benchmark: synthetic Kommunen (demo data, marked wherever they appear) ----------------

/// <summary>The Kommune is synthetic: made up for the demo (e.g. to let the benchmark show a distribution), not a real Kommune.</summary>
public sealed record KommuneMarkedSynthetic(string KommuneId, [PersonalData(false)] string Purpose) : IKommuneEvent;

// ---- #15 H3 programme Kommunen: master data changed -----------------------------------------

/// <summary>
/// The programme team changed the Kommune's master data: the event carries the whole master data as it is
/// from now on (name, kind, Land, cohort — null: none —, start date, official municipality key). The id never changes.
/// </summary>
public sealed record KommuneMasterDataChanged(
    string KommuneId,
    [PersonalData(false)] string Name,
    [PersonalData(false)] string Kind,
    [PersonalData(false)] string Bundesland,
    [PersonalData(false)] string? Cohort,
    DateOnly? StartDate,
    [PersonalData(false)] string? Ags) : IKommuneEvent;

// ---- #15 H2 workshop results: a recorded working group's lists revised ----------------------

/// <summary>
/// A recorded working group's three lists, replaced as a whole (as they stand now). Handlungsbedarfe new to the
/// group become action items (ActionItemAdded follows in the same commit); those no longer in the list keep their
/// action items — they are named in <paramref name="LeftInActionPlan"/>, never deleted.
/// </summary>
public sealed record WorkingGroupRevised(
    string KommuneId,
    Guid WorkshopId,
    int Field,
    IReadOnlyList<ListItem> WhatWorks,
    IReadOnlyList<ListItem> WhatDoesNotWorkYet,
    IReadOnlyList<ListItem> NeedsForAction,
    [PersonalData(false)] IReadOnlyList<string> LeftInActionPlan) : IKommuneEvent;
