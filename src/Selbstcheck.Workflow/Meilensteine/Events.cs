using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Meilensteine;

// Milestones in the Kommune's stream (#6). Pinned by snapshot tests.

/// <summary>
/// A milestone was planned, from a Vereinbarung (AgreementId) or directly. Due is exactly one of
/// DueDate (all-day, "2020-10-08") or DueAt (a local date-time in Europe/Berlin, "2020-10-08T18:00",
/// stored as such). Source names a programme milestone's origin ("runde", "workshop"); null for
/// milestones planned by people.
/// </summary>
public sealed record MilestonePlanned(
    string KommuneId,
    Guid MilestoneId,
    string Title,
    string Kind,
    string Owner,
    Guid? OwnerPersonId,
    string? DueDate,
    string? DueAt,
    IReadOnlyList<int> Fields,
    IReadOnlyList<Guid> ActionItems,
    Guid? AgreementId,
    string? Source = null) : IKommuneEvent;

public sealed record MilestoneRescheduled(string KommuneId, Guid MilestoneId, string? DueDate, string? DueAt, string Reason, long Version) : IKommuneEvent;

public sealed record MilestoneCompleted(string KommuneId, Guid MilestoneId, long Version) : IKommuneEvent;

public sealed record MilestoneCancelled(string KommuneId, Guid MilestoneId, string Reason, long Version) : IKommuneEvent;

public static class MilestoneKinds
{
    public static readonly IReadOnlyList<string> All = ["Dialogveranstaltung", "Workshop", "Dokumentation", "Befragung", "Sonstiges"];
}

public static class MilestoneStatus
{
    public const string Offen = "offen";
    public const string Erledigt = "erledigt";
    public const string Abgesagt = "abgesagt";
}
