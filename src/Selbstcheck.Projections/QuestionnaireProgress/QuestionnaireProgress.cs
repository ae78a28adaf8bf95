using JasperFx.Events;
using Marten.Events.Projections;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;

namespace Selbstcheck.Projections.QuestionnaireProgress;

/// <summary>
/// "Who has answered what in this round?" — one document per round (id "kommune/round"), updated
/// per event: respondents, their answers with versions, who submitted, the consensus answers.
/// Chasing non-responders and the answer exports read it.
/// </summary>
public sealed class QuestionnaireProgress
{
    public string Id { get; set; } = "";

    public string KommuneId { get; set; } = "";

    public int Round { get; set; }

    public string Kind { get; set; } = "";

    public string? ShortForm { get; set; }

    public string CatalogueId { get; set; } = "";

    public string CatalogueVersion { get; set; } = "";

    public string ActorGroup { get; set; } = "";

    public DateOnly? Deadline { get; set; }

    public List<string> Criteria { get; set; } = [];

    public DateTimeOffset OpenedAt { get; set; }

    public bool Closed { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public List<RespondentProgress> Respondents { get; set; } = [];

    public Dictionary<string, ConsensusView> Consensus { get; set; } = [];

    public static string Key(string kommune, int round) => $"{kommune}/{round}";

    /// <summary>Criteria no submitted respondent has answered (other than "keine Angabe") and without consensus.</summary>
    public IReadOnlyList<string> UnansweredCriteria() =>
        Criteria.Where(c => !Consensus.ContainsKey(c) &&
                            !Respondents.Any(r => r.Submitted && r.Answers.TryGetValue(c, out var a) && a.Answer != Answers.KeineAngabe))
            .ToList();
}

public sealed class RespondentProgress
{
    public Guid RespondentId { get; set; }

    public string Unit { get; set; } = "";

    public string? Dezernat { get; set; }

    public Guid? ContactPersonId { get; set; }

    public Guid LinkId { get; set; }

    public bool Submitted { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public bool SubmittedOnBehalf { get; set; }

    public Dictionary<string, AnswerView> Answers { get; set; } = [];
}

public sealed class AnswerView
{
    public string Answer { get; set; } = "";

    public Selbstcheck.Workflow.People.PersonalRef? Comment { get; set; }

    public Selbstcheck.Workflow.People.PersonalRef? Evidence { get; set; }

    public long Version { get; set; }

    public bool OnBehalf { get; set; }

    /// <summary>The acting user's opaque id.</summary>
    public string? RecordedBy { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class ConsensusView
{
    public string Answer { get; set; } = "";

    public string Reason { get; set; } = "";

    public long Version { get; set; }
}

public partial class QuestionnaireProgressProjection : MultiStreamProjection<QuestionnaireProgress, string>
{
    public QuestionnaireProgressProjection()
    {
        Identity<RoundOpened>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<RespondentAdded>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<AnswerRecorded>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<AnswersSubmitted>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<ConsensusRecorded>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<RoundClosed>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
    }

    public QuestionnaireProgress Create(IEvent<RoundOpened> e) => new()
    {
        Id = QuestionnaireProgress.Key(e.Data.KommuneId, e.Data.Round),
        KommuneId = e.Data.KommuneId,
        Round = e.Data.Round,
        Kind = e.Data.Kind,
        ShortForm = e.Data.ShortForm,
        CatalogueId = e.Data.CatalogueId,
        CatalogueVersion = e.Data.CatalogueVersion,
        ActorGroup = e.Data.ActorGroup,
        Deadline = e.Data.Deadline,
        Criteria = e.Data.Criteria.ToList(),
        OpenedAt = e.Timestamp,
    };

    public void Apply(RespondentAdded e, QuestionnaireProgress view) =>
        view.Respondents.Add(new RespondentProgress
        {
            RespondentId = e.RespondentId,
            Unit = e.Unit,
            Dezernat = e.Dezernat,
            ContactPersonId = e.ContactPersonId,
            LinkId = e.LinkId,
        });

    public void Apply(IEvent<AnswerRecorded> e, QuestionnaireProgress view) =>
        view.Respondents.Single(r => r.RespondentId == e.Data.RespondentId).Answers[e.Data.Criterion] = new AnswerView
        {
            Answer = e.Data.Answer,
            Comment = e.Data.Comment,
            Evidence = e.Data.Evidence,
            Version = e.Data.Version,
            OnBehalf = e.Data.OnBehalf,
            RecordedBy = e.UserName,
            RecordedAt = e.Timestamp,
        };

    public void Apply(IEvent<AnswersSubmitted> e, QuestionnaireProgress view)
    {
        var respondent = view.Respondents.Single(r => r.RespondentId == e.Data.RespondentId);
        respondent.Submitted = true;
        respondent.SubmittedAt = e.Timestamp;
        respondent.SubmittedOnBehalf = e.Data.OnBehalf;
    }

    public void Apply(ConsensusRecorded e, QuestionnaireProgress view) =>
        view.Consensus[e.Criterion] = new ConsensusView { Answer = e.Answer, Reason = e.Reason, Version = e.Version };

    public void Apply(IEvent<RoundClosed> e, QuestionnaireProgress view)
    {
        view.Closed = true;
        view.ClosedAt = e.Timestamp;
    }
}
