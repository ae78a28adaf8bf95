using System.Globalization;
using Marten;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Api;

/// <summary>Route values, parsed. An id that does not parse names nothing: the command (or the read) answers 404 for it in its own words.</summary>
public static class Route
{
    /// <summary>A round number; anything else is an unknown round.</summary>
    public static int Round(string n) =>
        int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var round) && round > 0
            ? round
            : throw new NotFound("runde-unbekannt", "Befragungsrunde nicht gefunden", $"\"{n}\" ist keine Rundennummer.");

    /// <summary>#15 H2: a Handlungsfeld's number in a path (a working group's); anything else names no working group.</summary>
    public static int Field(string field) =>
        int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 && n < 1000
            ? n
            : throw new NotFound("arbeitsgruppe-unbekannt", "Arbeitsgruppe nicht gefunden", $"\"{field}\" ist keine Nummer eines Handlungsfelds.");

    /// <summary>A respondent's id; anything else is an unknown respondent.</summary>
    public static Guid Respondent(string rid) =>
        Guid.TryParse(rid, out var id) ? id : throw new NotFound("befragte-unbekannt", "Befragte Stelle nicht gefunden", $"\"{rid}\" ist keine Kennung.");

    /// <summary>An item id (workshop, action item, milestone, agreement); what does not parse names no item (Guid.Empty).</summary>
    public static Guid Item(string id) => Guid.TryParse(id, out var guid) ? guid : Guid.Empty;
}

/// <summary>Reads addressed to a Kommune: 404 when it does not exist (commands learn it from the command pipeline).</summary>
public static class KommuneLookup
{
    public static async Task<Projections.KommuneOverview.KommuneOverview> Require(IQuerySession session, string id, CancellationToken ct)
    {
        if (!KommuneId.IsValid(id)) throw KommuneId.NotFound(id);
        return await session.LoadAsync<Projections.KommuneOverview.KommuneOverview>(id, ct) ?? throw KommuneId.NotFound(id);
    }

    public static async Task EnsureExists(IQuerySession session, string id, CancellationToken ct)
    {
        if (!KommuneId.IsValid(id) || await session.Events.FetchStreamStateAsync(id, ct) is null) throw KommuneId.NotFound(id);
    }
}
