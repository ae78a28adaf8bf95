using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Aktionsplan;

// The action plan: every Handlungsbedarf an item the lead office works through. Pinned by snapshot tests.

/// <summary>A Handlungsbedarf became an action item — from a working group (WorkshopId) or added directly.</summary>
public sealed record ActionItemAdded(
    string KommuneId,
    Guid ActionItemId,
    int Field,
    string Text,
    IReadOnlyList<string> Details,
    string Owner,
    bool OwnerAssumed,
    string? Due,
    Guid? WorkshopId) : IKommuneEvent;

/// <summary>Owner or due date changed.</summary>
public sealed record ActionItemPlanned(string KommuneId, Guid ActionItemId, string Owner, string? Due, long Version) : IKommuneEvent;

public sealed record ActionItemStatusChanged(string KommuneId, Guid ActionItemId, string From, string To, string? Reason, long Version) : IKommuneEvent;

public sealed record ActionItemNoted(string KommuneId, Guid ActionItemId, string Note, long Version) : IKommuneEvent;

public static class ActionStatus
{
    public const string Offen = "offen";
    public const string InArbeit = "in Arbeit";
    public const string Erledigt = "erledigt";
    public const string Verworfen = "verworfen";

    public static readonly IReadOnlyList<string> All = [Offen, InArbeit, Erledigt, Verworfen];

    /// <summary>The allowed transitions (issue #5): offen → in Arbeit → erledigt; offen → erledigt; open → verworfen; erledigt/verworfen → offen.</summary>
    public static IReadOnlyList<string> AllowedFrom(string status) => status switch
    {
        Offen => [InArbeit, Erledigt, Verworfen],
        InArbeit => [Erledigt, Verworfen],
        Erledigt => [Offen],
        Verworfen => [Offen],
        _ => [],
    };

    public static bool NeedsReason(string from, string to) => to == Verworfen || (to == Offen && from is Erledigt or Verworfen);

    public static bool IsOpen(string status) => status is Offen or InArbeit;

    public static string? Normalize(string? s) => All.FirstOrDefault(a => string.Equals(a, s?.Trim(), StringComparison.OrdinalIgnoreCase));
}
