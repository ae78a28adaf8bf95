using System.Security.Cryptography;
using System.Text;
using Selbstcheck.Workflow.Erinnerungen;
using Selbstcheck.Workflow.Fragebogen;
using Selbstcheck.Workflow.Teilnahme;
using Selbstcheck.Workflow.Workshop;

namespace Selbstcheck.Workflow.Meilensteine;

/// <summary>
/// Programme milestones (#6): a round's deadline and the workshop date become milestones of the
/// lead office, with reminders like any other, and follow their round or workshop — a rescheduled
/// workshop reschedules its milestone, a held workshop or a closed round completes it, a cancelled
/// workshop cancels it. Their ids derive from the round or workshop, so they are found again.
/// </summary>
public static class ProgrammeMilestones
{
    public const string RoundSource = "runde";
    public const string WorkshopSource = "workshop";

    public static Guid ForRound(string kommuneId, int round) => Derived($"{kommuneId}/runde/{round}");

    public static Guid ForWorkshop(string kommuneId, Guid workshopId) => Derived($"{kommuneId}/workshop/{workshopId}");

    /// <summary>The events of a round or workshop decision, followed by their programme milestones' events.</summary>
    public static IReadOnlyList<object> Follow(KommuneJourney state, IReadOnlyList<object> events, DateTimeOffset now)
    {
        var all = new List<object>(events);
        var owner = state.LeadOffice ?? "federführende Stelle";
        foreach (var e in events)
        {
            switch (e)
            {
                case RoundOpened { Deadline: { } deadline } r:
                    Plan(all, state, new MilestonePlanned(state.Id, ForRound(state.Id, r.Round), $"Frist Selbstcheck-Fragebogen, Runde {r.Round} ({r.ActorGroup})",
                        "Befragung", owner, null, deadline.ToString("yyyy-MM-dd"), null, r.Fields, [], null, RoundSource), now);
                    break;
                case RoundClosed r:
                    Close(all, state, ForRound(state.Id, r.Round), cancel: null);
                    break;
                case WorkshopScheduled w:
                    Plan(all, state, new MilestonePlanned(state.Id, ForWorkshop(state.Id, w.WorkshopId), w.Title, "Workshop", owner, null, null, w.StartsAt,
                        [], [], null, WorkshopSource), now);
                    break;
                case WorkshopRescheduled w when Open(state, ForWorkshop(state.Id, w.WorkshopId)) is { } m:
                    all.Add(new MilestoneRescheduled(state.Id, m.Id, null, w.StartsAt, w.Reason, m.Version + 1));
                    all.Add(ReminderDecisions.Plan(state, m.Id, m.Plan + 1, null, w.StartsAt, now));
                    break;
                case WorkshopCancelled w:
                    Close(all, state, ForWorkshop(state.Id, w.WorkshopId), cancel: w.Reason);
                    break;
                case WorkshopHeld w:
                    Close(all, state, ForWorkshop(state.Id, w.WorkshopId), cancel: null);
                    break;
            }
        }

        return all;
    }

    private static void Plan(List<object> all, KommuneJourney state, MilestonePlanned planned, DateTimeOffset now)
    {
        if (state.Milestones.ContainsKey(planned.MilestoneId)) return;
        all.Add(planned);
        all.Add(ReminderDecisions.Plan(state, planned.MilestoneId, 1, planned.DueDate, planned.DueAt, now));
    }

    private static void Close(List<object> all, KommuneJourney state, Guid id, string? cancel)
    {
        if (Open(state, id) is not { } m) return;
        all.Add(cancel is null ? new MilestoneCompleted(state.Id, id, m.Version + 1) : new MilestoneCancelled(state.Id, id, cancel, m.Version + 1));
    }

    private static MilestoneState? Open(KommuneJourney state, Guid id) =>
        state.Milestones.GetValueOrDefault(id) is { Status: MilestoneStatus.Offen } m ? m : null;

    private static Guid Derived(string name)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes("selbstcheck:" + name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30); // RFC 4122 version 3 (name-based, MD5)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }
}
