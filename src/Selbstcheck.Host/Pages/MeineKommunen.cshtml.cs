using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Host.Pages;

/// <summary>
/// The facilitator's start: "Meine Kommunen", the facilitator board read through its endpoint — filtered
/// (name, phase, only those needing attention) and sorted by any column, in the address so a view can be bookmarked.
/// </summary>
public sealed class MeineKommunenModel(IQuerySession session, TimeProvider clock) : PageModel
{
    /// <summary>The columns one may sort by, with their German names.</summary>
    public static readonly IReadOnlyList<(string Key, string Label)> SortKeys =
    [
        ("name", "Kommune"), ("phase", "Phase"), ("naechster", "Nächster Meilenstein"), ("ueberfaellige", "Überfällige Meilensteine"),
        ("handlungsbedarfe", "Offene Handlungsbedarfe"), ("aktivitaet", "Letzte Aktivität"),
    ];

    public FacilitatorEndpoints.Board Board { get; private set; } = null!;

    public IReadOnlyList<FacilitatorEndpoints.BoardLine> Lines { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "suche")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true, Name = "phase")]
    public string? PhaseFilter { get; set; }

    /// <summary>Only Kommunen with something to look at: overdue milestones, abandoned reminders or a reached mail cap.</summary>
    [BindProperty(SupportsGet = true, Name = "handlungsbedarf")]
    public bool NeedsAttention { get; set; }

    [BindProperty(SupportsGet = true, Name = "sortierung")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "absteigend")]
    public bool Descending { get; set; }

    public string SortKey => SortKeys.Any(k => k.Key == Sort) ? Sort! : "name";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User)!;
        Board = await FacilitatorEndpoints.Get(caller.PersonId!.Value.ToString(), session, clock, null, "200", ct);
        IEnumerable<FacilitatorEndpoints.BoardLine> lines = Board.Kommunen;
        if (!string.IsNullOrWhiteSpace(Search)) lines = lines.Where(l => l.Name.Contains(Search.Trim(), StringComparison.CurrentCultureIgnoreCase));
        if (Enum.TryParse<Phase>(PhaseFilter, out var phase)) lines = lines.Where(l => l.Phase == phase);
        if (NeedsAttention) lines = lines.Where(Attention);
        Lines = Sorted(lines, SortKey, Descending).ToList();
    }

    public static bool Attention(FacilitatorEndpoints.BoardLine line) =>
        line.OverdueMilestones > 0 || line.AbandonedReminders.Count > 0 || line.MailCapReachedOn is not null;

    /// <summary>Sorted by the column; Kommunen without a next milestone last; ties by name.</summary>
    public static IEnumerable<FacilitatorEndpoints.BoardLine> Sorted(IEnumerable<FacilitatorEndpoints.BoardLine> lines, string key, bool descending)
    {
        var german = StringComparer.Create(System.Globalization.CultureInfo.GetCultureInfo("de-DE"), ignoreCase: true);
        var ordered = key switch
        {
            "phase" => descending ? lines.OrderByDescending(l => l.Phase) : lines.OrderBy(l => l.Phase),
            "naechster" => descending
                ? lines.OrderBy(l => l.NextMilestone is null).ThenByDescending(l => l.NextMilestone?.DueAt ?? l.NextMilestone?.DueDate, StringComparer.Ordinal)
                : lines.OrderBy(l => l.NextMilestone is null).ThenBy(l => l.NextMilestone?.DueAt ?? l.NextMilestone?.DueDate, StringComparer.Ordinal),
            "ueberfaellige" => descending ? lines.OrderByDescending(l => l.OverdueMilestones) : lines.OrderBy(l => l.OverdueMilestones),
            "handlungsbedarfe" => descending ? lines.OrderByDescending(l => l.OpenActionItems) : lines.OrderBy(l => l.OpenActionItems),
            "aktivitaet" => descending ? lines.OrderByDescending(l => l.LastActivityAt) : lines.OrderBy(l => l.LastActivityAt),
            _ => descending ? lines.OrderByDescending(l => l.Name, german) : lines.OrderBy(l => l.Name, german),
        };
        return ordered.ThenBy(l => l.Name, german);
    }

    /// <summary>The address sorting by a column: the same filters; the current column again flips the direction.</summary>
    public string SortLink(string key)
    {
        var query = new Dictionary<string, string?>
        {
            ["suche"] = string.IsNullOrWhiteSpace(Search) ? null : Search,
            ["phase"] = PhaseFilter,
            ["handlungsbedarf"] = NeedsAttention ? "true" : null,
            ["sortierung"] = key,
            ["absteigend"] = key == SortKey && !Descending ? "true" : null,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/meine-kommunen", query.Where(q => q.Value is not null));
    }

    /// <summary>aria-sort of a column header.</summary>
    public string? AriaSort(string key) => key == SortKey ? (Descending ? "descending" : "ascending") : null;
}
