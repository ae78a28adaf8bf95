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
    public static readonly IReadOnlyList<string> All = ["Verwaltung", "Politik", "Zivilgesellschaft", "Wirtschaft"];
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
