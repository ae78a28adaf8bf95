using System.Security.Claims;
using System.Globalization;
using System.Text;
using Marten;
using Selbstcheck.Host.Personal;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Reports;
using Selbstcheck.Projections.QuestionnaireProgress;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine.Http;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Api;

/// <summary>The chart, the criterion tables, and the answers of a round for export.</summary>
public static class ReportsEndpoints
{
    [WolverineGet("/api/kommunen/{id}/rounds/{n}/chart.svg", OperationId = "getRoundChart")]
    [Tags("Standortbestimmung")]
    [Produces("image/svg+xml")]
    public static async Task<IResult> Chart(string id, string n, IQuerySession session, CancellationToken ct)
    {
        var round = await MaturityEndpoints.Find(session, id, n, ct);
        var kommune = await KommuneLookup.Require(session, id, ct);
        var scheme = await CatalogueImport.SchemeAsync(session, round.Evaluation!.SchemeId, round.Evaluation.SchemeVersion, ct);
        // #14: another actor group's round shows the administration's baseline beside it, and nothing below the minimum of responses.
        var mirror = await MirrorAsync(session, id, round, ct);
        var svg = mirror is { Shown: false }
            ? StandortChart.Withheld(kommune.Name, round.Round, round.ActorGroup)
            : StandortChart.Render(kommune.Name, round.Round, round.Evaluation, scheme.Levels, mirror?.Chart);
        return Results.Text(svg, "image/svg+xml; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>For a round of another actor group than the administration: whether its result may be shown, and its baseline's levels.</summary>
    public static async Task<(bool Shown, ChartMirror? Chart)?> MirrorAsync(IQuerySession session, string id, Projections.MaturityOverview.RoundMaturity round, CancellationToken ct)
    {
        var rounds = PerspectivesEndpoints.Rounds([.. (await session.LoadAsync<Projections.MaturityOverview.MaturityOverview>(id, ct))?.Rounds ?? []]);
        var own = rounds.SingleOrDefault(r => r.Round == round.Round);
        if (own is null || Perspectives.IsAdministration(own)) return null;
        var baseline = Perspectives.Baseline(rounds, own);
        return (Perspectives.Enough(own.Evaluation.Responses),
            baseline is null ? null : new ChartMirror(own.ActorGroup, baseline.Round, baseline.Evaluation.Fields.ToDictionary(f => f.Field)));
    }

    [WolverineGet("/api/kommunen/{id}/rounds/{n}/tables.html", OperationId = "getRoundTables")]
    [Tags("Standortbestimmung")]
    [Produces("text/html")]
    public static async Task<IResult> Tables(string id, string n, IQuerySession session, CancellationToken ct)
    {
        var round = await MaturityEndpoints.Find(session, id, n, ct);
        var kommune = await KommuneLookup.Require(session, id, ct);
        // #14: responses of the open survey are counted as what they are (a session is no proof of one person).
        var progress = await session.LoadAsync<Projections.QuestionnaireProgress.QuestionnaireProgress>(
            Projections.QuestionnaireProgress.QuestionnaireProgress.Key(id, round.Round), ct);
        var anonymous = progress?.Respondents.Count(r => r.Anonymous && r.Submitted) ?? 0;
        var note = anonymous == 0 ? null : $"Darunter {anonymous} abgegebene Antworten der offenen Befragung (anonym). {Workflow.Journey.OpenSurvey.Note}";
        // #14: a follow-up round of another actor group shows its perspective against the administration's baseline.
        var perspectives = (await PerspectivesEndpoints.Get(id, session, ct)).Comparisons.Where(c => c.Round == round.Round).ToList();
        return Results.Text(CriterionTables.Page(kommune.Name, round, perspectives, note), "text/html; charset=utf-8", Encoding.UTF8);
    }

    public sealed record AnswerRow(
        int Round,
        [PersonalData(false)] string ActorGroup,
        Guid RespondentId,
        [PersonalData(false)] string Unit,
        [PersonalData(false)] string? Dezernat,
        int Field,
        [PersonalData(false)] string Criterion,
        [PersonalData(false)] string? Answer,
        [PersonalData(true)] string? Comment,
        [PersonalData(true)] string? Evidence,
        long Version,
        bool Submitted,
        [PersonalData(false)] string? RecordedBy,
        bool OnBehalf,
        DateTimeOffset? RecordedAt,
        // #14 seed exactness: "rekonstruiert" for a reconstructed answer, null for a documented one.
        [PersonalData(false)] string? Provenance = null);

    [WolverineGet("/api/kommunen/{id}/rounds/{n}/answers.json", OperationId = "exportAnswersJson")]
    [Tags("Export")]
    public static async Task<IReadOnlyList<AnswerRow>> Json(string id, string n, IQuerySession session, ClaimsPrincipal user, CancellationToken ct) =>
        await Rows(session, id, n, user, ct);

    [WolverineGet("/api/kommunen/{id}/rounds/{n}/answers.csv", OperationId = "exportAnswersCsv")]
    [Tags("Export")]
    [Produces("text/csv")]
    public static async Task<IResult> Csv(string id, string n, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var rows = await Rows(session, id, n, user, ct);
        var csv = new StringBuilder();
        csv.Append("Runde;Akteursgruppe;Befragte Stelle;Dezernat;Handlungsfeld;Kriterium;Antwort;Kommentar;Nachweis;Version;Abgegeben;Erfasst von;Im Auftrag erfasst;Erfasst am;Herkunft\r\n");
        foreach (var r in rows)
        {
            csv.Append(string.Join(';',
                r.Round.ToString(CultureInfo.InvariantCulture), Cell(r.ActorGroup), Cell(r.Unit), Cell(r.Dezernat),
                r.Field.ToString(CultureInfo.InvariantCulture), Cell(r.Criterion), Cell(r.Answer), Cell(r.Comment), Cell(r.Evidence),
                r.Version.ToString(CultureInfo.InvariantCulture), r.Submitted ? "ja" : "nein", Cell(r.RecordedBy), r.OnBehalf ? "ja" : "nein",
                r.RecordedAt?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "", Cell(r.Provenance)));
            csv.Append("\r\n");
        }

        // With a byte order mark, so spreadsheet programs read the umlauts right.
        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(),
            "text/csv; charset=utf-8", $"{id}-runde-{n}-antworten.csv");
    }

    private static async Task<IReadOnlyList<AnswerRow>> Rows(IQuerySession session, string id, string n, ClaimsPrincipal user, CancellationToken ct)
    {
        var p = await Rounds.Progress(session, id, Route.Round(n), ct);
        var personal = await PersonalData.LoadAsync(session, p.Respondents.SelectMany(r => r.Answers.Values.SelectMany(a => new[] { a.Comment, a.Evidence })), user, ct);
        var catalogue = (await session.LoadAsync<CatalogueVersionRecord>(CatalogueVersionRecord.Key(p.CatalogueId, p.CatalogueVersion), ct))!.Catalogue.ForRound(p.ShortForm);
        // One row per respondent × criterion of the round, answered or not.
        return p.Respondents.SelectMany(r => p.Criteria.Select(c =>
        {
            var a = r.Answers.GetValueOrDefault(c);
            return new AnswerRow(p.Round, p.ActorGroup, r.RespondentId, r.Unit, r.Dezernat, catalogue.FieldOf(c).Number, c, a?.Answer, personal.Show(a?.Comment), personal.Show(a?.Evidence),
                a?.Version ?? 0, r.Submitted, a?.RecordedBy, a?.OnBehalf ?? false, a?.RecordedAt,
                a?.Reconstructed is null ? null : Workflow.Journey.Provenance.Reconstructed);
        })).ToList();
    }

    /// <summary>Quoted when needed; a leading = + - @ is defused so spreadsheets do not run it as a formula.</summary>
    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([';', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
