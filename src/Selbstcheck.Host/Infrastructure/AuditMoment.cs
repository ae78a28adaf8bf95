using System.Globalization;
using System.Text.RegularExpressions;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Infrastructure;

/// <summary>
/// A moment an auditor names in a query (the history's from/to, the state's at): an instant with offset
/// ("2020-07-02T12:00:00+02:00", "…Z"), cut to the microsecond PostgreSQL keeps, or a plain date
/// ("2020-06-30"), a day in Europe/Berlin whose edges the caller chooses. A date-time without offset
/// names no instant: refused with a hint, never guessed.
/// </summary>
public sealed partial record AuditMoment(DateTimeOffset Instant, DateOnly? Day)
{
    /// <summary>The start of the plain date's day in Berlin; the instant itself otherwise.</summary>
    public DateTimeOffset StartOfDay => Day is { } d ? BerlinTime.ToInstant(d, TimeOnly.MinValue) : Instant;

    /// <summary>The start of the next Berlin day after the plain date; the instant itself otherwise.</summary>
    public DateTimeOffset StartOfNextDay => Day is { } d ? BerlinTime.ToInstant(d.AddDays(1), TimeOnly.MinValue) : Instant;

    /// <summary>TEXT as a moment, or null with the reason added to <paramref name="v"/> under FIELD; DATEMEANS says what a plain date stands for there.</summary>
    public static AuditMoment? Parse(Validation v, string field, string text, string dateMeans)
    {
        if (text.Length == 10 && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (BerlinTime.InRange(day)) return new AuditMoment(BerlinTime.ToInstant(day, TimeOnly.MinValue), day);
            v.Add(field, $"Ein Datum von {BerlinTime.Earliest:yyyy-MM-dd} bis {BerlinTime.Latest:yyyy-MM-dd}.");
            return null;
        }

        if (WithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            && BerlinTime.InRange(DateOnly.FromDateTime(instant.UtcDateTime)))
        {
            return new AuditMoment(instant.AddTicks(-(instant.Ticks % 10)), null);
        }

        v.Add(field, LocalDateTime().IsMatch(text)
            ? "Ein Zeitpunkt braucht eine Zeitzone (z. B. 2020-07-02T12:00:00+02:00 oder 2020-07-02T10:00:00Z)."
            : $"Ein Zeitpunkt mit Zeitzone (z. B. 2020-07-02T10:00:00Z) oder ein Datum ({dateMeans}).");
        return null;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex WithOffset();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?$")]
    private static partial Regex LocalDateTime();
}
