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
        return Results.Text(StandortChart.Render(kommune.Name, round.Round, round.Evaluation, scheme.Levels), "image/svg+xml; charset=utf-8", Encoding.UTF8);
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
        return Results.Text(CriterionTables.Page(kommune.Name, round, note), "text/html; charset=utf-8", Encoding.UTF8);
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
        DateTimeOffset? RecordedAt);

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
        csv.Append("Runde;Akteursgruppe;Befragte Stelle;Dezernat;Handlungsfeld;Kriterium;Antwort;Kommentar;Nachweis;Version;Abgegeben;Erfasst von;Im Auftrag erfasst;Erfasst am\r\n");
        foreach (var r in rows)
        {
            csv.Append(string.Join(';',
                r.Round.ToString(CultureInfo.InvariantCulture), Cell(r.ActorGroup), Cell(r.Unit), Cell(r.Dezernat),
                r.Field.ToString(CultureInfo.InvariantCulture), Cell(r.Criterion), Cell(r.Answer), Cell(r.Comment), Cell(r.Evidence),
                r.Version.ToString(CultureInfo.InvariantCulture), r.Submitted ? "ja" : "nein", Cell(r.RecordedBy), r.OnBehalf ? "ja" : "nein",
                r.RecordedAt?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? ""));
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
        var catalogue = (await session.LoadAsync<CatalogueVersionRecord>(CatalogueVersionRecord.Key(p.CatalogueId, p.CatalogueVersion), ct))!.Catalogue;
        // One row per respondent × criterion of the round, answered or not.
        return p.Respondents.SelectMany(r => p.Criteria.Select(c =>
        {
            var a = r.Answers.GetValueOrDefault(c);
            return new AnswerRow(p.Round, p.ActorGroup, r.RespondentId, r.Unit, r.Dezernat, catalogue.FieldOf(c).Number, c, a?.Answer, personal.Show(a?.Comment), personal.Show(a?.Evidence),
                a?.Version ?? 0, r.Submitted, a?.RecordedBy, a?.OnBehalf ?? false, a?.RecordedAt);
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
