using Marten;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>#15 H4: the catalogue and scoring-scheme versions (through GET /api/catalogues and GET /api/scoring-schemes), and the way to import one.</summary>
public sealed class KatalogeModel(IQuerySession session) : SelbstcheckPage, IProgrammPage
{
    public Paged<CataloguesEndpoints.CatalogueVersionSummary> Catalogues { get; private set; } = null!;

    /// <summary>The stored schemes, and the built-in standard when it is not stored.</summary>
    public IReadOnlyList<ScoringScheme> Schemes { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var max = PageRequest.MaxSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Catalogues = await CataloguesEndpoints.List(session, null, max, ct);
        var stored = (await CataloguesEndpoints.Schemes(session, null, max, ct)).Items;
        Schemes = stored.Any(s => s.Id == ScoringScheme.Standard.Id && s.Version == ScoringScheme.Standard.Version) ? stored : [ScoringScheme.Standard, .. stored];
    }
}
