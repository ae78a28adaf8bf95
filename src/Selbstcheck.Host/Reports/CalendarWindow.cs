using System.Globalization;
using Marten;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Projections.Milestones;
using Selbstcheck.Projections.QuestionnaireProgress;
using Selbstcheck.Projections.Workshops;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Host.Reports;

/// <summary>
/// What a calendar feed holds: entries from <see cref="CalendarSettings.PastDays"/> before today to
/// <see cref="CalendarSettings.FutureDays"/> after it (days in Berlin), read in the database, and of
/// those at most <see cref="CalendarSettings.MaxEntries"/> — the ones nearest to today. A calendar app
/// polls a feed for years: its cost must not grow with the Kommune's history.
/// </summary>
public sealed record CalendarWindow(DateOnly From, DateOnly To, DateOnly Today, int MaxEntries)
{
    public static CalendarWindow Around(DateTimeOffset now, CalendarSettings settings)
    {
        var today = BerlinTime.Today(now);
        return new CalendarWindow(today.AddDays(-settings.PastDays), today.AddDays(settings.FutureDays), today, settings.MaxEntries);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The milestones (not the programme milestones: workshops and round deadlines have entries of their own;
    /// an action item's follow-up milestone (#14) is the item's only entry, so it is included),
    /// workshops and round deadlines of <paramref name="kommunen"/> inside the window; past the maximum, those farthest from today are left out.
    /// </summary>
    public async Task<(List<MilestoneView> Milestones, List<WorkshopView> Workshops, List<QuestionnaireProgress> Rounds)> ReadAsync(
        IQuerySession session, IReadOnlyCollection<string> kommunen, CancellationToken ct)
    {
        string from = Day(From), to = Day(To), today = Day(Today), afterTo = Day(To.AddDays(1));
        // Each source: the latest MaxEntries before today and the first MaxEntries from today on, in the database.
        var milestones = await session.Query<MilestoneView>()
            .Where(m => kommunen.Contains(m.KommuneId) && (m.Source == null || m.Source == MilestoneSources.ActionItem) && m.DueDay.CompareTo(from) >= 0 && m.DueDay.CompareTo(today) < 0)
            .OrderByDescending(m => m.DueDay).ThenBy(m => m.Id).Take(MaxEntries).ToListAsync(ct);
        milestones = [.. milestones, .. await session.Query<MilestoneView>()
            .Where(m => kommunen.Contains(m.KommuneId) && (m.Source == null || m.Source == MilestoneSources.ActionItem) && m.DueDay.CompareTo(today) >= 0 && m.DueDay.CompareTo(to) <= 0)
            .OrderBy(m => m.DueDay).ThenBy(m => m.Id).Take(MaxEntries).ToListAsync(ct)];
        var workshops = await session.Query<WorkshopView>()
            .Where(w => kommunen.Contains(w.KommuneId) && w.StartsAt.CompareTo(from) >= 0 && w.StartsAt.CompareTo(today) < 0)
            .OrderByDescending(w => w.StartsAt).ThenBy(w => w.Id).Take(MaxEntries).ToListAsync(ct);
        workshops = [.. workshops, .. await session.Query<WorkshopView>()
            .Where(w => kommunen.Contains(w.KommuneId) && w.StartsAt.CompareTo(today) >= 0 && w.StartsAt.CompareTo(afterTo) < 0)
            .OrderBy(w => w.StartsAt).ThenBy(w => w.Id).Take(MaxEntries).ToListAsync(ct)];
        // Rounds are few per Kommune (capped); their deadline is a date.
        var rounds = await session.Query<QuestionnaireProgress>()
            .Where(r => kommunen.Contains(r.KommuneId) && r.Deadline != null && r.Deadline >= From && r.Deadline <= To)
            .OrderBy(r => r.Deadline).ThenBy(r => r.Id).Take(2 * MaxEntries).ToListAsync(ct);

        // Of all of them, the MaxEntries nearest to today.
        var entries = milestones.Select(m => (Item: (object)m, Day: DateOnly.ParseExact(m.DueDay, "yyyy-MM-dd", CultureInfo.InvariantCulture)))
            .Concat(workshops.Select(w => (Item: (object)w, Day: DateOnly.ParseExact(w.StartsAt[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture))))
            .Concat(rounds.Select(r => (Item: (object)r, Day: r.Deadline!.Value)))
            .OrderBy(e => Math.Abs(e.Day.DayNumber - Today.DayNumber)).ThenBy(e => e.Day)
            .Take(MaxEntries)
            .Select(e => e.Item)
            .ToList();
        return (entries.OfType<MilestoneView>().OrderBy(m => m.DueDay).ToList(), entries.OfType<WorkshopView>().ToList(),
            entries.OfType<QuestionnaireProgress>().ToList());
    }
}
