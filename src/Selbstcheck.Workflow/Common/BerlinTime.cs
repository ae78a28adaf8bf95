using System.Globalization;

namespace Selbstcheck.Workflow.Common;

/// <summary>
/// Appointments are local date-times in Europe/Berlin without offset ("2020-10-08T18:00").
/// A time inside the spring DST gap does not exist and is refused; an ambiguous autumn time
/// takes the earlier (summer-time) offset.
/// </summary>
public static class BerlinTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static readonly string[] Formats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    /// <summary>The days a date of this domain may name (a journey's records, plans and reminders); outside it a date is refused.</summary>
    public static readonly DateOnly Earliest = new(1950, 1, 1);

    public static readonly DateOnly Latest = new(2199, 12, 31);

    public static bool InRange(DateOnly day) => day >= Earliest && day <= Latest;

    /// <summary>Parses "yyyy-MM-ddTHH:mm[:ss]"; false for any other shape, a day outside <see cref="Earliest"/>–<see cref="Latest"/> or a time in the DST gap.</summary>
    public static bool TryParseLocal(string? text, out DateTime local)
    {
        local = default;
        if (text is null ||
            !DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            return false;
        }

        local = DateTime.SpecifyKind(parsed, DateTimeKind.Unspecified);
        return InRange(DateOnly.FromDateTime(local)) && !Zone.IsInvalidTime(local);
    }

    public static string FormatLocal(DateTime local) =>
        local.ToString(local.Second == 0 ? "yyyy-MM-dd'T'HH:mm" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The instant of a Berlin local time; ambiguous times resolve to summer time.</summary>
    public static DateTimeOffset ToInstant(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            throw new ArgumentException($"{FormatLocal(local)} liegt in der Zeitumstellungslücke.", nameof(local));
        }

        var offset = Zone.IsAmbiguousTime(local)
            ? Zone.GetAmbiguousTimeOffsets(local).Max()
            : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }

    public static DateTimeOffset ToInstant(DateOnly date, TimeOnly time) => ToInstant(date.ToDateTime(time));

    /// <summary>The calendar day in Berlin at an instant (what "today" and "overdue" mean for all-day dates).</summary>
    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Zone).DateTime);
}
