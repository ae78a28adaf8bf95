using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>Catalogues and scoring schemes: data, versioned, imported by the programme team.</summary>
public static class CataloguesEndpoints
{
    public sealed record CatalogueVersionSummary([PersonalData(false)] string Catalogue, [PersonalData(false)] string Version, [PersonalData(false)] string Title, int Fields, int Criteria, [PersonalData(false)] IReadOnlyList<string> ShortForms, bool Used, DateTimeOffset ImportedAt);

    [WolverineGet("/api/catalogues", OperationId = "listCatalogues")]
    [Tags("Kataloge")]
    public static async Task<Paged<CatalogueVersionSummary>> List(IQuerySession session, string? page, string? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        var query = session.Query<CatalogueVersionRecord>();
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(r => r.CatalogueId).ThenBy(r => r.ImportedAt).ThenBy(r => r.Id).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return new Paged<CatalogueVersionSummary>(items.Select(r => new CatalogueVersionSummary(
            r.CatalogueId, r.Version, r.Catalogue.Title, r.Catalogue.Fields.Count, r.Catalogue.Criteria.Count(),
            r.Catalogue.ShortForms.Select(s => s.Name).ToList(), r.Used, r.ImportedAt)).ToList(), paging.Page, paging.PageSize, total);
    }

    [WolverineGet("/api/catalogues/{catalogue}/versions/{version}", OperationId = "getCatalogueVersion")]
    [Tags("Kataloge")]
    public static async Task<Catalogue> Get(string catalogue, string version, IQuerySession session, CancellationToken ct) =>
        (await session.LoadAsync<CatalogueVersionRecord>(CatalogueVersionRecord.Key(catalogue, version), ct))?.Catalogue
        ?? throw new NotFound("katalog-unbekannt", "Katalog nicht gefunden", $"Es gibt keinen Katalog \"{catalogue}\" in Version {version}.");

    public sealed record ImportReply([PersonalData(false)] string Catalogue, [PersonalData(false)] string Version, [PersonalData(false)] string Outcome);

    [WolverinePost("/api/catalogues", OperationId = "importCatalogue")]
    [Tags("Kataloge")]
    [ProducesResponseType<ImportReply>(201)]
    public static async Task<IResult> Import(Catalogue body, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await CatalogueImport.ImportAsync(session, body, clock.GetUtcNow(), ProgrammeActions.Of(http), ct);
        await session.SaveChangesAsync(ct);
        var reply = new ImportReply(body.Id, body.Version, outcome.ToString().ToLowerInvariant());
        return outcome == ImportOutcome.Created
            ? Results.Created($"/api/catalogues/{body.Id}/versions/{body.Version}", reply)
            : Results.Ok(reply);
    }

    [WolverineGet("/api/scoring-schemes", OperationId = "listScoringSchemes")]
    [Tags("Kataloge")]
    public static async Task<Paged<ScoringScheme>> Schemes(IQuerySession session, string? page, string? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        var rows = await session.Query<ScoringSchemeRecord>().Stats(out var stats).OrderBy(r => r.ImportedAt).ThenBy(r => r.Id)
            .Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return new Paged<ScoringScheme>(rows.Select(r => r.Scheme).ToList(), paging.Page, paging.PageSize, stats.TotalResults);
    }

    [WolverinePost("/api/scoring-schemes", OperationId = "importScoringScheme")]
    [Tags("Kataloge")]
    [ProducesResponseType<ImportReply>(201)]
    public static async Task<IResult> ImportScheme(ScoringScheme body, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var outcome = await CatalogueImport.ImportSchemeAsync(session, body, clock.GetUtcNow(), ProgrammeActions.Of(http), ct);
        await session.SaveChangesAsync(ct);
        var reply = new ImportReply(body.Id, body.Version, outcome.ToString().ToLowerInvariant());
        return outcome == ImportOutcome.Created ? Results.Created("/api/scoring-schemes", reply) : Results.Ok(reply);
    }
}
