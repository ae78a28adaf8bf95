using System.Text.Json;
using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Programme;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>A stored catalogue version. Id "catalogue@version".</summary>
public sealed class CatalogueVersionRecord
{
    public string Id { get; set; } = "";

    public string CatalogueId { get; set; } = "";

    public string Version { get; set; } = "";

    public Catalogue Catalogue { get; set; } = null!;

    public DateTimeOffset ImportedAt { get; set; }

    /// <summary>Set once a round uses this version: from then on it can no longer change.</summary>
    public bool Used { get; set; }

    public static string Key(string catalogue, string version) => $"{catalogue}@{version}";
}

/// <summary>A stored scoring scheme version. Id "scheme@version".</summary>
public sealed class ScoringSchemeRecord
{
    public static string Key(string scheme, string version) => $"{scheme}@{version}";

    public string Id { get; set; } = "";

    public ScoringScheme Scheme { get; set; } = null!;

    public DateTimeOffset ImportedAt { get; set; }
}

public enum ImportOutcome
{
    Created,
    Replaced,
    Unchanged,
}

public static class CatalogueImport
{
    private static readonly JsonSerializerOptions Compare = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Imports a catalogue version, and records it (CatalogueImported in the programme stream, same transaction): new → created; identical → unchanged; different but unused →
    /// replaced; different and used by a round → refused (a change is a new version).
    /// </summary>
    public static async Task<ImportOutcome> ImportAsync(IDocumentSession session, Catalogue catalogue, DateTimeOffset now, ProgrammeAction action, CancellationToken ct)
    {
        var outcome = await StoreAsync(session, catalogue, now, ct);
        if (outcome != ImportOutcome.Unchanged)
        {
            var c = CatalogueValidation.Validate(catalogue);
            await ProgrammeLog.AppendAsync(session, action, ct, new CatalogueImported(c.Id, c.Version, ContentHash.Of(c), outcome.ToString().ToLowerInvariant()));
        }

        return outcome;
    }

    /// <summary>
    /// #15 H4: what importing the catalogue would do, refusing as the import refuses (invalid: 400; a used version
    /// changed: 422) — without storing anything. Returns the outcome and the stored record of the same version, if any.
    /// </summary>
    public static async Task<(ImportOutcome Outcome, CatalogueVersionRecord? Existing)> PlanAsync(IQuerySession session, Catalogue catalogue, CancellationToken ct)
    {
        var c = CatalogueValidation.Validate(catalogue);
        var existing = await session.LoadAsync<CatalogueVersionRecord>(CatalogueVersionRecord.Key(c.Id, c.Version), ct);
        if (existing is null) return (ImportOutcome.Created, null);
        if (Same(existing.Catalogue, c)) return (ImportOutcome.Unchanged, existing);
        if (existing.Used)
        {
            throw new RuleViolation("katalogversion-in-gebrauch", "Katalogversion in Gebrauch",
                $"Die Version {c.Version} des Katalogs \"{c.Id}\" wird von einer Befragungsrunde verwendet und kann nicht mehr geändert werden.")
            {
                Alternatives = ["Die Änderung als neue Version importieren."],
            };
        }

        return (ImportOutcome.Replaced, existing);
    }

    /// <summary>
    /// #15 H4: the version an import is compared with: the same version when it replaces one, else the most recently
    /// imported version of the same catalogue (null for a new catalogue).
    /// </summary>
    public static async Task<Catalogue?> PreviousAsync(IQuerySession session, Catalogue catalogue, CancellationToken ct) =>
        (await session.LoadAsync<CatalogueVersionRecord>(CatalogueVersionRecord.Key(catalogue.Id, catalogue.Version), ct)
         ?? await FindAsync(session, catalogue.Id, null, ct))?.Catalogue;

    /// <summary>#15 H4: what importing the scheme would do, refusing as the import refuses — without storing anything.</summary>
    public static async Task<ImportOutcome> PlanSchemeAsync(IQuerySession session, ScoringScheme scheme, CancellationToken ct)
    {
        var s = ScoringScheme.Validate(scheme);
        var existing = await session.LoadAsync<ScoringSchemeRecord>(ScoringSchemeRecord.Key(s.Id, s.Version), ct);
        if (existing is null) return ImportOutcome.Created;
        if (Same(existing.Scheme, s)) return ImportOutcome.Unchanged;
        throw new RuleViolation("bewertungsschema-version-existiert", "Version des Bewertungsschemas existiert",
            $"Das Bewertungsschema \"{s.Id}\" in Version {s.Version} gibt es schon mit anderem Inhalt; Auswertungen berufen sich darauf.")
        {
            Alternatives = ["Die Änderung als neue Version anlegen."],
        };
    }

    /// <summary>#15 H4: the scheme an import is compared with: the most recently imported of the same id (the built-in standard when none is stored).</summary>
    public static async Task<ScoringScheme?> PreviousSchemeAsync(IQuerySession session, ScoringScheme scheme, CancellationToken ct) =>
        (await session.Query<ScoringSchemeRecord>().Where(r => r.Scheme.Id == scheme.Id)
            .OrderByDescending(r => r.ImportedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct))?.Scheme
        ?? (scheme.Id == ScoringScheme.Standard.Id ? ScoringScheme.Standard : null);

    private static async Task<ImportOutcome> StoreAsync(IDocumentSession session, Catalogue catalogue, DateTimeOffset now, CancellationToken ct)
    {
        var c = CatalogueValidation.Validate(catalogue);
        var key = CatalogueVersionRecord.Key(c.Id, c.Version);
        var (outcome, existing) = await PlanAsync(session, c, ct);
        if (existing is not null)
        {
            if (outcome == ImportOutcome.Unchanged) return ImportOutcome.Unchanged;
            existing.Catalogue = c;
            existing.ImportedAt = now;
            session.Store(existing);
            return ImportOutcome.Replaced;
        }

        session.Insert(new CatalogueVersionRecord { Id = key, CatalogueId = c.Id, Version = c.Version, Catalogue = c, ImportedAt = now });
        return ImportOutcome.Created;
    }

    public static async Task<ImportOutcome> ImportSchemeAsync(IDocumentSession session, ScoringScheme scheme, DateTimeOffset now, ProgrammeAction action, CancellationToken ct)
    {
        var outcome = await StoreSchemeAsync(session, scheme, now, ct);
        if (outcome != ImportOutcome.Unchanged)
        {
            var s = ScoringScheme.Validate(scheme);
            await ProgrammeLog.AppendAsync(session, action, ct, new ScoringSchemeImported(s.Id, s.Version, ContentHash.Of(s)));
        }

        return outcome;
    }

    private static async Task<ImportOutcome> StoreSchemeAsync(IDocumentSession session, ScoringScheme scheme, DateTimeOffset now, CancellationToken ct)
    {
        var s = ScoringScheme.Validate(scheme);
        var key = ScoringSchemeRecord.Key(s.Id, s.Version);
        if (await PlanSchemeAsync(session, s, ct) == ImportOutcome.Unchanged) return ImportOutcome.Unchanged;
        session.Insert(new ScoringSchemeRecord { Id = key, Scheme = s, ImportedAt = now });
        return ImportOutcome.Created;
    }

    /// <summary>Same content, whatever the order of object properties (jsonb reorders them).</summary>
    private static bool Same<T>(T stored, T imported) =>
        System.Text.Json.Nodes.JsonNode.DeepEquals(
            JsonSerializer.SerializeToNode(stored, Compare), JsonSerializer.SerializeToNode(imported, Compare));

    /// <summary>From now on this catalogue version can no longer change (a round uses it).</summary>
    public static void MarkUsed(IDocumentSession session, CatalogueVersionRecord record)
    {
        if (record.Used) return;
        record.Used = true;
        session.Store(record);
    }

    /// <summary>The named version, or the most recently imported one.</summary>
    public static async Task<CatalogueVersionRecord?> FindAsync(IQuerySession session, string catalogue, string? version, CancellationToken ct)
    {
        if (version is not null) return await session.LoadAsync<CatalogueVersionRecord>(CatalogueVersionRecord.Key(catalogue, version), ct);
        return await session.Query<CatalogueVersionRecord>()
            .Where(r => r.CatalogueId == catalogue)
            .OrderByDescending(r => r.ImportedAt)
            .ThenByDescending(r => r.Version)
            .FirstOrDefaultAsync(ct);
    }

    public static async Task<ScoringScheme> SchemeAsync(IQuerySession session, string id, string version, CancellationToken ct) =>
        Scheme(await session.LoadAsync<ScoringSchemeRecord>(ScoringSchemeRecord.Key(id, version), ct), id, version);

    /// <summary>The stored scheme; the standard one needs no record; any other missing one is an error.</summary>
    public static ScoringScheme Scheme(ScoringSchemeRecord? record, string id, string version) =>
        record?.Scheme
        ?? (id == ScoringScheme.Standard.Id && version == ScoringScheme.Standard.Version
            ? ScoringScheme.Standard
            : throw new RuleViolation("bewertungsschema-unbekannt", "Bewertungsschema unbekannt", $"Es gibt kein Bewertungsschema \"{id}\" in Version {version}."));
}

/// <summary>What the round decisions load besides the write model: the round's catalogue version.</summary>
public static class RoundData
{
    public static Catalogue Catalogue(CatalogueVersionRecord? record, Journey.RoundState round) =>
        record?.Catalogue ?? throw new InvalidOperationException($"catalogue {round.CatalogueId}@{round.CatalogueVersion} of round {round.Number} is missing");
}
