using Marten;
using Microsoft.AspNetCore.Routing;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Api;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Common;

using Route = Selbstcheck.Host.Api.Route;

namespace Selbstcheck.Host.Pages.Kommunen;

/// <summary>What the pages of one round (Runde, Abschliessen) read alike: the round's progress, live or as of a moment, and criterion texts.</summary>
public abstract class RoundPage(IQuerySession session, TimeProvider clock, EndpointDataSource endpoints) : KommunePage
{
    [Microsoft.AspNetCore.Mvc.FromRoute(Name = "n")]
    public string N { get; set; } = "";

    public int Round { get; protected set; }

    protected IQuerySession Session => session;

    public string Name { get; private set; } = "";

    public RoundProgressResource Progress { get; private set; } = null!;

    /// <summary>The round's evaluation (closed rounds), or null.</summary>
    public MaturityEndpoints.MaturityResource? Evaluation { get; private set; }

    /// <summary>Criterion id → "2.1 Text" from the round's catalogue version.</summary>
    public IReadOnlyDictionary<string, string> CriterionTexts { get; private set; } = new Dictionary<string, string>();

    /// <summary>How many criteria the round asks (the catalogue's, or its short form's).</summary>
    public int CriteriaAsked { get; private set; }

    /// <summary>The round's page, at the same moment.</summary>
    public string RoundLink(string sub = "") => Link($"runden/{Round}{(sub.Length == 0 ? "" : "/" + sub)}");

    /// <summary>Whether this build serves a page (a link to a page another part adds appears once it is there).</summary>
    public bool Serves(string route) =>
        endpoints.Endpoints.OfType<RouteEndpoint>().Any(e => string.Equals("/" + e.RoutePattern.RawText?.TrimStart('/'), route, StringComparison.Ordinal));

    public string Criterion(string id) => CriterionTexts.TryGetValue(id, out var text) ? text : id;

    protected async Task LoadRoundAsync(CancellationToken ct)
    {
        Round = Route.Round(N);
        await LoadAsOfAsync(session, clock, ct);
        if (AsOf is { } state)
        {
            Name = state.Kommune.Name;
            var asOf = state.Rounds.SingleOrDefault(r => r.Progress.Round.Round == Round)
                       ?? throw new NotFound("runde-unbekannt", "Befragungsrunde nicht gefunden", $"Runde {Round} gab es zu diesem Stand noch nicht.");
            Progress = asOf.Progress;
            Evaluation = asOf.Evaluation;
        }
        else
        {
            Name = (await KommunenEndpoints.Get(Id, session, User, ct)).Name;
            Progress = await QuestionnaireEndpoints.Progress(Id, Round.ToString(System.Globalization.CultureInfo.InvariantCulture), session, clock, ct);
            Evaluation = Progress.Round.Closed ? await EvaluationOf(ct) : null;
        }

        var catalogue = (await CataloguesEndpoints.Get(Progress.Round.CatalogueId, Progress.Round.CatalogueVersion, session, ct)).ForRound(Progress.Round.ShortForm);
        CriterionTexts = catalogue.Criteria.ToDictionary(c => c.Id, c => $"{c.Id} {c.Text}");
        CriteriaAsked = Progress.Round.ShortForm is { } form && catalogue.FindShortForm(form) is { } shortForm ? shortForm.Asked.Count : CriterionTexts.Count;
    }

    private async Task<MaturityEndpoints.MaturityResource?> EvaluationOf(CancellationToken ct)
    {
        try
        {
            return await MaturityEndpoints.Get(Id, session, Round.ToString(System.Globalization.CultureInfo.InvariantCulture), ct);
        }
        catch (NotFound)
        {
            return null;
        }
    }

    /// <summary>Progress per unit: respondents, submitted, criteria answered of all asked.</summary>
    public IReadOnlyList<UnitProgress> Units =>
        Progress.Respondents.GroupBy(r => r.Unit, StringComparer.OrdinalIgnoreCase)
            .Select(g => new UnitProgress(g.First().Unit, g.Count(), g.Count(r => r.Submitted), g.Sum(r => r.Answered), g.Sum(r => r.Total)))
            .OrderBy(u => u.Unit, StringComparer.CurrentCulture)
            .ToList();

    public sealed record UnitProgress(string Unit, int Respondents, int Submitted, int Answered, int Total);
}
