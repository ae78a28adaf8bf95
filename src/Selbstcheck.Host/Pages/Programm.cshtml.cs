using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Selbstcheck.Host.Api;

namespace Selbstcheck.Host.Pages;

/// <summary>#14 point 5: the programme team's overview — Kommunen per phase and per cohort, and how far they got; read through the overview endpoint.</summary>
public sealed class ProgrammModel(IQuerySession session) : PageModel, IProgrammPage
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public BenchmarkEndpoints.ProgrammeOverviewResource Overview { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Overview = await BenchmarkEndpoints.ProgrammeOverviewAsync(session, ct);

    /// <summary>"3 von 12 (25 %)".</summary>
    public static string Share(int part, int whole) =>
        whole == 0 ? "–" : $"{part.ToString(German)} von {whole.ToString(German)} ({Math.Round(100m * part / whole).ToString("0", German)} %)";
}
