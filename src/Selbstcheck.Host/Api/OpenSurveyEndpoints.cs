using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Selbstcheck.Host.Access;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Host.Personal;
using Selbstcheck.Projections.QuestionnaireProgress;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine;
using Wolverine.Http;

namespace Selbstcheck.Host.Api;

/// <summary>
/// #14 open survey: a round's open survey link ("offene Befragung": anonymous responses, one per browser
/// session, up to a capacity, until an expiry; revoked with DELETE …/links/{linkId}), and the interview
/// summaries of an interview round.
/// </summary>
public static class OpenSurveyEndpoints
{
    public sealed record OpenSurveyLinkRequest(int? Capacity, DateTimeOffset? ExpiresAt, string? KommuneId = null);

    /// <summary>The link is shown exactly once, here; the round's progress shows the rest.</summary>
    public sealed record OpenSurveyLinkResource(
        Guid LinkId, int Round, [PersonalData(false)] string Label, [PersonalData(false)] string Link, [PersonalData(false)] string Key,
        int Capacity, DateTimeOffset ExpiresAt, [PersonalData(false)] string Note);

    [WolverinePost("/api/kommunen/{id}/rounds/{n}/open-link", OperationId = "createOpenSurveyLink")]
    [Tags("Fragebogen")]
    [ProducesResponseType<OpenSurveyLinkResource>(201)]
    public static async Task<IResult> Create(string id, string n, OpenSurveyLinkRequest body, ClaimsPrincipal user, IMessageBus bus, SelbstcheckSettings settings, CancellationToken ct)
    {
        var link = await CreateLink(bus, user, settings, id, Route.Round(n), body.Capacity, body.ExpiresAt, ct);
        return Results.Created($"/api/kommunen/{id}/rounds/{link.Round}", link);
    }

    /// <summary>Creates (or replaces) the round's open survey link — POST …/open-link, and the round's page, send exactly this.</summary>
    public static async Task<OpenSurveyLinkResource> CreateLink(
        IMessageBus bus, ClaimsPrincipal user, SelbstcheckSettings settings, string id, int round, int? capacity, DateTimeOffset? expiresAt, CancellationToken ct)
    {
        if (!KommuneId.IsValid(id)) throw KommuneId.NotFound(id);
        var (token, hash) = LinkTokens.NewToken();
        var record = await bus.InvokeAs<LinkRecord>(user, new CreateOpenSurveyLink(id, round, Guid.CreateVersion7(), hash, capacity, expiresAt), ct);
        return new OpenSurveyLinkResource(record.Id, round, OpenSurvey.Label, OpenSurveyUrl(settings, token), token,
            capacity ?? settings.OpenSurvey.DefaultCapacity, record.ExpiresAt, OpenSurvey.Note);
    }

    /// <summary>The address anyone with the link opens: it starts an anonymous response and drops the key from the address.</summary>
    public static string OpenSurveyUrl(SelbstcheckSettings settings, string token) =>
        $"{settings.PublicUrl.TrimEnd('/')}{OpenSurveyPath}?{LinkTokens.QueryParameter}={Uri.EscapeDataString(token)}";

    public const string OpenSurveyPath = "/befragung/offen";

    public sealed record InterviewSummaryRequest(int? Field, string? Text, long? ExpectedVersion, string? KommuneId = null);

    [WolverinePut("/api/kommunen/{id}/rounds/{n}/interview-summaries", OperationId = "recordInterviewSummary")]
    [Tags("Fragebogen")]
    public static Task<InterviewSummaryReply> RecordSummary(string id, string n, InterviewSummaryRequest body, ClaimsPrincipal user, IMessageBus bus, CancellationToken ct) =>
        bus.InvokeAs<InterviewSummaryReply>(user, new RecordInterviewSummary(id, Route.Round(n), body.Field, body.Text, body.ExpectedVersion), ct);

    public sealed record InterviewSummaryResource(int Field, [PersonalData(true)] string? Text, long Version, DateTimeOffset RecordedAt);

    public sealed record InterviewSummariesResource(int Round, [PersonalData(false)] string Kind, [PersonalData(false)] string ActorGroup, IReadOnlyList<InterviewSummaryResource> Summaries);

    [WolverineGet("/api/kommunen/{id}/rounds/{n}/interview-summaries", OperationId = "getInterviewSummaries")]
    [Tags("Fragebogen")]
    public static async Task<InterviewSummariesResource> Summaries(string id, string n, IQuerySession session, ClaimsPrincipal user, CancellationToken ct)
    {
        var p = await Rounds.Progress(session, id, Route.Round(n), ct);
        return await SummariesOf(session, p, user, ct);
    }

    /// <summary>An interview round's summaries, the texts resolved from the vault for the caller.</summary>
    public static async Task<InterviewSummariesResource> SummariesOf(IQuerySession session, QuestionnaireProgress p, ClaimsPrincipal user, CancellationToken ct)
    {
        var personal = await PersonalData.LoadAsync(session, p.InterviewSummaries.Values.Select(s => (Workflow.People.PersonalRef?)s.Summary), user, ct);
        return new InterviewSummariesResource(p.Round, p.Kind, p.ActorGroup,
            p.InterviewSummaries.OrderBy(s => s.Key).Select(s => new InterviewSummaryResource(s.Key, personal.Show(s.Value.Summary), s.Value.Version, s.Value.RecordedAt)).ToList());
    }
}

/// <summary>The open survey as a round's progress shows it, labelled "offene Befragung" (a session is no proof of one person).</summary>
public sealed record OpenSurveyResource(
    [PersonalData(false)] string Label, Guid LinkId, int Capacity, DateTimeOffset ExpiresAt, int Started, int Submitted, bool Revoked, [PersonalData(false)] string Note)
{
    public static OpenSurveyResource? From(QuestionnaireProgress p, bool revoked = false) => p.OpenSurvey is not { } o
        ? null
        : new OpenSurveyResource(OpenSurvey.Label, o.LinkId, o.Capacity, o.ExpiresAt, o.Started, p.Respondents.Count(r => r.Anonymous && r.Submitted), revoked, OpenSurvey.Note);
}
