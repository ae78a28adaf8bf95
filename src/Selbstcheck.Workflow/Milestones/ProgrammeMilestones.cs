using System.Security.Cryptography;
using System.Text;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Reminders;

namespace Selbstcheck.Workflow.Milestones;

/// <summary>
/// Programme milestones (#6): a round's deadline and the workshop date become milestones of the
/// lead office, with reminders like any other, and follow their round or workshop — a rescheduled
/// workshop reschedules its milestone, a held workshop or a closed round completes it, a cancelled
/// workshop cancels it. The round and workshop decisions call these; their ids derive from the
/// round or workshop, so the decisions find them again.
/// </summary>
public static class ProgrammeMilestones
{
    public static Guid ForRound(string kommuneId, int round) => Derived($"{kommuneId}/runde/{round}");

    public static Guid ForWorkshop(string kommuneId, Guid workshopId) => Derived($"{kommuneId}/workshop/{workshopId}");

    /// <summary>A round opened with a deadline: the deadline as the lead office's milestone.</summary>
    public static IReadOnlyList<object> ForRoundDeadline(KommuneState kommune, RoundOpened opened, CommandContext context) =>
        opened.Deadline is { } deadline
            ? Plan(kommune, new MilestonePlanned(kommune.Id, ForRound(kommune.Id, opened.Round), $"Frist Selbstcheck-Fragebogen, Runde {opened.Round} ({opened.ActorGroup})",
                MilestoneKinds.Befragung, Owner(kommune), null, deadline.ToString("yyyy-MM-dd"), null, opened.Fields, [], null, MilestoneSources.Round), context)
            : [];

    /// <summary>A scheduled workshop: its date as the lead office's milestone.</summary>
    public static IReadOnlyList<object> ForWorkshopDate(KommuneState kommune, WorkshopScheduled scheduled, CommandContext context) =>
        Plan(kommune, new MilestonePlanned(kommune.Id, ForWorkshop(kommune.Id, scheduled.WorkshopId), scheduled.Title, MilestoneKinds.Workshop, Owner(kommune),
            null, null, scheduled.StartsAt, [], [], null, MilestoneSources.Workshop), context);

    /// <summary>The milestone, if still open, moves with its origin; its reminders are planned anew.</summary>
    public static IReadOnlyList<object> Reschedule(KommuneState kommune, MilestoneState? milestone, string? dueDate, string? dueAt, string reason, CommandContext context) =>
        milestone is { IsOpen: true } m ? m.Reschedule(kommune, dueDate, dueAt, reason, context) : [];

    /// <summary>The milestone, if still open, is done (round closed, workshop held).</summary>
    public static IReadOnlyList<object> Complete(MilestoneState? milestone) =>
        milestone is { IsOpen: true } m ? [m.Complete()] : [];

    /// <summary>The milestone, if still open, is cancelled with its origin.</summary>
    public static IReadOnlyList<object> Cancel(MilestoneState? milestone, string reason) =>
        milestone is { IsOpen: true } m ? [m.Cancel(reason)] : [];

    private static string Owner(KommuneState kommune) => kommune.LeadOffice ?? "federführende Stelle";

    private static IReadOnlyList<object> Plan(KommuneState kommune, MilestonePlanned planned, CommandContext context) =>
        [planned, .. ReminderPlanning.Plan(kommune, planned.MilestoneId, 1, planned.DueDate, planned.DueAt, context)];

    internal static Guid Derived(string name)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes("selbstcheck:" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30); // RFC 4122 version 3 (name-based, MD5)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }
}
