namespace Selbstcheck.Workflow.Journey;

// The values events and views carry, one definition each. They are German where a user reads them
// as they are ("offen", "Dialogveranstaltung"); they are stored, so they never change.

/// <summary>The status of an action item, and its transitions (issue #5).</summary>
public static class ActionStatus
{
    public const string Offen = "offen";
    public const string InArbeit = "in Arbeit";
    public const string Erledigt = "erledigt";
    public const string Verworfen = "verworfen";

    public static readonly IReadOnlyList<string> All = [Offen, InArbeit, Erledigt, Verworfen];

    /// <summary>offen → in Arbeit → erledigt; offen → erledigt; open → verworfen; erledigt/verworfen → offen.</summary>
    public static IReadOnlyList<string> AllowedFrom(string status) => status switch
    {
        Offen => [InArbeit, Erledigt, Verworfen],
        InArbeit => [Erledigt, Verworfen],
        Erledigt => [Offen],
        Verworfen => [Offen],
        _ => [],
    };

    public static bool NeedsReason(string from, string to) => to == Verworfen || (to == Offen && from is Erledigt or Verworfen);

    public static bool IsOpen(string status) => status is Offen or InArbeit;

    public static string? Normalize(string? s) => All.FirstOrDefault(a => string.Equals(a, s?.Trim(), StringComparison.OrdinalIgnoreCase));
}

/// <summary>The status of a milestone.</summary>
public static class MilestoneStatus
{
    public const string Offen = "offen";
    public const string Erledigt = "erledigt";
    public const string Abgesagt = "abgesagt";
}

/// <summary>The kinds of agreed next steps (Vereinbarungen) and so of milestones.</summary>
public static class MilestoneKinds
{
    public const string Dialogveranstaltung = "Dialogveranstaltung";
    public const string Workshop = "Workshop";
    public const string Dokumentation = "Dokumentation";
    public const string Befragung = "Befragung";
    public const string Sonstiges = "Sonstiges";

    public static readonly IReadOnlyList<string> All = [Dialogveranstaltung, Workshop, Dokumentation, Befragung, Sonstiges];
}

/// <summary>Where a programme milestone comes from; milestones planned by people have none.</summary>
public static class MilestoneSources
{
    public const string Round = "runde";
    public const string Workshop = "workshop";

    // #14 reminders: the follow-up milestone of an action item with a due date.
    public const string ActionItem = "handlungsbedarf";
}

/// <summary>vorab (days before), faellig (on the due), ueberfaellig (planned after the due), eskalation (to the facilitator).</summary>
public static class ReminderKinds
{
    public const string Vorab = "vorab";
    public const string Faellig = "faellig";
    public const string Ueberfaellig = "ueberfaellig";
    public const string Eskalation = "eskalation";
}

/// <summary>A planned reminder as the milestone view shows it.</summary>
public static class ReminderStatus
{
    public const string Geplant = "geplant";
    public const string Gesendet = "gesendet";

    /// <summary>The milestone was completed or cancelled before the reminder fired.</summary>
    public const string Entfallen = "entfallen";

    /// <summary>Held back: the Kommune reached its daily mail cap; it is tried again later.</summary>
    public const string Zurueckgehalten = "zurueckgehalten";

    /// <summary>Given up after its last attempt (ReminderAbandoned).</summary>
    public const string Aufgegeben = "aufgegeben";
}

/// <summary>What needs attention about a milestone's reminders (the milestone view and the facilitator board show them).</summary>
public static class ReminderAlerts
{
    /// <summary>A reminder was given up after its last attempt (ReminderAbandoned).</summary>
    public const string Aufgegeben = "erinnerung-aufgegeben";

    /// <summary>The Kommune reached its daily mail cap; a reminder was held back (DailyMailCapReached).</summary>
    public const string Tageshoechstzahl = "tageshoechstzahl-erreicht";
}

/// <summary>Where a workshop stands.</summary>
public static class WorkshopStatus
{
    public const string Geplant = "geplant";
    public const string Stattgefunden = "stattgefunden";
    public const string Abgesagt = "abgesagt";

    public static string Of(bool held, bool cancelled) => cancelled ? Abgesagt : held ? Stattgefunden : Geplant;
}

/// <summary>
/// The lists of a workshop that are recorded as a whole, each an item with its own version (the
/// names are the keys of a workshop's <c>versions</c> in the API).
/// </summary>
public static class WorkshopLists
{
    public const string Agenda = "agenda";
    public const string Participants = "participants";
    public const string Understanding = "understanding";
    public const string Priorities = "priorities";
    public const string Agreements = "agreements";
    public const string Feedback = "feedback";

    // #14 seed exactness: the documentation frame (welcome, partners, presenters, Leitmotiv, annex).
    public const string Frame = "frame";

    /// <summary>A working group's lists (recorded once per prioritised field).</summary>
    public static string WorkingGroup(int field) => $"working-group-{field}";
}

/// <summary>The actor group of the administration's own rounds (the default of a new round).</summary>
public static class ActorGroups
{
    public const string Verwaltung = "Verwaltung";
}

/// <summary>The sectors workshop participants come from.</summary>
public static class Sectors
{
    public static readonly IReadOnlyList<string> All = ["Verwaltung", "Politik", "Zivilgesellschaft", "Wirtschaft",
        // #14 seed exactness: the programme's partners and the facilitation are neither administration nor civil society.
        ProgrammeAndPartners, Facilitation];

    public const string ProgrammeAndPartners = "Programm und Partner";
    public const string Facilitation = "Moderation und Prozessbegleitung";
}

/// <summary>A full round asks the whole catalogue, a short one a named short form of it.</summary>
public static class RoundKinds
{
    public const string Full = "full";
    public const string Short = "short";
}

/// <summary>Why a round was evaluated.</summary>
public static class EvaluationReasons
{
    public const string Closed = "abgeschlossen";
    public const string Consensus = "konsens";
    public const string Rescored = "neu-bewertet";
}

/// <summary>What a change in an action item's history changed (the action plan's item history).</summary>
public static class ActionItemChanges
{
    public const string Status = "status";
    public const string Owner = "verantwortlich";
    public const string Due = "faellig";
}

// #14 seed exactness: how provenance and contributions are shown.
public static class Provenance
{
    /// <summary>The word every place showing a reconstructed answer uses.</summary>
    public const string Reconstructed = "rekonstruiert";

    /// <summary>What "zieht das Handlungsfeld nach unten" means, wherever it is shown.</summary>
    public const string PullsDownExplained =
        "„Zieht das Handlungsfeld nach unten“: ohne dieses Kriterium läge das Handlungsfeld eine Stufe höher.";
}

// #14 open survey: the open survey link, respondents outside the administration, interview rounds.

/// <summary>The open survey of a round: anonymous responses through one link per round (a session is no proof of one person).</summary>
public static class OpenSurvey
{
    /// <summary>How anonymous responses are labelled wherever they are shown or counted.</summary>
    public const string Label = "offene Befragung";

    /// <summary>The purpose of the round's open survey link.</summary>
    public const string LinkPurpose = "offene-befragung";

    /// <summary>Shown beside every count of anonymous responses.</summary>
    public const string Note = "Offene Befragung: Eine Browser-Sitzung ist kein Nachweis einer Person; anonyme Antworten können von derselben Person stammen.";

    /// <summary>
    /// The most responses one round's link may take (the configured default is lower: see the Host's
    /// OpenSurveySettings). Measured (bench/README.md, open survey): a save's cost grows by about 1 ms (p50)
    /// per response the round holds; at 1,000 a save would take over a second.
    /// </summary>
    public const int MaxCapacity = 1_000;

    /// <summary>The longest an open survey link may stay valid.</summary>
    public static readonly TimeSpan MaxValidity = TimeSpan.FromDays(180);

    /// <summary>The actor of everything done through the link: the link itself, never the browser or its address.</summary>
    public static string ActorOf(Guid linkId) => $"link-{linkId}";
}

/// <summary>Respondents outside the administration (rounds of another actor group): organisations or persons of that group.</summary>
public static class ExternalRespondents
{
    /// <summary>The label of a person named without an organisation (the person is in the personal schema).</summary>
    public const string Person = "Einzelperson";

    /// <summary>The administration's own rounds: respondents are its units.</summary>
    public static bool IsAdministration(string actorGroup) => string.Equals(actorGroup.Trim(), ActorGroups.Verwaltung, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Qualitative interviews: a round whose results are summaries per field instead of answers; not scored.</summary>
public static class InterviewRounds
{
    public const string Kind = "interview";

    public const int MaxSummary = 8000;
}
