using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Infrastructure;

namespace Selbstcheck.Host.Pages.Programm;

/// <summary>
/// #15 H3: the cohorts (Jahrgänge) with their Kommunen, read through GET /api/cohorts and the Kommunen list (cohort
/// filter), and the Kommunen without a cohort. A cohort exists by use: it appears with its first Kommune (master data).
/// </summary>
public sealed class KohortenModel(IQuerySession session) : PageModel, IProgrammPage
{
    public sealed record CohortLine(string? Label, long Total, IReadOnlyList<KommuneResource> Kommunen);

    /// <summary>The most Kommunen listed per cohort (the API's page size); the list page shows the rest with its filter.</summary>
    public const int PerCohort = 200;

    private static readonly StringComparer German = StringComparer.Create(CultureInfo.GetCultureInfo("de-DE"), ignoreCase: true);

    public IReadOnlyList<CohortLine> Cohorts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var labels = (await KommunenEndpoints.Cohorts(session, null, "500", ct)).Items.Select(c => c.Label).ToList();
        var lines = new List<CohortLine>();
        foreach (var label in labels.Append(null))
        {
            var page = await KommunenEndpoints.List(User, session, null, PerCohort.ToString(CultureInfo.InvariantCulture), label ?? "keine", null, null, null, ct);
            if (label is null && page.Total == 0) continue;
            lines.Add(new CohortLine(label, page.Total, page.Items.OrderBy(k => k.Name, German).ToList()));
        }

        Cohorts = lines;
    }

    public static string Anchor(string? label) => label is null ? "ohne-jahrgang" : $"jahrgang-{label}";
}
