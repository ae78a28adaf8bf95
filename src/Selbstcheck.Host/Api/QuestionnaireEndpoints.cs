using System.Security.Claims;
using Marten;
using Selbstcheck.Host.Personal;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Projections.QuestionnaireProgress;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>The Selbstcheck-Fragebogen: rounds, respondents and their answers, consensus, closing and evaluation.</summary>
public static class QuestionnaireEndpoints
{
    public sealed record OpenRoundRequest(
        string? Kind, string? Catalogue, string? CatalogueVersion, string? ActorGroup, string? ShortForm, DateOnly? Deadline, string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/rounds", OperationId = "openRound")]
    [Tags("Fragebogen")]
    [ProducesResponseType<RoundOpenedReply>(201)]
    public static async Task<IResult> Open(string id, OpenRoundRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct)
    {
        var reply = await bus.InvokeAs<RoundOpenedReply>(user,
            new OpenRound(id, body.Kind, body.Catalogue, body.CatalogueVersion, body.ActorGroup, body.ShortForm, body.Deadline), ct);
        return Results.Created($"/api/kommunen/{id}/rounds/{reply.Round}", reply);
    }

    [WolverineGet("/api/kommunen/{id}/rounds", OperationId = "listRounds")]
    [Tags("Fragebogen")]
    public static async Task<Paged<RoundSummary>> List(string id, IQuerySession session, string? page, string? pageSize, CancellationToken ct)
    {
        var paging = PageRequest.Parse(page, pageSize);
        await KommuneLookup.EnsureExists(session, id, ct);
        var query = session.Query<QuestionnaireProgress>().Where(p => p.KommuneId == id);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(p => p.Round).Skip(paging.Skip).Take(paging.PageSize).ToListAsync(ct);
        return new Paged<RoundSummary>(items.Select(RoundSummary.From).ToList(), paging.Page, paging.PageSize, total);
    }

    [WolverineGet("/api/kommunen/{id}/rounds/{n}", OperationId = "getRoundProgress")]
    [Tags("Fragebogen")]
    public static async Task<RoundProgressResource> Progress(string id, string n, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var p = await Rounds.Progress(session, id, Route.Round(n), ct);
        // #14: whether the round's open survey link was revoked is the link's (the record), not the round's.
        var link = p.OpenSurvey is { } open ? await session.LoadAsync<LinkRecord>(open.LinkId, ct) : null;
        return RoundProgressResource.From(p, clock.GetUtcNow()) with { OpenSurvey = OpenSurveyResource.From(p, link?.RevokedAt is not null) };
    }

    public sealed record RespondentRequest(string? Unit, string? Dezernat, Guid? ContactPersonId, string? KommuneId = null);

    public sealed record RespondentLink(Guid RespondentId, [PersonalData(false)] string Unit, [PersonalData(false)] string Link, [PersonalData(false)] string Key, DateTimeOffset ExpiresAt);

    [WolverinePost("/api/kommunen/{id}/rounds/{n}/respondents", OperationId = "addRespondent")]
    [Tags("Fragebogen")]
    [ProducesResponseType<RespondentLink>(201)]
    public static async Task<IResult> AddRespondent(string id, string n, RespondentRequest body, ClaimsPrincipal user, IMessageBus bus, SelbstcheckSettings settings, CancellationToken ct)
    {
        var round = Route.Round(n);
        var link = await AddRespondentWithLink(bus, user, settings, id, round, body.Unit, body.Dezernat, body.ContactPersonId, ct);
        return Results.Created($"/api/kommunen/{id}/rounds/{round}/respondents/{link.RespondentId}/answers", link);
    }

    /// <summary>Adds a respondent and issues its link — POST …/respondents, and the round's page, send exactly this.</summary>
    public static async Task<RespondentLink> AddRespondentWithLink(
        IMessageBus bus, ClaimsPrincipal user, SelbstcheckSettings settings, string id, int round, string? unit, string? dezernat, Guid? contactPersonId, CancellationToken ct)
    {
        var reply = await bus.InvokeAs<RespondentAddedReply>(user,
            new AddRespondent(id, round, Guid.CreateVersion7(), Guid.CreateVersion7(), unit, dezernat, contactPersonId), ct);
        var link = await IssueLink(bus, user, settings, id, round, reply.RespondentId, reply.LinkId, replace: false, ct);
        return new RespondentLink(reply.RespondentId, reply.Unit, link.Url, link.Token, link.ExpiresAt);
    }

    [WolverinePost("/api/kommunen/{id}/rounds/{n}/respondents/{rid}/link", OperationId = "reissueRespondentLink")]
    [Tags("Fragebogen")]
    [ProducesResponseType<RespondentLink>(201)]
    public static async Task<IResult> ReissueLink(
        string id, string n, string rid, ClaimsPrincipal user, IQuerySession session, IMessageBus bus, SelbstcheckSettings settings, CancellationToken ct)
    {
        var round = Route.Round(n);
        var link = await IssueNewLink(bus, user, session, settings, id, round, Route.Respondent(rid), ct);
        return Results.Created(QuestionnairePath(id, round, link.RespondentId), link);
    }

    /// <summary>A respondent's new link — POST …/respondents/{rid}/link, and the round's page, send exactly this.</summary>
    public static async Task<RespondentLink> IssueNewLink(
        IMessageBus bus, ClaimsPrincipal user, IQuerySession session, SelbstcheckSettings settings, string id, int round, Guid rid, CancellationToken ct)
    {
        var progress = await Rounds.Progress(session, id, round, ct);
        var respondent = Rounds.Respondent(progress, rid);
        // A new link replaces the old one: the old one stops working at once (revoked in the same step).
        var (command, token) = LinkTokens.NewLink(LinkPurposes.Befragung, id, LinkTokens.RespondentSubject(progress.Round, respondent.RespondentId),
            RespondentLinkValidity, replaceSubject: true);
        var record = await bus.InvokeAs<LinkRecord>(user, command, ct);
        return new RespondentLink(respondent.RespondentId, respondent.Unit, RespondentUrl(settings, token), token, record.ExpiresAt);
    }

    private static readonly TimeSpan RespondentLinkValidity = TimeSpan.FromDays(180);

    private static async Task<(string Url, string Token, DateTimeOffset ExpiresAt)> IssueLink(
        IMessageBus bus, ClaimsPrincipal user, SelbstcheckSettings settings, string kommune, int round, Guid respondent, Guid linkId, bool replace, CancellationToken ct)
    {
        var (command, token) = LinkTokens.NewLink(LinkPurposes.Befragung, kommune, LinkTokens.RespondentSubject(round, respondent), RespondentLinkValidity, linkId, replace);
        var record = await bus.InvokeAs<LinkRecord>(user, command, ct);
        return (RespondentUrl(settings, token), token, record.ExpiresAt);
    }

    /// <summary>
    /// The link a respondent gets: the questionnaire page at the service's public address, which exchanges the
    /// key for a session and drops it from the address. The API takes the same key (<c>?key=</c>) at
    /// <see cref="QuestionnairePath"/> and the respondent's answers and submit.
    /// </summary>
    public static string RespondentUrl(SelbstcheckSettings settings, string token) =>
        $"{settings.PublicUrl.TrimEnd('/')}{Access.RespondentSession.Path}?{LinkTokens.QueryParameter}={Uri.EscapeDataString(token)}";

    private static string QuestionnairePath(string kommune, int round, Guid respondent) =>
        $"/api/kommunen/{kommune}/rounds/{round}/respondents/{respondent}/questionnaire";

    public sealed record QuestionnaireResource(
        [PersonalData(false)] string KommuneId, int Round, [PersonalData(false)] string ActorGroup, [PersonalData(false)] string CatalogueId, [PersonalData(false)] string CatalogueVersion, DateOnly? Deadline, bool Closed,
        [PersonalData(false)] string Unit, bool Submitted, IReadOnlyList<QuestionnaireField> Fields, [PersonalData(false)] IReadOnlyList<string> Scale);

    public sealed record QuestionnaireField(int Field, [PersonalData(false)] string Key, [PersonalData(false)] string Name, IReadOnlyList<QuestionnaireCriterion> Criteria);

    public sealed record QuestionnaireCriterion([PersonalData(false)] string Criterion, [PersonalData(false)] string Text, [PersonalData(false)] IReadOnlyList<string>? Questions, AnswerResource? Answer);

    [WolverineGet("/api/kommunen/{id}/rounds/{n}/respondents/{rid}/questionnaire", OperationId = "getQuestionnaire")]
    [Tags("Fragebogen")]
    public static async Task<QuestionnaireResource> Questionnaire(string id, string n, string rid, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var p = await Rounds.Progress(session, id, Route.Round(n), ct);
        var r = Rounds.Respondent(p, Route.Respondent(rid));
        // A short form of questions: its plain questions, by field (#14).
        var catalogue = (await session.LoadAsync<CatalogueVersionRecord>(CatalogueVersionRecord.Key(p.CatalogueId, p.CatalogueVersion), ct))!.Catalogue.ForRound(p.ShortForm);
        var answers = (await Rounds.AnswersAsync(session, p, r, user, ct)).Answers.ToDictionary(a => a.Criterion);
        var fields = catalogue.Fields.OrderBy(f => f.Number)
            .Select(f => new QuestionnaireField(f.Number, f.Key, f.Name, f.Criteria.Where(c => p.Criteria.Contains(c.Id))
                .Select(c => new QuestionnaireCriterion(c.Id, c.Text, c.Questions, answers.GetValueOrDefault(c.Id))).ToList()))
            .Where(f => f.Criteria.Count > 0)
            .ToList();
        return new QuestionnaireResource(id, p.Round, p.ActorGroup, p.CatalogueId, p.CatalogueVersion, p.Deadline, p.Closed, r.Unit, r.Submitted, fields, Answers.All);
    }

    [WolverineGet("/api/kommunen/{id}/rounds/{n}/respondents/{rid}/answers", OperationId = "getAnswers")]
    [Tags("Fragebogen")]
    public static async Task<RespondentAnswersResource> GetAnswers(string id, string n, string rid, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var p = await Rounds.Progress(session, id, Route.Round(n), ct);
        return await Rounds.AnswersAsync(session, p, Rounds.Respondent(p, Route.Respondent(rid)), user, ct);
    }

    public sealed record AnswersRequest(IReadOnlyList<AnswerInput>? Answers, string? KommuneId = null);

    /// <summary>By the respondent through their link, or on their behalf (a returned paper form).</summary>
    [WolverinePut("/api/kommunen/{id}/rounds/{n}/respondents/{rid}/answers", OperationId = "recordAnswers")]
    [Tags("Fragebogen")]
    public static Task<AnswersReply> RecordAnswers(string id, string n, string rid, AnswersRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<AnswersReply>(user, new RecordAnswers(id, Route.Round(n), Route.Respondent(rid), body.Answers), ct);

    [WolverinePost("/api/kommunen/{id}/rounds/{n}/respondents/{rid}/submit", OperationId = "submitAnswers")]
    [Tags("Fragebogen")]
    public static Task<SubmittedReply> Submit(string id, string n, string rid, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<SubmittedReply>(user, new SubmitAnswers(id, Route.Round(n), Route.Respondent(rid)), ct);

    public sealed record ConsensusRequest(string? Criterion, string? Answer, string? Reason, long? ExpectedVersion, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/rounds/{n}/consensus", OperationId = "recordConsensus")]
    [Tags("Fragebogen")]
    public static Task<ConsensusReply> Consensus(string id, string n, ConsensusRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<ConsensusReply>(user, new RecordConsensus(id, Route.Round(n), body.Criterion, body.Answer, body.Reason, body.ExpectedVersion), ct);

    [WolverinePost("/api/kommunen/{id}/rounds/{n}/close", OperationId = "closeRound")]
    [Tags("Fragebogen")]
    public static Task<EvaluationReply> Close(string id, string n, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<EvaluationReply>(user, new CloseRound(id, Route.Round(n)), ct);

    public sealed record EvaluationRequest(string? Scheme, string? SchemeVersion, string? KommuneId = null);

    [WolverinePost("/api/kommunen/{id}/rounds/{n}/evaluations", OperationId = "reevaluateRound")]
    [Tags("Fragebogen")]
    public static Task<EvaluationReply> Reevaluate(string id, string n, EvaluationRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<EvaluationReply>(user, new Workflow.Questionnaire.Reevaluate(id, Route.Round(n), body.Scheme, body.SchemeVersion), ct);

    public sealed record CommentaryRequest(int? Field, string? Text, long? ExpectedVersion, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/rounds/{n}/commentary", OperationId = "recordCommentary")]
    [Tags("Fragebogen")]
    public static Task<CommentaryReply> Commentary(string id, string n, CommentaryRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<CommentaryReply>(user, new RecordCommentary(id, Route.Round(n), body.Field, body.Text, body.ExpectedVersion), ct);
}

public sealed record RoundSummary(
    int Round,
    [PersonalData(false)] string Kind,
    [PersonalData(false)] string? ShortForm,
    [PersonalData(false)] string CatalogueId,
    [PersonalData(false)] string CatalogueVersion,
    [PersonalData(false)] string ActorGroup,
    DateOnly? Deadline,
    bool Closed,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    int Respondents,
    int Submitted)
{
    /// <summary>#14: of <see cref="Respondents"/>, the anonymous responses of the open survey ("offene Befragung": a session is no proof of one person).</summary>
    public int OpenSurveyResponses { get; init; }

    /// <summary>#14: of <see cref="Submitted"/>, the anonymous responses of the open survey.</summary>
    public int OpenSurveySubmitted { get; init; }

    public static RoundSummary From(QuestionnaireProgress p) => new(
        p.Round, p.Kind, p.ShortForm, p.CatalogueId, p.CatalogueVersion, p.ActorGroup, p.Deadline, p.Closed, p.OpenedAt, p.ClosedAt,
        p.Respondents.Count, p.Respondents.Count(r => r.Submitted))
    {
        OpenSurveyResponses = p.Respondents.Count(r => r.Anonymous),
        OpenSurveySubmitted = p.Respondents.Count(r => r.Anonymous && r.Submitted),
    };
}

/// <summary>Who has submitted, what is still unanswered, by when — to chase non-responders.</summary>
public sealed record RoundProgressResource(
    RoundSummary Round,
    IReadOnlyList<RespondentStatus> Respondents,
    [PersonalData(false)] IReadOnlyList<string> UnansweredCriteria,
    IReadOnlyDictionary<string, ConsensusView> Consensus,
    bool DeadlinePassed)
{
    /// <summary>#14: the round's open survey ("offene Befragung"), if it has one.</summary>
    public OpenSurveyResource? OpenSurvey { get; init; }

    /// <summary>A round's progress, the deadline judged as of <paramref name="now"/> (the live round and the state as of a moment).</summary>
    public static RoundProgressResource From(QuestionnaireProgress p, DateTimeOffset now) => new(
        RoundSummary.From(p),
        p.Respondents.Select(r => Rounds.Status(p, r)).ToList(),
        p.UnansweredCriteria(),
        p.Consensus,
        !p.Closed && p.Deadline is { } d && d < BerlinTime.Today(now))
    {
        OpenSurvey = OpenSurveyResource.From(p),
    };
}

/// <summary>A respondent's progress; #14: Anonymous — a response of the open survey ("offene Befragung"); External — an organisation or person outside the administration.</summary>
public sealed record RespondentStatus(Guid RespondentId, [PersonalData(false)] string Unit, [PersonalData(false)] string? Dezernat, bool Submitted, DateTimeOffset? SubmittedAt, int Answered, int Total, [PersonalData(false)] IReadOnlyList<string> Unanswered,
    // #14 seed exactness: the units that worked on these answers ("beteiligte Stellen"); the criteria answered by reconstruction.
    IReadOnlyList<ContributingUnit>? Contributors = null, [PersonalData(false)] IReadOnlyList<string>? Reconstructed = null, bool Anonymous = false, bool External = false);

public sealed record AnswerResource([PersonalData(false)] string Criterion, [PersonalData(false)] string Answer, [PersonalData(true)] string? Comment, [PersonalData(true)] string? Evidence, long Version, bool OnBehalf, DateTimeOffset RecordedAt,
    // #14 seed exactness: "rekonstruiert" for a reconstructed answer (null: as documented), and why.
    [PersonalData(false)] string? Provenance = null, [PersonalData(false)] string? ProvenanceReason = null);

public sealed record RespondentAnswersResource(Guid RespondentId, [PersonalData(false)] string Unit, bool Submitted, IReadOnlyList<AnswerResource> Answers);

/// <summary>The reads of a round's progress.</summary>
public static class Rounds
{
    public static async Task<QuestionnaireProgress> Progress(IQuerySession session, string kommune, int round, CancellationToken ct)
    {
        await KommuneLookup.EnsureExists(session, kommune, ct);
        return await session.LoadAsync<QuestionnaireProgress>(QuestionnaireProgress.Key(kommune, round), ct)
               ?? throw RoundState.NotFound(kommune, round);
    }

    public static RespondentProgress Respondent(QuestionnaireProgress progress, Guid respondent) =>
        progress.Respondents.SingleOrDefault(r => r.RespondentId == respondent)
        ?? throw RespondentState.NotFound(progress.Round, respondent);

    public static RespondentStatus Status(QuestionnaireProgress p, RespondentProgress r)
    {
        var unanswered = p.Criteria.Where(c => !r.Answers.ContainsKey(c)).ToList();
        return new RespondentStatus(r.RespondentId, r.Unit, r.Dezernat, r.Submitted, r.SubmittedAt, r.Answers.Count, p.Criteria.Count, unanswered,
            r.Contributors, p.Criteria.Where(c => r.Answers.GetValueOrDefault(c)?.Reconstructed is not null).ToList(), r.Anonymous, r.External);
    }

    /// <summary>A respondent's answers; comment and evidence resolved from the personal-data vault for the caller.</summary>
    public static async Task<RespondentAnswersResource> AnswersAsync(IQuerySession session, QuestionnaireProgress p, RespondentProgress r, ClaimsPrincipal user, CancellationToken ct)
    {
        var personal = await PersonalData.LoadAsync(session, r.Answers.Values.SelectMany(a => new[] { a.Comment, a.Evidence }), user, ct);
        return new(
            r.RespondentId,
            r.Unit,
            r.Submitted,
            p.Criteria.Where(r.Answers.ContainsKey)
                .Select(c => (Criterion: c, Answer: r.Answers[c]))
                .Select(x => new AnswerResource(x.Criterion, x.Answer.Answer, personal.Show(x.Answer.Comment), personal.Show(x.Answer.Evidence), x.Answer.Version, x.Answer.OnBehalf, x.Answer.RecordedAt,
                    x.Answer.Reconstructed is null ? null : Provenance.Reconstructed, x.Answer.Reconstructed))
                .ToList());
    }
}
