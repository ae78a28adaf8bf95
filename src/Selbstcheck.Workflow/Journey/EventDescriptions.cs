using System.Globalization;
using Selbstcheck.Workflow.Programme;

namespace Selbstcheck.Workflow.Journey;

/// <summary>
/// One short German sentence per event type, for the auditor's history: what happened, from the
/// payload alone. Units, fields, criteria, titles and ids only — never free text that may name a
/// person (comments, notes, reasons, moderation, agenda speakers, participants), never a name or
/// an email. Every type in <see cref="EventTypes"/> has its entry here (a test holds it).
/// </summary>
public static class EventDescriptions
{
    private static readonly Dictionary<Type, Func<object, string>> Describers = new[]
    {
        On<KommuneRegistered>(e => e.Cohort is null
            ? $"Kommune registriert: {e.Name} ({e.Kind}, {e.Bundesland}), ohne Jahrgang"
            : $"Kommune registriert: {e.Name} ({e.Kind}, {e.Bundesland}), Jahrgang {e.Cohort}"),
        On<FacilitatorAssigned>(e => e.PreviousPersonId is null
            ? $"Prozessbegleitung zugewiesen: Person {e.PersonId}"
            : $"Prozessbegleitung gewechselt: Person {e.PersonId} statt {e.PreviousPersonId}"),
        On<LeadOfficeNamed>(e => $"Federführende Stelle benannt: {e.Unit}"),
        On<UnitAdded>(e => e.Email is null ? $"Stelle hinzugefügt: {e.Unit}" : $"Stelle hinzugefügt: {e.Unit}, mit Funktionsadresse"),
        On<UnitEmailChanged>(e => e.Email is null ? $"Funktionsadresse entfernt: {e.Unit}" : $"Funktionsadresse geändert: {e.Unit}"),
        On<UnitEmailConfirmationRequested>(e => $"Bestätigung der Funktionsadresse angefordert: {e.Unit}"),
        On<UnitEmailConfirmed>(e => $"Funktionsadresse bestätigt: {e.Unit}"),

        On<RoundOpened>(e => $"Befragungsrunde {e.Round} eröffnet: {Count(e.Criteria.Count, "Kriterium", "Kriterien")} ({e.ActorGroup}, Katalog {e.CatalogueId} {e.CatalogueVersion})"),
        On<RespondentAdded>(e => $"Befragte Stelle hinzugefügt: {e.Unit} in Runde {e.Round}"),
        On<AnswerRecorded>(e => $"Antwort erfasst: Kriterium {e.Criterion} in HF {Field(e.Criterion)}, „{e.Answer}“ (Runde {e.Round}, Befragte {e.RespondentId}{(e.OnBehalf ? ", stellvertretend" : "")})"),
        On<AnswersSubmitted>(e => $"Antworten abgegeben: Befragte {e.RespondentId} in Runde {e.Round}{(e.OnBehalf ? ", stellvertretend" : "")}"),
        On<ConsensusRecorded>(e => $"Konsens erfasst: Kriterium {e.Criterion} in HF {Field(e.Criterion)}, „{e.Answer}“ (Runde {e.Round})"),
        On<RoundClosed>(e => $"Befragungsrunde {e.Round} geschlossen"),
        On<RoundEvaluated>(e => $"Befragungsrunde {e.Round} ausgewertet"),
        On<CommentaryRecorded>(e => e.Field is { } field ? $"Kommentierung erfasst: HF {field} (Runde {e.Round})" : $"Gesamtkommentierung erfasst (Runde {e.Round})"),

        On<WorkshopScheduled>(e => $"Workshop geplant: „{e.Title}“ am {DateTimeText(e.StartsAt)}{(e.Online ? ", online" : "")}"),
        On<WorkshopRescheduled>(e => $"Workshop verlegt: auf {DateTimeText(e.StartsAt)}{(e.Online ? ", online" : "")} (Workshop {e.WorkshopId})"),
        On<WorkshopCancelled>(e => $"Workshop abgesagt (Workshop {e.WorkshopId})"),
        On<WorkshopHeld>(e => $"Workshop durchgeführt (Workshop {e.WorkshopId})"),
        On<WorkshopAgendaSet>(e => $"Ziele und Ablauf festgelegt: {Count(e.Goals.Count, "Ziel", "Ziele")}, {Count(e.Items.Count, "Programmpunkt", "Programmpunkte")}"),
        On<WorkshopParticipantsRecorded>(e => $"Teilnehmende erfasst: {Count(e.Institutions.Count, "Institution", "Institutionen")}"),
        On<UnderstandingRecorded>(e => $"Verständnis von Weltoffenheit erfasst: {Count(e.Statements.Count, "Aussage", "Aussagen")}"),
        On<PrioritiesConfirmed>(e => $"Prioritäten bestätigt: HF {string.Join(", ", e.Fields)}"),
        On<WorkingGroupRecorded>(e => $"Arbeitsgruppe zu HF {e.Field} erfasst: {Count(e.NeedsForAction.Count, "Handlungsbedarf", "Handlungsbedarfe")}"),
        On<AgreementsRecorded>(e => $"Vereinbarungen erfasst: {Count(e.Agreements.Count, "Vereinbarung", "Vereinbarungen")}"),
        On<FeedbackRecorded>(e => $"Rückmeldungen erfasst: {Count(e.Items.Count, "Rückmeldung", "Rückmeldungen")}"),

        On<ActionItemAdded>(e => $"Handlungsbedarf aufgenommen: HF {e.Field}, zuständig {e.Owner}{(e.Due is null ? "" : $", bis {DateText(e.Due)}")}"),
        On<ActionItemPlanned>(e => $"Handlungsbedarf geplant: zuständig {e.Owner}{(e.Due is null ? "" : $", bis {DateText(e.Due)}")} (Handlungsbedarf {e.ActionItemId}){(e.Reason is null ? "" : " — mit Begründung")}"),
        On<ActionItemStatusChanged>(e => $"Status geändert: {e.From} → {e.To} (Handlungsbedarf {e.ActionItemId})"),
        On<ActionItemNoted>(e => $"Notiz erfasst (Handlungsbedarf {e.ActionItemId})"),

        On<MilestonePlanned>(e => $"Meilenstein geplant: „{e.Title}“ am {DueText(e.DueDate, e.DueAt)}, zuständig {e.Owner}"),
        On<MilestoneRescheduled>(e => $"Meilenstein verschoben: auf {DueText(e.DueDate, e.DueAt)} (Meilenstein {e.MilestoneId})"),
        On<MilestoneCompleted>(e => $"Meilenstein erledigt (Meilenstein {e.MilestoneId})"),
        On<MilestoneCancelled>(e => $"Meilenstein abgesagt (Meilenstein {e.MilestoneId})"),

        On<ReminderPolicySet>(e => $"Erinnerungsregel festgelegt: {string.Join(", ", e.OffsetsDays)} Tage vorher um {e.SendTime} Uhr, Eskalation nach {Count(e.EscalationDays, "Tag", "Tagen")}"),
        On<RemindersPlanned>(e => $"Erinnerungen geplant: {Count(e.Reminders.Count, "Erinnerung", "Erinnerungen")} (Meilenstein {e.MilestoneId})"),
        On<ReminderSent>(e => $"Erinnerung versandt an {RecipientText(e.Recipient)} (Meilenstein {e.MilestoneId}, Versuch {e.Attempt})"),
        On<ReminderDeliveryFailed>(e => $"Zustellung einer Erinnerung fehlgeschlagen (Meilenstein {e.MilestoneId}, Versuch {e.Attempt})"),
        On<ReminderAbandoned>(e => $"Erinnerung aufgegeben nach {Count(e.Attempts, "Versuch", "Versuchen")} (Meilenstein {e.MilestoneId})"),
        On<PersonalDataRedacted>(e => $"Personenbezogener Wert gelöscht (Wert {e.Ref})"),
        On<Programme.PersonErased>(e => $"Personenbezogene Daten gelöscht: Person {e.PersonId}"),
        On<DailyMailCapReached>(e => $"Tagesgrenze von {Count(e.Cap, "Mail", "Mails")} am {e.Day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)} erreicht: Mail zurückgestellt"),
        On<LinkIssued>(e => $"{LinkText(e.Purpose)} ausgestellt: {e.Subject}, gültig bis {InstantText(e.ExpiresAt)} (Link {e.LinkId})"),
        On<LinkRevoked>(e => e.Reason is null ? $"Link widerrufen (Link {e.LinkId})" : $"Link widerrufen: {e.Reason} (Link {e.LinkId})"),
        // #14 benchmark: synthetic demo Kommunen.
        On<KommuneMarkedSynthetic>(e => $"Als synthetische Kommune gekennzeichnet: {e.Purpose}"),

        // #14 open survey: external respondents, the open survey link, interview summaries.
        On<ExternalRespondentAdded>(e => $"Befragte außerhalb der Verwaltung hinzugefügt: {e.Organisation} in Runde {e.Round}"),
        On<OpenSurveyLinkCreated>(e => $"Link der offenen Befragung erstellt: Runde {e.Round}, höchstens {Count(e.Capacity, "Antwort", "Antworten")}, gültig bis {InstantText(e.ExpiresAt)} (Link {e.LinkId})"),
        On<OpenResponseStarted>(e => $"Anonyme Antwort der offenen Befragung begonnen: Befragte {e.RespondentId} in Runde {e.Round}"),
        On<InterviewSummaryRecorded>(e => $"Zusammenfassung der Interviews erfasst: HF {e.Field} (Runde {e.Round})"),

        On<CatalogueImported>(e => $"Katalog importiert: {e.CatalogueId} Version {e.Version}{(e.Outcome == "replaced" ? ", ersetzt die ungenutzte Fassung" : "")} (SHA-256 {e.Sha256[..Math.Min(12, e.Sha256.Length)]}…)"),
        On<ScoringSchemeImported>(e => $"Bewertungsschema importiert: {e.SchemeId} Version {e.Version} (SHA-256 {e.Sha256[..Math.Min(12, e.Sha256.Length)]}…)"),
        On<PersonRegistered>(e => $"Person angelegt: Person {e.PersonId}"),
        On<UserAdded>(e => $"Nutzer aufgenommen: {e.UserId}{(e.Role is null ? "" : $", Rolle {e.Role}")}{(e.KommuneId is null ? "" : $", Kommune {e.KommuneId}")}"),
        On<PersonLinkIssued>(e => $"{LinkText(e.Purpose)} für Person {e.PersonId} ausgestellt, gültig bis {InstantText(e.ExpiresAt)} (Link {e.LinkId})"),
        On<PersonLinkRevoked>(e => $"Link für Person {e.PersonId} widerrufen (Link {e.LinkId})"),

        // #14 seed exactness: provenance of answers, contributing units, scoring scheme, documentation frame.
        On<AnswersMarkedReconstructed>(e => $"Antworten als rekonstruiert gekennzeichnet: {Count(e.Criteria.Count, "Kriterium", "Kriterien")} (Runde {e.Round}, Befragte {e.RespondentId})"),
        On<ContributorsRecorded>(e => $"Beteiligte Stellen erfasst: {Count(e.Units.Count, "Stelle", "Stellen")} (Runde {e.Round}, Befragte {e.RespondentId})"),
        On<ScoringSchemeConfigured>(e => e.Scheme is null
            ? "Bewertungsschema der Kommune zurückgesetzt: das des Programms gilt"
            : $"Bewertungsschema der Kommune festgelegt: {e.Scheme} Version {e.SchemeVersion}"),
        On<WorkshopFrameRecorded>(e => $"Rahmen der Workshop-Dokumentation erfasst: {Count(e.Frame.Partners.Count, "Partner", "Partner")} (Workshop {e.WorkshopId})"),

        // #15 H3 programme Kommunen: master data changed.
        On<KommuneMasterDataChanged>(e => $"Stammdaten geändert: {e.Name} ({e.Kind}, {e.Bundesland}), "
            + (e.Cohort is null ? "ohne Jahrgang" : $"Jahrgang {e.Cohort}")
            + (e.Ags is null ? ", ohne Gemeindeschlüssel" : $", Gemeindeschlüssel {e.Ags}")
            + (e.StartDate is { } start ? $", Beginn {start.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}" : ", ohne Beginn")),
        // #15 H4 programme people + users.
        On<PersonChanged>(e => $"Personendaten geändert: Person {e.PersonId} (Version {e.Version})"),
        On<UserRenamed>(e => $"Angezeigter Name im Nutzerverzeichnis geändert: {e.UserId} (Version {e.Version})"),
        On<UserErased>(e => $"Eintrag im Nutzerverzeichnis gelöscht: {e.UserId}"),
        // #15 H2 workshop results: a recorded working group's lists revised.
        On<WorkingGroupRevised>(e => $"Arbeitsgruppe zu HF {e.Field} überarbeitet: {Count(e.NeedsForAction.Count, "Handlungsbedarf", "Handlungsbedarfe")}"
            + (e.LeftInActionPlan.Count == 0 ? "" : $", {Count(e.LeftInActionPlan.Count, "Handlungsbedarf", "Handlungsbedarfe")} aus der Liste genommen (bleiben im Aktionsplan)")),
    }.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>The event types that have a description.</summary>
    public static IReadOnlyCollection<Type> Described => Describers.Keys;

    /// <summary>The German sentence for an event (a generic one for a type without an entry, which a test forbids).</summary>
    public static string Describe(object @event) =>
        Describers.TryGetValue(@event.GetType(), out var describe) ? describe(@event) : "Ereignis erfasst";

    private static KeyValuePair<Type, Func<object, string>> On<T>(Func<T, string> describe) =>
        KeyValuePair.Create<Type, Func<object, string>>(typeof(T), e => describe((T)e));

    private static string Count(int n, string one, string many) => n == 1 ? $"1 {one}" : $"{n} {many}";

    /// <summary>The field (Handlungsfeld) of a criterion id such as "5.2".</summary>
    private static string Field(string criterion)
    {
        var dot = criterion.IndexOf('.');
        return dot > 0 ? criterion[..dot] : criterion;
    }

    /// <summary>"2020-10-08" → "08.10.2020" (other text unchanged).</summary>
    private static string DateText(string date) =>
        DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)
            : date;

    /// <summary>"2020-10-08T18:00" → "08.10.2020, 18:00 Uhr" (other text unchanged).</summary>
    private static string DateTimeText(string local) =>
        Common.BerlinTime.TryParseLocal(local, out var t)
            ? $"{t.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}, {t.ToString("HH:mm", CultureInfo.InvariantCulture)} Uhr"
            : local;

    private static string DueText(string? dueDate, string? dueAt) =>
        dueDate is not null ? DateText(dueDate) : dueAt is not null ? DateTimeText(dueAt) : "ohne Termin";

    private static string LinkText(string purpose) => purpose switch
    {
        "befragung" => "Befragungslink",
        "kalender" => "Kalenderlink",
        "offene-befragung" => "Link der offenen Befragung",
        _ => $"Link ({purpose})",
    };

    /// <summary>An instant as Berlin date and time: "08.10.2020, 18:00 Uhr".</summary>
    private static string InstantText(DateTimeOffset at)
    {
        var local = TimeZoneInfo.ConvertTime(at, Common.BerlinTime.Zone);
        return $"{local.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)}, {local.ToString("HH:mm", CultureInfo.InvariantCulture)} Uhr";
    }

    /// <summary>"stelle:UNIT" or "person:ID" (never a name or an address).</summary>
    private static string RecipientText(string recipient) => recipient switch
    {
        _ when recipient.StartsWith("stelle:", StringComparison.Ordinal) => $"Stelle {recipient["stelle:".Length..]}",
        _ when recipient.StartsWith("person:", StringComparison.Ordinal) => $"Person {recipient["person:".Length..]}",
        _ => "eine Stelle",
    };
}
