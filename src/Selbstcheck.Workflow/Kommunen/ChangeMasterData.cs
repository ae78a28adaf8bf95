using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Kommunen;

/// <summary>
/// #15 H3: change a Kommune's master data (programme team) — the whole master data as it shall be: name, kind, Land,
/// cohort (null or empty: none), start date, official municipality key (null or empty: none). The id stays.
/// </summary>
public sealed record ChangeMasterData(
    string KommuneId,
    string? Name,
    string? Kind,
    string? Bundesland,
    string? Cohort,
    DateOnly? StartDate,
    string? Ags,
    long? ExpectedVersion = null) : IKommuneCommand;

public static class ChangeMasterDataDecision
{
    /// <summary>Checks the input (the rules of the registration) and returns it normalised: trimmed, canonical kind and Land, empty as none.</summary>
    public static ChangeMasterData Validate(ChangeMasterData c)
    {
        var cohort = string.IsNullOrWhiteSpace(c.Cohort) ? null : c.Cohort.Trim();
        var ags = string.IsNullOrWhiteSpace(c.Ags) ? null : c.Ags.Trim();
        var v = new Validation();
        var (kind, land) = RegisterKommuneDecision.MasterData(v, c.Name, c.Kind, c.Bundesland, cohort, ags);
        v.ThrowIfInvalid();
        return c with { Name = c.Name!.Trim(), Kind = kind, Bundesland = land, Cohort = cohort, Ags = ags };
    }

    /// <summary>
    /// Given the Kommune and, for a new AGS, the Kommune holding it (or null), when changing the master data, then
    /// KommuneMasterDataChanged with the whole new master data — or nothing when nothing differs.
    /// </summary>
    public static IReadOnlyList<object> Decide(ChangeMasterData command, KommuneState kommune, string? agsTakenBy)
    {
        var c = Validate(command);
        ItemVersion.Check($"Kommune {kommune.Id}", c.ExpectedVersion, kommune.DataVersion);
        if (c.Ags is not null && c.Ags != kommune.Ags && agsTakenBy is not null && agsTakenBy != kommune.Id)
        {
            throw new Conflict(
                "ags-vergeben",
                "Gemeindeschlüssel bereits vergeben",
                $"Der Amtliche Gemeindeschlüssel {c.Ags} gehört bereits zur Kommune \"{agsTakenBy}\".");
        }

        var unchanged = c.Name == kommune.Name && c.Kind == kommune.Kind && c.Bundesland == kommune.Bundesland
                        && c.Cohort == kommune.Cohort && c.StartDate == kommune.StartDate && c.Ags == kommune.Ags;
        return unchanged ? [] : [new KommuneMasterDataChanged(kommune.Id, c.Name!, c.Kind!, c.Bundesland!, c.Cohort, c.StartDate, c.Ags)];
    }
}

public static class ChangeMasterDataHandler
{
    public static async Task<(KommuneChanged, Events)> Handle(
        ChangeMasterData command, [KommuneStream] KommuneState kommune, IDocumentSession session, CancellationToken ct)
    {
        var c = ChangeMasterDataDecision.Validate(command);
        var reservation = c.Ags is not null && c.Ags != kommune.Ags ? await session.LoadAsync<AgsReservation>(c.Ags, ct) : null;
        var events = ChangeMasterDataDecision.Decide(c, kommune, reservation?.KommuneId);
        if (events.OfType<KommuneMasterDataChanged>().FirstOrDefault() is { } changed && changed.Ags != kommune.Ags)
        {
            // The key moves: the old reservation is released, the new one inserted (a concurrent claim of it fails at commit).
            if (kommune.Ags is not null) session.Delete<AgsReservation>(kommune.Ags);
            if (changed.Ags is not null) session.Insert(new AgsReservation(changed.Ags, kommune.Id));
        }

        return (KommuneChanged.From(kommune.After(events)), new Events(events));
    }
}
