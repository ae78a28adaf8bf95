using Marten;
using Selbstcheck.Projections.KommuneOverview;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Erinnerungen;
using Selbstcheck.Workflow.Teilnahme;

namespace Selbstcheck.Host.Api;

/// <summary>A Kommune as the API shows it.</summary>
public sealed record KommuneResource(
    string Id,
    string Name,
    string Kind,
    string Bundesland,
    string? Cohort,
    DateOnly? StartDate,
    string? Ags,
    Guid? FacilitatorId,
    string? LeadOffice,
    Phase Phase,
    long Version,
    DateTimeOffset RegisteredAt,
    DateTimeOffset LastActivityAt,
    IReadOnlyList<UnitResource> Units,
    ReminderPolicy ReminderPolicy)
{
    public static KommuneResource From(KommuneOverview k) => new(
        k.Id, k.Name, k.Kind, k.Bundesland, k.Cohort, k.StartDate, k.Ags, k.FacilitatorId, k.LeadOffice,
        k.Phase, k.DataVersion, k.RegisteredAt, k.LastActivityAt,
        k.Units.Select(UnitResource.From).ToList(), k.ReminderPolicy);
}

public sealed record UnitResource(string Name, string? Email, long Version)
{
    public static UnitResource From(UnitView u) => new(u.Name, u.Email, u.Version);
}

public static class KommuneLookup
{
    public static NotFound NotFound(string id) =>
        new("kommune-unbekannt", "Kommune nicht gefunden", $"Es gibt keine Kommune mit der Kennung \"{id}\".");

    /// <summary>Loads the Kommune's overview or answers 404.</summary>
    public static async Task<KommuneOverview> Require(IQuerySession session, string id, CancellationToken ct)
    {
        if (!KommuneId.IsValid(id)) throw NotFound(id);
        return await session.LoadAsync<KommuneOverview>(id, ct) ?? throw NotFound(id);
    }

    /// <summary>404 before a command reaches the aggregate handler, which would otherwise fail on a missing stream.</summary>
    public static async Task EnsureExists(IQuerySession session, string id, CancellationToken ct)
    {
        if (!KommuneId.IsValid(id) || await session.Events.FetchStreamStateAsync(id, ct) is null) throw NotFound(id);
    }
}
