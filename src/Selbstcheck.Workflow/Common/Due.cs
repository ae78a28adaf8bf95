using System.Globalization;

namespace Selbstcheck.Workflow.Common;

/// <summary>
/// When something is due: an all-day date ("2020-10-08", a day in Europe/Berlin) or a Berlin local
/// date-time ("2020-10-08T18:00"). The one answer to "is it overdue at instant t?" — for the
/// milestone views, the facilitator board, the action plan and the reminder planner alike.
/// </summary>
public readonly record struct Due
{
    private Due(DateOnly day, DateTime? local)
    {
        Day = day;
        Local = local;
    }

    /// <summary>The calendar day it is due on.</summary>
    public DateOnly Day { get; }

    /// <summary>The Berlin local date-time of a timed due; null for all-day.</summary>
    public DateTime? Local { get; }

    public bool AllDay => Local is null;

    /// <summary>A timed due's instant; for an all-day due the end of its day (midnight after it, Berlin time).</summary>
    public DateTimeOffset Deadline => Local is { } local ? BerlinTime.ToInstant(local) : BerlinTime.ToInstant(Day.AddDays(1), TimeOnly.MinValue);

    /// <summary>Timed: the instant has passed. All-day: the day is over in Berlin.</summary>
    public bool IsOverdueAt(DateTimeOffset now) => Local is not null ? Deadline < now : Day < BerlinTime.Today(now);

    public static Due OnDay(DateOnly day) => new(day, null);

    public static Due At(DateTime local) => new(DateOnly.FromDateTime(local), DateTime.SpecifyKind(local, DateTimeKind.Unspecified));

    /// <summary>From the stored pair (exactly one of them set); null when neither is (or either is not valid).</summary>
    public static Due? From(string? dueDate, string? dueAt)
    {
        if (dueAt is not null) return BerlinTime.TryParseLocal(dueAt, out var local) ? At(local) : null;
        if (dueDate is not null) return TryParseDate(dueDate, out var day) ? OnDay(day) : null;
        return null;
    }

    /// <summary>Parses "yyyy-MM-dd"; false for any other shape or a day outside <see cref="BerlinTime.Earliest"/>–<see cref="BerlinTime.Latest"/>.</summary>
    public static bool TryParseDate(string? text, out DateOnly day) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day) && BerlinTime.InRange(day);

    /// <summary>Validation of an all-day date field.</summary>
    public static void ValidateDate(Validation v, string field, string? value)
    {
        if (value is not null && !TryParseDate(value, out _)) v.Add(field, "Ein Datum wie \"2020-10-08\" zwischen 1950 und 2199.");
    }

    /// <summary>Validation of a pair where exactly one of an all-day date or a Berlin local time is given.</summary>
    public static void ValidateOneOf(Validation v, string? dueDate, string? dueAt, string? missingHint = null)
    {
        if ((dueDate is null) == (dueAt is null))
        {
            v.Add("due", dueDate is null ? missingHint ?? "Genau eines von dueDate (ganztägig) oder dueAt (Uhrzeit) angeben." : "Nur eines von dueDate oder dueAt.");
            return;
        }

        ValidateDate(v, "dueDate", dueDate);
        if (dueAt is not null && !BerlinTime.TryParseLocal(dueAt, out _)) v.Add("dueAt", "Datum und Uhrzeit wie \"2020-10-08T18:00\" in Europe/Berlin (keine Zeitumstellungslücke).");
    }
}
