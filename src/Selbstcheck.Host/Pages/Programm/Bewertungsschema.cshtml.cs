using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>#15 H4: one scoring scheme version: points per answer and the levels' lower bounds (the built-in standard too).</summary>
public sealed class BewertungsschemaModel(IQuerySession session) : SelbstcheckPage, IProgrammPage
{
    [FromRoute(Name = "scheme")]
    public string SchemeRoute { get; set; } = "";

    [FromRoute(Name = "version")]
    public string VersionRoute { get; set; } = "";

    public ScoringScheme Scheme { get; private set; } = null!;

    public DateTimeOffset? ImportedAt { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var record = await session.LoadAsync<ScoringSchemeRecord>(ScoringSchemeRecord.Key(SchemeRoute, VersionRoute), ct);
        ImportedAt = record?.ImportedAt;
        try
        {
            Scheme = CatalogueImport.Scheme(record, SchemeRoute, VersionRoute);
        }
        catch (RuleViolation)
        {
            throw new NotFound("bewertungsschema-unbekannt", "Bewertungsschema nicht gefunden", $"Es gibt kein Bewertungsschema \"{SchemeRoute}\" in Version {VersionRoute}.");
        }
    }
}
