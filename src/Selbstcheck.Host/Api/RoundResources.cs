using Selbstcheck.Projections.QuestionnaireProgress;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Host.Api;

/// <summary>Route values of the round endpoints, parsed: an unparseable one is as unknown as a missing one.</summary>
public static class RoundRoute
{
    public static int Round(string n) =>
        int.TryParse(n, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var round) && round > 0
            ? round
            : throw new NotFound("runde-unbekannt", "Befragungsrunde nicht gefunden", $"\"{n}\" ist keine Rundennummer.");

    public static Guid Respondent(string rid) =>
        Guid.TryParse(rid, out var id) ? id : throw new NotFound("befragte-unbekannt", "Befragte Stelle nicht gefunden", $"\"{rid}\" ist keine Kennung.");

    public static async Task<QuestionnaireProgress> Progress(Marten.IQuerySession session, string kommune, int round, CancellationToken ct)
    {
        await KommuneLookup.EnsureExists(session, kommune, ct);
        return await session.LoadAsync<QuestionnaireProgress>(QuestionnaireProgress.Key(kommune, round), ct)
               ?? throw new NotFound("runde-unbekannt", "Befragungsrunde nicht gefunden", $"Die Kommune \"{kommune}\" hat keine Runde {round}.");
    }

    public static RespondentProgress Respondent(QuestionnaireProgress progress, Guid respondent) =>
        progress.Respondents.SingleOrDefault(r => r.RespondentId == respondent)
        ?? throw new NotFound("befragte-unbekannt", "Befragte Stelle nicht gefunden", $"Runde {progress.Round} hat keine befragte Stelle {respondent}.");
}

public sealed record RoundSummary(
    int Round,
    string Kind,
    string? ShortForm,
    string CatalogueId,
    string CatalogueVersion,
    string ActorGroup,
    DateOnly? Deadline,
    bool Closed,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    int Respondents,
    int Submitted)
{
    public static RoundSummary From(QuestionnaireProgress p) => new(
        p.Round, p.Kind, p.ShortForm, p.CatalogueId, p.CatalogueVersion, p.ActorGroup, p.Deadline, p.Closed, p.OpenedAt, p.ClosedAt,
        p.Respondents.Count, p.Respondents.Count(r => r.Submitted));
}

/// <summary>Who has submitted, what is still unanswered, by when — to chase non-responders.</summary>
public sealed record RoundProgressResource(
    RoundSummary Round,
    IReadOnlyList<RespondentStatus> Respondents,
    IReadOnlyList<string> UnansweredCriteria,
    IReadOnlyDictionary<string, ConsensusView> Consensus,
    bool DeadlinePassed);

public sealed record RespondentStatus(Guid RespondentId, string Unit, string? Dezernat, bool Submitted, DateTimeOffset? SubmittedAt, int Answered, int Total, IReadOnlyList<string> Unanswered);

public sealed record AnswerResource(string Criterion, string Answer, string? Comment, string? Evidence, long Version, bool OnBehalf, DateTimeOffset RecordedAt);

public sealed record RespondentAnswersResource(Guid RespondentId, string Unit, bool Submitted, IReadOnlyList<AnswerResource> Answers);

public static class RoundViews
{
    public static RespondentStatus Status(QuestionnaireProgress p, RespondentProgress r)
    {
        var unanswered = p.Criteria.Where(c => !r.Answers.ContainsKey(c)).ToList();
        return new RespondentStatus(r.RespondentId, r.Unit, r.Dezernat, r.Submitted, r.SubmittedAt, r.Answers.Count, p.Criteria.Count, unanswered);
    }

    public static RespondentAnswersResource Answers(QuestionnaireProgress p, RespondentProgress r) => new(
        r.RespondentId,
        r.Unit,
        r.Submitted,
        p.Criteria.Where(r.Answers.ContainsKey)
            .Select(c => (Criterion: c, Answer: r.Answers[c]))
            .Select(x => new AnswerResource(x.Criterion, x.Answer.Answer, x.Answer.Comment, x.Answer.Evidence, x.Answer.Version, x.Answer.OnBehalf, x.Answer.RecordedAt))
            .ToList());
}
