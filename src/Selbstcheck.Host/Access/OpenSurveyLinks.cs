using Marten;
using Selbstcheck.Host.Infrastructure;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;
using Wolverine.Marten;

namespace Selbstcheck.Host.Access;

// #14 open survey: the round's open survey link is a link of the Kommune (record, LinkIssued, LinkRevoked —
// the same machinery as every other link) plus what the round allows (OpenSurveyLinkCreated, decided in
// Workflow/Questionnaire/OpenSurvey.cs). Creating, replacing and starting a response are commands through
// the command pipeline, under the stream's lock: the capacity holds exactly, also for concurrent openings.

public static class CreateOpenSurveyLinkHandler
{
    /// <summary>The link's record; the round's earlier open survey links still valid are revoked in the same step (one link per round).</summary>
    public static async Task<(LinkRecord, Events)> Handle(
        CreateOpenSurveyLink command, [KommuneStream] KommuneState kommune, [Item(nameof(CreateOpenSurveyLink.RoundKey))] RoundState? round,
        IDocumentSession session, CommandContext context, SelbstcheckSettings settings, CancellationToken ct)
    {
        var created = OpenSurveyDecision.Create(command, kommune, round, settings.OpenSurvey.DefaultCapacity,
            TimeSpan.FromDays(settings.OpenSurvey.DefaultValidDays), context);
        var subject = LinkTokens.OpenSurveySubject(created.Round);
        var replaced = await session.Query<LinkRecord>()
            .Where(l => l.KommuneId == kommune.Id && l.Subject == subject && l.RevokedAt == null)
            .ToListAsync(ct);
        var issue = new IssueLink(kommune.Id, command.LinkId, LinkPurposes.OffeneBefragung, subject, command.Hash, created.ExpiresAt - context.Now, ReplaceSubject: true);
        var (record, linkEvents) = LinkDecisions.Issue(issue, replaced, context);
        foreach (var old in replaced.Where(l => l.RevokedAt is not null)) session.Store(old);
        session.Insert(record);
        return (record, new Events([.. linkEvents, created]));
    }
}

public static class StartOpenResponseHandler
{
    /// <summary>The response the browser goes on with: a new one, or the one its session already holds.</summary>
    public static async Task<(OpenResponseReply, Events)> Handle(
        StartOpenResponse command, [KommuneStream] KommuneState kommune, [Item(nameof(StartOpenResponse.RoundKey))] RoundState? round,
        IDocumentSession session, CommandContext context, CancellationToken ct)
    {
        var link = await session.LoadAsync<LinkRecord>(command.LinkId, ct);
        var revoked = link is null || link.KommuneId != kommune.Id || link.RevokedAt is not null;
        var held = command.SessionRespondentId is { } sid ? await session.LoadAsync<RespondentState>(RespondentState.Key(kommune.Id, sid), ct) : null;
        var events = OpenSurveyDecision.Start(command, kommune, round, held, revoked, context);
        var started = events.OfType<OpenResponseStarted>().SingleOrDefault();
        return (new OpenResponseReply(started?.RespondentId ?? held!.RespondentId, started is not null), new Events(events));
    }
}
