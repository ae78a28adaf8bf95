using System.Globalization;
using Selbstcheck.Host.Access;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Pages;

/// <summary>How pages write roles, dates and times: German, in Europe/Berlin.</summary>
public static class Display
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static string Role(Caller caller) => caller.Role switch
    {
        Roles.Programmteam => "Programmteam",
        Roles.Prozessbegleitung => "Prozessbegleitung",
        Roles.Kommune => $"Integrationsbüro ({caller.KommuneId})",
        Roles.Teilnehmende => $"Teilnehmende ({caller.KommuneId})",
        Roles.Einheit => $"Mitarbeitende einer Stelle ({caller.KommuneId}, {caller.UnitKey})",
        Roles.Audit => caller.PersonalData ? "Audit mit Personendaten" : "Audit",
        _ => caller.Role,
    };

    /// <summary>An instant as a Berlin date and time, e.g. "30.06.2020, 14:05 Uhr".</summary>
    public static string Moment(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, BerlinTime.Zone).ToString("dd.MM.yyyy, HH:mm 'Uhr'", German);

    /// <summary>An ISO day ("2020-06-30") as "30.06.2020"; anything else as given.</summary>
    public static string Day(string? isoDay) =>
        DateOnly.TryParseExact(isoDay, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.ToString("dd.MM.yyyy", German)
            : isoDay ?? "–";

    public static string Day(DateOnly? day) => day?.ToString("dd.MM.yyyy", German) ?? "–";

    /// <summary>A due as a day, with the time when it has one (ISO local date-time, Berlin).</summary>
    public static string Due(string? dueDate, string? dueAt) =>
        dueAt is not null && DateTime.TryParse(dueAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
            ? local.ToString("dd.MM.yyyy, HH:mm 'Uhr'", German)
            : Day(dueDate);
}
