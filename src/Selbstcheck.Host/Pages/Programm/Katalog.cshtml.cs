using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>#15 H4: one catalogue version (through GET /api/catalogues/{catalogue}/versions/{version}): its fields, criteria and short forms.</summary>
public sealed class KatalogModel(IQuerySession session) : SelbstcheckPage, IProgrammPage
{
    [FromRoute(Name = "catalogue")]
    public string CatalogueRoute { get; set; } = "";

    [FromRoute(Name = "version")]
    public string VersionRoute { get; set; } = "";

    public Catalogue Catalogue { get; private set; } = null!;

    public CatalogueVersionRecord Record { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Catalogue = await CataloguesEndpoints.Get(CatalogueRoute, VersionRoute, session, ct);
        Record = (await session.LoadAsync<CatalogueVersionRecord>(CatalogueVersionRecord.Key(CatalogueRoute, VersionRoute), ct))!;
    }
}
