using JasperFx.Events;
using Marten.Events.Projections;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Projections.FacilitatorBoard;

/// <summary>
/// "What is due where?" — the facilitator's board, one line per Kommune, grouped by the Kommune every
/// event names (an asynchronous projection over all journey streams). The board endpoint lists the
/// lines of one facilitator; next milestone and overdue count are computed when read.
/// </summary>
public sealed class FacilitatorBoardEntry
{
    [PersonalData(false)] public string Id { get; set; } = "";

    [PersonalData(false)] public string Name { get; set; } = "";

    public Guid? FacilitatorId { get; set; }

    public PhaseFacts PhaseFacts { get; set; } = PhaseFacts.Empty;

    public Phase Phase { get; set; } = Phase.Teilnahme;

    public Dictionary<Guid, BoardMilestone> Milestones { get; set; } = [];

    public HashSet<Guid> OpenActionItems { get; set; } = [];

    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>The last Berlin day on which the Kommune's daily mail cap held a mail back.</summary>
    public DateOnly? MailCapReachedOn { get; set; }
}

public sealed class BoardMilestone
{
    [PersonalData(false)] public string Title { get; set; } = "";

    [PersonalData(false)] public string? DueDate { get; set; }

    [PersonalData(false)] public string? DueAt { get; set; }

    public bool Open { get; set; } = true;

    /// <summary>Keys of the reminders given up after their last attempt.</summary>
    [PersonalData(false)] public List<string> AbandonedReminders { get; set; } = [];
}

public partial class FacilitatorBoardProjection : MultiStreamProjection<FacilitatorBoardEntry, string>
{
    public FacilitatorBoardProjection()
    {
        Identity<IKommuneEvent>(e => e.KommuneId);
    }

    /// <summary>Marten calls the one evolve function below; so does the as-of replay (<see cref="Replay.JourneyReplay"/>).</summary>
    public override FacilitatorBoardEntry? Evolve(FacilitatorBoardEntry? snapshot, string id, IEvent e) => Evolve(snapshot, e);

    /// <summary>One event applied to a Kommune's board line: pure (no I/O, no clock). Before the registration nothing exists.</summary>
    public static FacilitatorBoardEntry? Evolve(FacilitatorBoardEntry? entry, IEvent e)
    {
        if (entry is null) return e is IEvent<KommuneRegistered> registered ? Created(registered) : null;
        if (e is IEvent<IKommuneEvent> journey) On(journey, entry);
        return entry;
    }

    private static FacilitatorBoardEntry Created(IEvent<KommuneRegistered> e) =>
        new() { Id = e.Data.KommuneId, Name = e.Data.Name, LastActivityAt = e.Timestamp };

    private static void On(IEvent<IKommuneEvent> e, FacilitatorBoardEntry entry)
    {
        entry.PhaseFacts = entry.PhaseFacts.After(e.Data);
        switch (e.Data)
        {
            case FacilitatorAssigned f:
                entry.FacilitatorId = f.PersonId;
                break;
            // #15 H3 programme Kommunen: a renamed Kommune shows its new name on the board.
            case KommuneMasterDataChanged m:
                entry.Name = m.Name;
                break;
            case ActionItemAdded a:
                entry.OpenActionItems.Add(a.ActionItemId);
                break;
            case ActionItemStatusChanged s when ActionStatus.IsOpen(s.To):
                entry.OpenActionItems.Add(s.ActionItemId);
                break;
            case ActionItemStatusChanged s:
                entry.OpenActionItems.Remove(s.ActionItemId);
                break;
            case MilestonePlanned m:
                entry.Milestones[m.MilestoneId] = new BoardMilestone { Title = m.Title, DueDate = m.DueDate, DueAt = m.DueAt };
                break;
            case MilestoneRescheduled m:
                entry.Milestones[m.MilestoneId].DueDate = m.DueDate;
                entry.Milestones[m.MilestoneId].DueAt = m.DueAt;
                break;
            case MilestoneCompleted m:
                entry.Milestones[m.MilestoneId].Open = false;
                break;
            case MilestoneCancelled m:
                entry.Milestones[m.MilestoneId].Open = false;
                break;
            case ReminderAbandoned a when entry.Milestones.TryGetValue(a.MilestoneId, out var milestone):
                milestone.AbandonedReminders.Add(a.ReminderKey);
                break;
            case DailyMailCapReached c when entry.MailCapReachedOn is null || c.Day > entry.MailCapReachedOn:
                entry.MailCapReachedOn = c.Day;
                break;
        }

        entry.Phase = entry.PhaseFacts.Derive();
        if (e.Timestamp > entry.LastActivityAt) entry.LastActivityAt = e.Timestamp;
    }
}
