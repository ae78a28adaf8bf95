using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Wolverine;
using ApiRoute = Selbstcheck.Host.Api.Route;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// A page with the forms of one milestone (reschedule with reason, complete, cancel): the list of a Kommune's
/// milestones and a milestone's own page. The forms send the API's commands (MilestonesEndpoints.Reschedule,
/// Complete, Cancel); each form is named "{action}-{milestone id}" so a refusal lands next to its fields.
/// </summary>
public abstract class MilestonePage(IMessageBus bus, IQuerySession session, TimeProvider clock) : KommunePage
{
    protected IMessageBus Bus => bus;

    protected IQuerySession Session => session;

    protected TimeProvider Clock => clock;

    /// <summary>Loads what the page shows (after a refusal too: the current values, with their versions).</summary>
    protected abstract Task LoadAsync(CancellationToken ct);

    public static string FormName(string action, Guid milestone) => $"{action}-{milestone:N}";

    /// <summary>The value a form shows: after a refusal of that form (not a stale version) what was sent, else the current value.</summary>
    public string? Value(string form, string field, string? current) =>
        Errors.Form == form && !Errors.Stale && Request.HasFormContentType && Request.Form.TryGetValue(field, out var sent) ? sent.ToString() : current;

    /// <summary>The URL a form of this page posts to.</summary>
    public string HandlerUrl(string handler) => $"{Request.Path}?handler={handler}";

    public async Task<IActionResult> OnPostRescheduleAsync(string? meilenstein, string? dueDate, string? dueTime, string? reason, long? expectedVersion, CancellationToken ct)
    {
        var id = ApiRoute.Item(meilenstein ?? "");
        var form = FormName("verschieben", id);
        var (date, at) = FormDue.Parse(dueDate, dueTime);
        if (await RunAsync(() => bus.InvokeAs<MilestoneReply>(User, new RescheduleMilestone(Id, id, date, at, Blank(reason), expectedVersion), ct), form))
        {
            return Done("Meilenstein verschoben.", $"m-{id:N}");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCompleteAsync(string? meilenstein, long? expectedVersion, CancellationToken ct)
    {
        var id = ApiRoute.Item(meilenstein ?? "");
        if (await RunAsync(() => bus.InvokeAs<MilestoneReply>(User, new CompleteMilestone(Id, id, expectedVersion), ct), FormName("erledigen", id)))
        {
            return Done("Meilenstein als erledigt eingetragen.", $"m-{id:N}");
        }

        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCancelAsync(string? meilenstein, string? reason, long? expectedVersion, CancellationToken ct)
    {
        var id = ApiRoute.Item(meilenstein ?? "");
        if (await RunAsync(() => bus.InvokeAs<MilestoneReply>(User, new CancelMilestone(Id, id, Blank(reason), expectedVersion), ct), FormName("absagen", id)))
        {
            return Done("Meilenstein abgesagt.", $"m-{id:N}");
        }

        await LoadAsync(ct);
        return Page();
    }

    protected static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

/// <summary>A due from a form: a date (the date input's "2026-12-31", or typed "31.12.2026") and, optionally, a Berlin time.</summary>
public static class FormDue
{
    /// <summary>(dueDate, dueAt) as the API takes them: with a time a Berlin local date-time, else an all-day date.</summary>
    public static (string? DueDate, string? DueAt) Parse(string? date, string? time)
    {
        var day = Day(date);
        if (day is null) return (null, null);
        return string.IsNullOrWhiteSpace(time) ? (day, null) : (null, $"{day}T{time.Trim()}");
    }

    /// <summary>"31.12.2026" → "2026-12-31"; anything else as given (the command says what is wrong with it).</summary>
    public static string? Day(string? date)
    {
        if (string.IsNullOrWhiteSpace(date)) return null;
        var text = date.Trim();
        return DateOnly.TryParseExact(text, "d.M.yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var german)
            ? german.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : text;
    }

    /// <summary>A stored due as the form's inputs show it: (date "2026-12-31", time "14:00" or "").</summary>
    public static (string Date, string Time) Inputs(string? dueDate, string? dueAt)
    {
        if (dueAt is not null && DateTime.TryParse(dueAt, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return (local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), local.ToString("HH:mm", CultureInfo.InvariantCulture));
        }

        return (dueDate ?? "", "");
    }
}

/// <summary>How the milestone pages name statuses, reminders and alerts (German, never by colour alone).</summary>
public static class MilestoneDisplay
{
    public static string Status(string status) => status switch
    {
        // Workflow's values are German words already.
        _ => status,
    };

    public static string ReminderKind(string kind) => kind switch
    {
        ReminderKinds.Vorab => "Vorab-Erinnerung",
        ReminderKinds.Faellig => "Erinnerung am Fälligkeitstag",
        ReminderKinds.Ueberfaellig => "Hinweis: überfällig",
        ReminderKinds.Eskalation => "Eskalation an die Prozessbegleitung",
        _ => kind,
    };

    public static string ReminderStatus(string status) => status switch
    {
        Workflow.Journey.ReminderStatus.Zurueckgehalten => "zurückgehalten (Tageshöchstzahl an Mails erreicht)",
        Workflow.Journey.ReminderStatus.Aufgegeben => "aufgegeben (Zustellung gescheitert)",
        _ => status,
    };

    /// <summary>An alert of #8 as a sentence: a reminder given up, or the daily mail cap that held one back.</summary>
    public static string Alert(Projections.Milestones.ReminderAlert alert) => alert.Kind switch
    {
        ReminderAlerts.Aufgegeben => $"Erinnerung aufgegeben: die Zustellung ist am {Display.Moment(alert.At)} endgültig gescheitert.",
        ReminderAlerts.Tageshoechstzahl => $"Tageshöchstzahl an Mails erreicht am {Display.Day(alert.Day)}: eine Erinnerung wurde zurückgehalten.",
        _ => alert.Kind,
    };

    /// <summary>"2 gesendet, 1 geplant" — the reminders of a milestone in one line.</summary>
    public static string ReminderSummary(MilestonesEndpoints.MilestoneResource m) =>
        m.Reminders.Count == 0
            ? "keine"
            : string.Join(", ", m.Reminders.GroupBy(r => r.Status).Select(g => $"{g.Count()} {Short(g.Key)}"));

    private static string Short(string status) => status switch
    {
        Workflow.Journey.ReminderStatus.Zurueckgehalten => "zurückgehalten",
        Workflow.Journey.ReminderStatus.Aufgegeben => status,
        _ => ReminderStatus(status),
    };

    /// <summary>Open ones first (overdue leading, then by due), then done, then cancelled.</summary>
    public static List<MilestonesEndpoints.MilestoneResource> Ordered(IEnumerable<MilestonesEndpoints.MilestoneResource> milestones) =>
        milestones
            .OrderBy(m => m.Status switch { MilestoneStatus.Offen => m.Overdue ? 0 : 1, MilestoneStatus.Erledigt => 2, _ => 3 })
            .ThenBy(m => m.DueAt ?? m.DueDate, StringComparer.Ordinal)
            .ThenBy(m => m.Id)
            .ToList();
}

/// <summary>What the forms partial of one milestone needs.</summary>
public sealed record MilestoneForms(MilestonePage Page, MilestonesEndpoints.MilestoneResource Milestone, bool Collapsed, int Level);

/// <summary>A secret link just issued (a calendar feed's key in it): shown once, in a read-only input with a copy button.</summary>
public sealed record SecretLink(string Url, string InputId, string Label);
