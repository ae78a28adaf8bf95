using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Selbstcheck.Projections.Milestones;
using Selbstcheck.Projections.QuestionnaireProgress;
using Selbstcheck.Projections.Workshops;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Host.Reports;

/// <summary>
/// A Kommune's milestones, workshops and round deadlines as an iCalendar feed. All-day dues are
/// all-day entries; timed dues carry the Europe/Berlin zone. UIDs are stable and SEQUENCE counts
/// the changes, so a rescheduled entry replaces the old one in Outlook or Thunderbird instead of
/// appearing twice; cancelled ones stay with STATUS:CANCELLED so calendar apps remove them.
/// </summary>
public static class CalendarFeed
{
    private const string Domain = "selbstcheck.weltoffene-kommune";

    public static string Render(
        string name,
        IEnumerable<MilestoneView> milestones,
        IEnumerable<WorkshopView> workshops,
        IEnumerable<QuestionnaireProgress> rounds,
        DateTimeOffset now,
        IReadOnlyDictionary<string, string>? kommuneNames = null,
        bool programmeMilestones = false)
    {
        // A feed over several Kommunen names the Kommune in every entry.
        string Title(string kommune, string title) => kommuneNames?.GetValueOrDefault(kommune) is { } k ? $"{k}: {title}" : title;
        var calendar = new Calendar { ProductId = "-//Selbstcheck Weltoffene Kommune//DE" };
        calendar.AddTimeZone("Europe/Berlin");
        calendar.AddProperty("X-WR-CALNAME", $"Selbstcheck – {name}");
        var stamp = new CalDateTime(now.UtcDateTime);

        // Programme milestones are the workshops and round deadlines below, with their own entries
        // (a reminder's attachment carries its milestone, whatever its source).
        // An action item's follow-up milestone (#14) has no other entry: it is listed like a milestone planned by people.
        foreach (var m in milestones.Where(m => programmeMilestones || m.Source is null or MilestoneSources.ActionItem))
        {
            var e = new CalendarEvent
            {
                Uid = $"meilenstein-{m.Id}@{Domain}",
                Summary = Title(m.KommuneId, m.Title),
                Description = $"{m.Kind} · verantwortlich: {m.Owner}" + (m.Status == MilestoneStatus.Erledigt ? " · erledigt" : ""),
                Sequence = (int)m.ItemVersion,
                DtStamp = stamp,
                Status = m.Status == MilestoneStatus.Abgesagt ? "CANCELLED" : "CONFIRMED",
            };
            Due(e, m.DueDate, m.DueAt, TimeSpan.FromHours(2));
            calendar.Events.Add(e);
        }

        foreach (var w in workshops)
        {
            var e = new CalendarEvent
            {
                Uid = $"workshop-{w.Id}@{Domain}",
                Summary = Title(w.KommuneId, w.Title),
                Location = w.Online ? "online" : w.Place,
                Sequence = w.Reschedules.Count + (w.Cancelled ? 1 : 0),
                DtStamp = stamp,
                Status = w.Cancelled ? "CANCELLED" : "CONFIRMED",
            };
            Due(e, null, w.StartsAt, TimeSpan.FromHours(5));
            calendar.Events.Add(e);
        }

        foreach (var r in rounds.Where(r => r.Deadline is not null))
        {
            var e = new CalendarEvent
            {
                Uid = $"runde-{r.KommuneId}-{r.Round}@{Domain}",
                Summary = Title(r.KommuneId, $"Frist Selbstcheck-Fragebogen, Runde {r.Round} ({r.ActorGroup})"),
                DtStamp = stamp,
                Status = "CONFIRMED",
            };
            Due(e, r.Deadline!.Value.ToString("yyyy-MM-dd"), null, TimeSpan.Zero);
            calendar.Events.Add(e);
        }

        return new CalendarSerializer().SerializeToString(calendar)!;
    }

    private static void Due(CalendarEvent e, string? dueDate, string? dueAt, TimeSpan length)
    {
        var due = Workflow.Common.Due.From(dueDate, dueAt)!.Value;
        if (due.Local is { } local)
        {
            e.DtStart = new CalDateTime(local, "Europe/Berlin");
            e.Duration = Duration.FromSeconds((int)length.TotalSeconds);
        }
        else
        {
            e.DtStart = new CalDateTime(due.Day);
        }
    }
}
