using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Fragebogen;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>Selbstcheck-Fragebogen: rounds, respondents and their answers, consensus, closing and evaluation.</summary>
public static class FragebogenEndpoints
{
    public sealed record OpenRoundRequest(
        string? Kind, string? Catalogue, string? CatalogueVersion, string? ActorGroup, string? ShortForm, DateOnly? Deadline, string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/rounds", OperationId = "openRound")]
    [Tags("Fragebogen")]
    [ProducesResponseType<RoundOpenedReply>(201)]
    public static async Task<IResult> Open(string id, OpenRoundRequest body, CommandSender sender, IQuerySession session, CancellationToken ct)
    {
        await KommuneLookup.EnsureExists(session, id, ct);
        var reply = await sender.Send<RoundOpenedReply>(
            new OpenRound(id, body.Kind, body.Catalogue, body.CatalogueVersion, body.ActorGroup, body.ShortForm, body.Deadline), ct);
        return Results.Created($"/api/kommunen/{id}/rounds/{reply.Round}", reply);
    }

    [WolverineGet("/api/kommunen/{id}/rounds", OperationId = "listRounds")]
    [Tags("Fragebogen")]
    public static async Task<Paged<RoundSummary>> List(string id, IQuerySession session, string? page, string? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        await KommuneLookup.EnsureExists(session, id, ct);
        var query = session.Query<Projections.QuestionnaireProgress.QuestionnaireProgress>().Where(p => p.KommuneId == id);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(p => p.Round).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return new Paged<RoundSummary>(items.Select(RoundSummary.From).ToList(), paging.Page, paging.PageSize, total);
    }

    [WolverineGet("/api/kommunen/{id}/rounds/{n}", OperationId = "getRoundProgress")]
    [Tags("Fragebogen")]
    public static async Task<RoundProgressResource> Progress(string id, string n, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var p = await RoundRoute.Progress(session, id, RoundRoute.Round(n), ct);
        var today = BerlinTime.Today(clock.GetUtcNow());
        return new RoundProgressResource(
            RoundSummary.From(p),
            p.Respondents.Select(r => RoundViews.Status(p, r)).ToList(),
            p.UnansweredCriteria(),
            p.Consensus,
            !p.Closed && p.Deadline is { } d && d < today);
    }

    public sealed record RespondentRequest(string? Unit, string? Dezernat, Guid? ContactPersonId, string? KommuneId = null);

    public sealed record RespondentLink(Guid RespondentId, string Unit, string Link, string Key, DateTimeOffset ExpiresAt);

    [WolverinePost("/api/kommunen/{id}/rounds/{n}/respondents", OperationId = "addRespondent")]
    [Tags("Fragebogen")]
    [ProducesResponseType<RespondentLink>(201)]
    public static async Task<IResult> AddRespondent(
        string id, string n, RespondentRequest body, ClaimsPrincipal user, CommandSender sender, IQuerySession session, LinkTokens links, CancellationToken ct)
    {
        var round = RoundRoute.Round(n);
        await KommuneLookup.EnsureExists(session, id, ct);
        var reply = await sender.Send<RespondentAddedReply>(
            new AddRespondent(id, round, Guid.CreateVersion7(), Guid.CreateVersion7(), body.Unit, body.Dezernat, body.ContactPersonId), ct);
        var link = await IssueLink(links, id, round, reply.RespondentId, reply.LinkId, Actor.From(user).Id, ct);
        return Results.Created($"/api/kommunen/{id}/rounds/{round}/respondents/{reply.RespondentId}/answers",
            new RespondentLink(reply.RespondentId, reply.Unit, link.Url, link.Token, link.ExpiresAt));
    }

    [WolverinePost("/api/kommunen/{id}/rounds/{n}/respondents/{rid}/link", OperationId = "reissueRespondentLink")]
    [Tags("Fragebogen")]
    [ProducesResponseType<RespondentLink>(201)]
    public static async Task<IResult> ReissueLink(string id, string n, string rid, ClaimsPrincipal user, IQuerySession session, LinkTokens links, CancellationToken ct)
    {
        var progress = await RoundRoute.Progress(session, id, RoundRoute.Round(n), ct);
        var respondent = RoundRoute.Respondent(progress, RoundRoute.Respondent(rid));
        var by = Actor.From(user).Id;
        // A new link replaces the old one: the old one stops working at once.
        await links.RevokeSubjectAsync(id, LinkTokens.RespondentSubject(progress.Round, respondent.RespondentId), by, ct);
        var link = await IssueLink(links, id, progress.Round, respondent.RespondentId, Guid.CreateVersion7(), by, ct);
        return Results.Created(link.Url, new RespondentLink(respondent.RespondentId, respondent.Unit, link.Url, link.Token, link.ExpiresAt));
    }

    private static async Task<(string Url, string Token, DateTimeOffset ExpiresAt)> IssueLink(
        LinkTokens links, string kommune, int round, Guid respondent, Guid linkId, string by, CancellationToken ct)
    {
        var issued = await links.IssueAsync(LinkPurposes.Befragung, kommune, LinkTokens.RespondentSubject(round, respondent),
            TimeSpan.FromDays(180), by, ct, linkId);
        var url = $"/api/kommunen/{kommune}/rounds/{round}/respondents/{respondent}/questionnaire?key={Uri.EscapeDataString(issued.Token)}";
        return (url, issued.Token, issued.Record.ExpiresAt);
    }

    public sealed record QuestionnaireResource(
        string KommuneId, int Round, string ActorGroup, string CatalogueId, string CatalogueVersion, DateOnly? Deadline, bool Closed,
        string Unit, bool Submitted, IReadOnlyList<QuestionnaireField> Fields, IReadOnlyList<string> Scale);

    public sealed record QuestionnaireField(int Field, string Key, string Name, IReadOnlyList<QuestionnaireCriterion> Criteria);

    public sealed record QuestionnaireCriterion(string Criterion, string Text, IReadOnlyList<string>? Questions, AnswerResource? Answer);

    [WolverineGet("/api/kommunen/{id}/rounds/{n}/respondents/{rid}/questionnaire", OperationId = "getQuestionnaire")]
    [Tags("Fragebogen")]
    public static async Task<QuestionnaireResource> Questionnaire(string id, string n, string rid, IQuerySession session, CancellationToken ct)
    {
        var p = await RoundRoute.Progress(session, id, RoundRoute.Round(n), ct);
        var r = RoundRoute.Respondent(p, RoundRoute.Respondent(rid));
        var catalogue = (await session.LoadAsync<CatalogueVersionRecord>(CatalogueVersionRecord.Key(p.CatalogueId, p.CatalogueVersion), ct))!.Catalogue;
        var answers = RoundViews.Answers(p, r).Answers.ToDictionary(a => a.Criterion);
        var fields = catalogue.Fields.OrderBy(f => f.Number)
            .Select(f => new QuestionnaireField(f.Number, f.Key, f.Name, f.Criteria.Where(c => p.Criteria.Contains(c.Id))
                .Select(c => new QuestionnaireCriterion(c.Id, c.Text, c.Questions, answers.GetValueOrDefault(c.Id))).ToList()))
            .Where(f => f.Criteria.Count > 0)
            .ToList();
        return new QuestionnaireResource(id, p.Round, p.ActorGroup, p.CatalogueId, p.CatalogueVersion, p.Deadline, p.Closed, r.Unit, r.Submitted, fields, Answers.All);
    }

    [WolverineGet("/api/kommunen/{id}/rounds/{n}/respondents/{rid}/answers", OperationId = "getAnswers")]
    [Tags("Fragebogen")]
    public static async Task<RespondentAnswersResource> GetAnswers(string id, string n, string rid, IQuerySession session, CancellationToken ct)
    {
        var p = await RoundRoute.Progress(session, id, RoundRoute.Round(n), ct);
        return RoundViews.Answers(p, RoundRoute.Respondent(p, RoundRoute.Respondent(rid)));
    }

    public sealed record AnswersRequest(IReadOnlyList<AnswerInput>? Answers, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/rounds/{n}/respondents/{rid}/answers", OperationId = "recordAnswers")]
    [Tags("Fragebogen")]
    public static async Task<AnswersReply> RecordAnswers(
        string id, string n, string rid, AnswersRequest body, ClaimsPrincipal user, CommandSender sender, IQuerySession session, CancellationToken ct)
    {
        var round = RoundRoute.Round(n);
        var respondent = RoundRoute.Respondent(rid);
        await KommuneLookup.EnsureExists(session, id, ct);
        var onBehalf = Caller.From(user)?.Is(Roles.Befragte) != true;
        return await sender.Send<AnswersReply>(new RecordAnswers(id, round, respondent, body.Answers, onBehalf), ct);
    }

    [WolverinePost("/api/kommunen/{id}/rounds/{n}/respondents/{rid}/submit", OperationId = "submitAnswers")]
    [Tags("Fragebogen")]
    public static async Task<SubmittedReply> Submit(string id, string n, string rid, ClaimsPrincipal user, CommandSender sender, IQuerySession session, CancellationToken ct)
    {
        var round = RoundRoute.Round(n);
        var respondent = RoundRoute.Respondent(rid);
        await KommuneLookup.EnsureExists(session, id, ct);
        var onBehalf = Caller.From(user)?.Is(Roles.Befragte) != true;
        return await sender.Send<SubmittedReply>(new SubmitAnswers(id, round, respondent, onBehalf), ct);
    }

    public sealed record ConsensusRequest(string? Criterion, string? Answer, string? Reason, long? ExpectedVersion, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/rounds/{n}/consensus", OperationId = "recordConsensus")]
    [Tags("Fragebogen")]
    public static async Task<ConsensusReply> Consensus(string id, string n, ConsensusRequest body, CommandSender sender, IQuerySession session, CancellationToken ct)
    {
        var round = RoundRoute.Round(n);
        await KommuneLookup.EnsureExists(session, id, ct);
        return await sender.Send<ConsensusReply>(new RecordConsensus(id, round, body.Criterion, body.Answer, body.Reason, body.ExpectedVersion), ct);
    }

    [WolverinePost("/api/kommunen/{id}/rounds/{n}/close", OperationId = "closeRound")]
    [Tags("Fragebogen")]
    public static async Task<EvaluationReply> Close(string id, string n, CommandSender sender, IQuerySession session, CancellationToken ct)
    {
        var round = RoundRoute.Round(n);
        await KommuneLookup.EnsureExists(session, id, ct);
        return await sender.Send<EvaluationReply>(new CloseRound(id, round), ct);
    }

    public sealed record EvaluationRequest(string? Scheme, string? SchemeVersion, string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/rounds/{n}/evaluations", OperationId = "reevaluateRound")]
    [Tags("Fragebogen")]
    public static async Task<EvaluationReply> Reevaluate(string id, string n, EvaluationRequest body, CommandSender sender, IQuerySession session, CancellationToken ct)
    {
        var round = RoundRoute.Round(n);
        await KommuneLookup.EnsureExists(session, id, ct);
        return await sender.Send<EvaluationReply>(new Workflow.Fragebogen.Reevaluate(id, round, body.Scheme, body.SchemeVersion), ct);
    }

    public sealed record CommentaryRequest(int? Field, string? Text, long? ExpectedVersion, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/rounds/{n}/commentary", OperationId = "recordCommentary")]
    [Tags("Fragebogen")]
    public static async Task<CommentaryReply> Commentary(string id, string n, CommentaryRequest body, CommandSender sender, IQuerySession session, CancellationToken ct)
    {
        var round = RoundRoute.Round(n);
        await KommuneLookup.EnsureExists(session, id, ct);
        return await sender.Send<CommentaryReply>(new RecordCommentary(id, round, body.Field, body.Text, body.ExpectedVersion), ct);
    }
}
