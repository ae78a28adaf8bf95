using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Benchmark;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// #14 point 5: the Kommune's position among other Kommunen — its level per field beside the distribution of
/// each group it belongs to, and the whole anonymous benchmark; read through the benchmark endpoint. Today only
/// (the comparison is across Kommunen; an earlier moment of one Kommune does not fix the others'): as of a moment
/// the page carries the "Stand" banner and says so, with a link to today's comparison.
/// </summary>
public sealed class VergleichModel(IQuerySession session, TimeProvider clock) : KommunePage
{
    public string Name { get; private set; } = "";

    /// <summary>Today's comparison; null as of an earlier moment.</summary>
    public BenchmarkEndpoints.BenchmarkResource? Benchmark { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (AsOfAccess.Refused(this)) return await AsOfAccess.RefuseAsync(HttpContext);
        await LoadAsOfAsync(session, clock, ct);
        if (AsOf is { } state)
        {
            Name = state.Kommune.Name;
            return Page();
        }

        Name = (await KommunenEndpoints.Get(Id, session, User, ct)).Name;
        Benchmark = await BenchmarkEndpoints.ForKommuneAsync(session, Id, ct);
        return Page();
    }

    public static string LevelHeader(BenchmarkLevel level) =>
        level.Level is { } l ? $"Stufe {l.ToString(CultureInfo.InvariantCulture)}" : "nicht bewertbar";

    public static string LevelText(int? level, string label) =>
        level is { } l ? $"Stufe {l.ToString(CultureInfo.InvariantCulture)}" : label;

    public static string GroupTitle(string breakdown, string label) => breakdown switch
    {
        Breakdowns.Alle => "Alle Kommunen",
        Breakdowns.Kohorte => $"Jahrgang {label}",
        Breakdowns.Art => $"Art: {label}",
        Breakdowns.Bundesland => $"Bundesland {label}",
        _ => label,
    };

    /// <summary>"2 × Stufe 1, 5 × Stufe 2" (zero counts left out; none: "–").</summary>
    public static string Compact(FieldDistribution f)
    {
        if (f.Levels is null) return $"nicht ausgewiesen ({SuppressionReasons.Text(f.Suppressed!)})";
        var parts = f.Levels.Where(l => l.Kommunen > 0).Select(l => $"{l.Kommunen.ToString(CultureInfo.InvariantCulture)} × {LevelText(l.Level, l.Label)}").ToList();
        return parts.Count == 0 ? "–" : string.Join(", ", parts);
    }
}
