using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Erinnerungen;

// Reminders for milestones (#6). Pinned by snapshot tests. Recipients are named by role and unit
// (functional addresses) or by person id, never by a person's name or email.

/// <summary>The Kommune's reminder policy: days before due, the send time for all-day dues, days until the facilitator is escalated to.</summary>
public sealed record ReminderPolicySet(string KommuneId, IReadOnlyList<int> OffsetsDays, string SendTime, int EscalationDays) : IKommuneEvent;

/// <summary>
/// The reminders of a milestone, planned at the instant the milestone was planned, rescheduled or
/// the policy changed. <paramref name="Plan"/> counts the plans of this milestone; a newer plan
/// supersedes every reminder of the older ones. Reminders already past when planned are left out.
/// </summary>
public sealed record RemindersPlanned(string KommuneId, Guid MilestoneId, int Plan, IReadOnlyList<PlannedReminder> Reminders) : IKommuneEvent;

/// <summary>One reminder: Kind is vorab (days before), faellig (on the due), ueberfaellig (planned after the due), eskalation (to the facilitator).</summary>
public sealed record PlannedReminder(string Key, string Kind, int OffsetDays, DateTimeOffset FireAt);

/// <summary>The SMTP server accepted the reminder. Recipient is "stelle:UNIT" or "person:ID"; the Message-ID is stable per reminder.</summary>
public sealed record ReminderSent(string KommuneId, Guid MilestoneId, string ReminderKey, string Recipient, string MessageId, int Attempt) : IKommuneEvent;

/// <summary>A delivery attempt failed (the error without addresses); Hangfire retries with backoff.</summary>
public sealed record ReminderDeliveryFailed(string KommuneId, Guid MilestoneId, string ReminderKey, int Attempt, string Error) : IKommuneEvent;

public static class ReminderKinds
{
    public const string Vorab = "vorab";
    public const string Faellig = "faellig";
    public const string Ueberfaellig = "ueberfaellig";
    public const string Eskalation = "eskalation";
}
