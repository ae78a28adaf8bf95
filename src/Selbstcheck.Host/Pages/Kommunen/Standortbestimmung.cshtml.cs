using System.Globalization;
using System.Text;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Api;
using Selbstcheck.Host.Reports;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>
/// The Standortbestimmung: the chart (and its data as a table), per field the criteria with their distribution,
/// spread and disagreement, the commentary, and the trend over rounds — read through the maturity endpoints, or as
/// of a moment from the replayed state. Read-only.
/// </summary>
public class StandortbestimmungModel(IQuerySession session, TimeProvider clock) : KommunePage
{
    protected IQuerySession Session => session;

    protected TimeProvider Clock => clock;

    /// <summary>Whether the page shows an earlier state than today's (the texts then say "zu diesem Stand").</summary>
    public virtual bool ShowsEarlierState => Historical;

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public string Name { get; protected set; } = "";

    /// <summary>The evaluation shown (the current Standortbestimmung then); null before the first evaluated round.</summary>
    public MaturityEndpoints.MaturityResource? Current { get; private set; }

    /// <summary>Today: the chart endpoint's address, shown as an image.</summary>
    public string? ChartSource { get; private set; }

    /// <summary>As of a moment: the chart rendered from that evaluation (accessible SVG: role img, title, description).</summary>
    public string? ChartMarkup { get; private set; }

    /// <summary>What the chart shows, in words (the image's alternative text).</summary>
    public string ChartText { get; private set; } = "";

    public IReadOnlyList<TrendColumn> TrendRounds { get; private set; } = [];

    public IReadOnlyList<TrendRow> Trend { get; private set; } = [];

    /// <summary>#14: the administration's view mirrored against other actor groups' (today, or as of the moment asked for).</summary>
    public PerspectivesView? Perspectives { get; private set; }

    /// <summary>Per shown follow-up round with a baseline: its chart with the administration's levels beside the group's.</summary>
    public IReadOnlyDictionary<int, string> PerspectiveCharts { get; private set; } = new Dictionary<int, string>();

    /// <summary>The trend, one table per actor group (never mixed); the administration's first.</summary>
    public IReadOnlyList<TrendGroup> TrendGroups { get; private set; } = [];

    public sealed record TrendGroup(string ActorGroup, IReadOnlyList<TrendColumn> Columns, IReadOnlyList<TrendRow> Rows);

    public sealed record TrendColumn(int Round, string Kind, string ActorGroup, bool Shown = true, int? Responses = null);

    public sealed record TrendCell(int? Level, decimal? Mean);

    public sealed record TrendRow(string Name, IReadOnlyDictionary<int, TrendCell> Cells);

    public virtual async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (AsOfAccess.Refused(this)) return await AsOfAccess.RefuseAsync(HttpContext);
        await LoadAsOfAsync(session, clock, ct);
        return await RenderAsync(ct);
    }

    /// <summary>Fills the page from <see cref="KommunePage.AsOf"/> when it was loaded, from today's endpoints otherwise.</summary>
    protected async Task<IActionResult> RenderAsync(CancellationToken ct)
    {
        if (AsOf is { } state)
        {
            Name = state.Kommune.Name;
            Current = state.Standortbestimmung;
            var evaluated = state.Rounds.Select(r => r.Evaluation).OfType<MaturityEndpoints.MaturityResource>().OrderBy(e => e.Round).ToList();
            TrendRounds = evaluated.Select(e => new TrendColumn(e.Round, e.Kind, e.ActorGroup)).ToList();
            await LoadPerspectivesAsync(state.Rounds.Where(r => r.Evaluation is not null)
                .Select(r => new PerspectiveRound(r.Evaluation!.Round, r.Evaluation.Kind, r.Evaluation.ActorGroup, r.Progress.Round.OpenedAt, r.Progress.Round.ClosedAt, EvaluationOf(r.Evaluation)))
                .ToList(), ct);
            if (Current is { } then)
            {
                var levels = (await CatalogueImport.SchemeAsync(session, then.Scheme, then.SchemeVersion, ct)).Levels;
                ChartMarkup = StandortChart.Render(Name, then.Round, EvaluationOf(then), levels);
                ChartText = ChartDescription(then);
            }

            return Page();
        }

        Name = (await KommunenEndpoints.Get(Id, session, User, ct)).Name;
        try
        {
            Current = await MaturityEndpoints.Get(Id, session, null, ct);
        }
        catch (NotFound)
        {
            Current = null;
        }

        var trend = await MaturityEndpoints.Trend(Id, session, ct);
        TrendRounds = trend.Rounds.Select(r => new TrendColumn(r.Round, r.Kind, r.ActorGroup)).ToList();
        var overview = await session.LoadAsync<Projections.MaturityOverview.MaturityOverview>(Id, ct);
        await LoadPerspectivesAsync(PerspectivesEndpoints.Rounds(overview?.Rounds ?? []), ct);
        if (Current is { } now)
        {
            ChartSource = $"/api/kommunen/{Uri.EscapeDataString(Id)}/rounds/{now.Round.ToString(CultureInfo.InvariantCulture)}/chart.svg";
            ChartText = ChartDescription(now);
        }

        return Page();
    }

    /// <summary>#14: the perspectives of these rounds, each shown follow-up round's chart, and the trend per actor group.</summary>
    private async Task LoadPerspectivesAsync(IReadOnlyList<PerspectiveRound> rounds, CancellationToken ct)
    {
        Perspectives = await PerspectivesEndpoints.OfAsync(session, rounds, null, ct);
        var charts = new Dictionary<int, string>();
        foreach (var c in Perspectives.Comparisons.Where(c => c.Shown && c.BaselineRound is not null))
        {
            var own = rounds.Single(r => r.Round == c.Round);
            var baseline = rounds.Single(r => r.Round == c.BaselineRound);
            var levels = (await CatalogueImport.SchemeAsync(session, own.Evaluation.SchemeId, own.Evaluation.SchemeVersion, ct)).Levels;
            charts[c.Round] = StandortChart.Render(Name, c.Round, own.Evaluation, levels,
                new ChartMirror(c.ActorGroup, baseline.Round, baseline.Evaluation.Fields.ToDictionary(f => f.Field)), $"perspektive-{c.Round.ToString(CultureInfo.InvariantCulture)}");
        }

        PerspectiveCharts = charts;
        TrendGroups = Perspectives.Trends.Select(t => new TrendGroup(
            t.ActorGroup,
            t.Rounds.Select(r => new TrendColumn(r.Round, r.Kind, t.ActorGroup, r.Shown, r.Responses)).ToList(),
            t.Rounds.SelectMany(r => r.Fields.Select(f => (r.Round, f)))
                .GroupBy(x => x.f.Key)
                .OrderBy(g => g.Last().f.Field)
                .Select(g => new TrendRow($"{g.Last().f.Field}: {g.Last().f.Name}", g.ToDictionary(x => x.Round, x => new TrendCell(x.f.Level, x.f.Mean))))
                .Append(new TrendRow("Gesamt", t.Rounds.Where(r => r.Overall is not null).ToDictionary(r => r.Round, r => new TrendCell(r.Overall!.Level, r.Overall.Mean))))
                .ToList())).ToList();
        Trend = TrendGroups.FirstOrDefault()?.Rows ?? [];
    }

    /// <summary>The chart's title and description in words, as its SVG carries them.</summary>
    private string ChartDescription(MaturityEndpoints.MaturityResource m)
    {
        var text = new StringBuilder($"Standortbestimmung {Name}, Runde {m.Round.ToString(CultureInfo.InvariantCulture)}. Gesamt: {m.Overall.Label}.");
        foreach (var f in m.Fields) text.Append(CultureInfo.InvariantCulture, $" Handlungsfeld {f.Field} {f.Name}: {f.Label}.");
        return text.ToString();
    }

    /// <summary>The evaluation as the chart takes it, from the resource (which carries all of it).</summary>
    private static Evaluation EvaluationOf(MaturityEndpoints.MaturityResource m) => new(
        m.Catalogue, m.CatalogueVersion, m.Scheme, m.SchemeVersion, m.Overall,
        m.Fields.Select(f => new FieldResult(f.Field, f.Key, f.Name, f.Level, f.Label, f.MeanExact, f.Mean, f.Answered, f.Total, f.PullsDown, f.Criteria)).ToList(),
        m.Responses, m.Questions);

    public static string Mean(decimal? mean) => mean is { } m ? m.ToString("0.00", German) : "–";

    public static string Cell(TrendCell? cell) =>
        cell is null ? "–" : cell.Level is null ? "nicht bewertbar" : $"Stufe {cell.Level.Value.ToString(CultureInfo.InvariantCulture)} (Ø {Mean(cell.Mean)})";

    /// <summary>The agreed or the one given answer; where respondents differ, the mean (as the criterion tables show it).</summary>
    public static string Fulfilled(CriterionResult c)
    {
        if (c.Consensus is not null) return c.Consensus;
        var given = Answers.Scale.Where(a => c.Counts.GetValueOrDefault(a) > 0).ToList();
        return given.Count switch
        {
            0 => Answers.KeineAngabe,
            1 => given[0],
            _ => $"Ø {Mean(c.Score)}",
        };
    }

    /// <summary>The spread of the answers given: "ja bis nein", one answer alone, or "–".</summary>
    public static string Spread(CriterionResult c) =>
        c.Max is null || c.Min is null ? "–" : c.Max == c.Min ? c.Max : $"{c.Max} bis {c.Min}";

    public static string Delta(Projections.MaturityOverview.FieldDelta? delta)
    {
        if (delta is null) return "–";
        var parts = new List<string>();
        if (delta.Level is { } l) parts.Add(l == 0 ? "Stufe gleich" : $"Stufe {(l > 0 ? "+" : "−")}{Math.Abs(l).ToString(CultureInfo.InvariantCulture)}");
        if (delta.Mean is { } m) parts.Add($"Ø {(m >= 0 ? "+" : "−")}{Math.Abs(m).ToString("0.00", German)}");
        return parts.Count == 0 ? "–" : string.Join(", ", parts);
    }

    /// <summary>Commentary as paragraphs (blank lines separate them).</summary>
    public static IEnumerable<string> Paragraphs(string? text) =>
        (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
