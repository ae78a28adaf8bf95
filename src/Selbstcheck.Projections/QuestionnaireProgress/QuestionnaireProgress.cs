using JasperFx.Events;
using Marten.Events.Projections;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Questionnaire;
using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Projections.QuestionnaireProgress;

/// <summary>
/// "Who has answered what in this round?" — one document per round (id "kommune/round"), updated
/// per event: respondents, their answers with versions, who submitted, the consensus answers.
/// Chasing non-responders and the answer exports read it.
/// </summary>
public sealed class QuestionnaireProgress
{
    [PersonalData(false)] public string Id { get; set; } = "";

    [PersonalData(false)] public string KommuneId { get; set; } = "";

    public int Round { get; set; }

    [PersonalData(false)] public string Kind { get; set; } = "";

    [PersonalData(false)] public string? ShortForm { get; set; }

    [PersonalData(false)] public string CatalogueId { get; set; } = "";

    [PersonalData(false)] public string CatalogueVersion { get; set; } = "";

    [PersonalData(false)] public string ActorGroup { get; set; } = "";

    public DateOnly? Deadline { get; set; }

    [PersonalData(false)] public List<string> Criteria { get; set; } = [];

    public DateTimeOffset OpenedAt { get; set; }

    public bool Closed { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public List<RespondentProgress> Respondents { get; set; } = [];

    public Dictionary<string, ConsensusView> Consensus { get; set; } = [];

    /// <summary>#14: the round's open survey link (null: none), its capacity and expiry, and the anonymous responses started.</summary>
    public OpenSurveyView? OpenSurvey { get; set; }

    /// <summary>#14: an interview round's summaries by field (sealed in the vault).</summary>
    public Dictionary<int, InterviewSummaryView> InterviewSummaries { get; set; } = [];

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

    [PersonalData(false)] public string Unit { get; set; } = "";

    [PersonalData(false)] public string? Dezernat { get; set; }

    public Guid? ContactPersonId { get; set; }

    public Guid LinkId { get; set; }

    public bool Submitted { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public bool SubmittedOnBehalf { get; set; }

    public Dictionary<string, AnswerView> Answers { get; set; } = [];

    /// <summary>#14: units that worked on this respondent's answers ("beteiligte Stellen"), not respondents of their own.</summary>
    public List<ContributingUnit> Contributors { get; set; } = [];

    /// <summary>#14: an anonymous response through the round's open survey link ("offene Befragung").</summary>
    public bool Anonymous { get; set; }

    /// <summary>#14: a respondent outside the administration (an organisation or person of the round's actor group).</summary>
    public bool External { get; set; }
}

/// <summary>#14: a round's open survey link as last created.</summary>
public sealed class OpenSurveyView
{
    public Guid LinkId { get; set; }

    public int Capacity { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public int Started { get; set; }
}

public sealed class InterviewSummaryView
{
    public Selbstcheck.Workflow.People.PersonalRef Summary { get; set; } = null!;

    public long Version { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

public sealed class AnswerView
{
    [PersonalData(false)] public string Answer { get; set; } = "";

    public Selbstcheck.Workflow.People.PersonalRef? Comment { get; set; }

    public Selbstcheck.Workflow.People.PersonalRef? Evidence { get; set; }

    public long Version { get; set; }

    public bool OnBehalf { get; set; }

    /// <summary>The acting user's opaque id.</summary>
    [PersonalData(false)] public string? RecordedBy { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>#14: reconstructed, not documented (shown as "rekonstruiert"); the reason why.</summary>
    [PersonalData(false)] public string? Reconstructed { get; set; }
}

public sealed class ConsensusView
{
    [PersonalData(false)] public string Answer { get; set; } = "";

    [PersonalData(false)] public string Reason { get; set; } = "";

    public long Version { get; set; }
}

public partial class QuestionnaireProgressProjection : MultiStreamProjection<QuestionnaireProgress, string>
{
    public QuestionnaireProgressProjection()
    {
        Identity<RoundOpened>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<RespondentAdded>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        // #14 open survey: registered before the answers — within one commit Marten hands a slice its events in this order.
        Identity<ExternalRespondentAdded>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<OpenSurveyLinkCreated>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<OpenResponseStarted>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<AnswerRecorded>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<AnswersSubmitted>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<ConsensusRecorded>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<RoundClosed>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        // #14 seed exactness
        Identity<AnswersMarkedReconstructed>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<ContributorsRecorded>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
        Identity<InterviewSummaryRecorded>(e => QuestionnaireProgress.Key(e.KommuneId, e.Round));
    }

    /// <summary>Marten calls the one evolve function below; so does the as-of replay (<see cref="Replay.JourneyReplay"/>).</summary>
    public override QuestionnaireProgress? Evolve(QuestionnaireProgress? snapshot, string id, IEvent e) => Evolve(snapshot, e);

    /// <summary>One event applied to one round's progress: pure (no I/O, no clock). An event for a round never opened changes nothing.</summary>
    public static QuestionnaireProgress? Evolve(QuestionnaireProgress? view, IEvent e)
    {
        if (view is null) return e is IEvent<RoundOpened> created ? Created(created) : null;
        switch (e)
        {
            case IEvent<RespondentAdded> x: On(x.Data, view); break;
            case IEvent<AnswerRecorded> x: On(x, view); break;
            case IEvent<AnswersSubmitted> x: On(x, view); break;
            case IEvent<ConsensusRecorded> x: On(x.Data, view); break;
            case IEvent<RoundClosed> x: On(x, view); break;
            case IEvent<AnswersMarkedReconstructed> x: On(x.Data, view); break;
            case IEvent<ContributorsRecorded> x: On(x.Data, view); break;
            case IEvent<ExternalRespondentAdded> x:
                view.Respondents.Add(new RespondentProgress
                {
                    RespondentId = x.Data.RespondentId, Unit = x.Data.Organisation, ContactPersonId = x.Data.ContactPersonId, LinkId = x.Data.LinkId, External = true,
                });
                break;
            case IEvent<OpenSurveyLinkCreated> x:
                view.OpenSurvey = new OpenSurveyView
                {
                    LinkId = x.Data.LinkId, Capacity = x.Data.Capacity, ExpiresAt = x.Data.ExpiresAt, Started = view.OpenSurvey?.Started ?? 0,
                };
                break;
            case IEvent<OpenResponseStarted> x:
                view.Respondents.Add(new RespondentProgress
                {
                    RespondentId = x.Data.RespondentId, Unit = OpenSurvey.Label, LinkId = x.Data.LinkId, Anonymous = true,
                });
                if (view.OpenSurvey is not null) view.OpenSurvey.Started++;
                break;
            case IEvent<InterviewSummaryRecorded> x:
                view.InterviewSummaries[x.Data.Field] = new InterviewSummaryView { Summary = x.Data.Summary, Version = x.Data.Version, RecordedAt = x.Timestamp };
                break;
        }

        return view;
    }

    private static QuestionnaireProgress Created(IEvent<RoundOpened> e) => new()
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

    private static void On(RespondentAdded e, QuestionnaireProgress view) =>
        view.Respondents.Add(new RespondentProgress
        {
            RespondentId = e.RespondentId,
            Unit = e.Unit,
            Dezernat = e.Dezernat,
            ContactPersonId = e.ContactPersonId,
            LinkId = e.LinkId,
        });

    private static void On(IEvent<AnswerRecorded> e, QuestionnaireProgress view) =>
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

    private static void On(IEvent<AnswersSubmitted> e, QuestionnaireProgress view)
    {
        var respondent = view.Respondents.Single(r => r.RespondentId == e.Data.RespondentId);
        respondent.Submitted = true;
        respondent.SubmittedAt = e.Timestamp;
        respondent.SubmittedOnBehalf = e.Data.OnBehalf;
    }

    private static void On(ConsensusRecorded e, QuestionnaireProgress view) =>
        view.Consensus[e.Criterion] = new ConsensusView { Answer = e.Answer, Reason = e.Reason, Version = e.Version };

    private static void On(IEvent<RoundClosed> e, QuestionnaireProgress view)
    {
        view.Closed = true;
        view.ClosedAt = e.Timestamp;
    }

    private static void On(AnswersMarkedReconstructed e, QuestionnaireProgress view)
    {
        var respondent = view.Respondents.Single(r => r.RespondentId == e.RespondentId);
        foreach (var c in e.Criteria)
        {
            if (respondent.Answers.TryGetValue(c, out var a)) a.Reconstructed = e.Reason;
        }
    }

    private static void On(ContributorsRecorded e, QuestionnaireProgress view) =>
        view.Respondents.Single(r => r.RespondentId == e.RespondentId).Contributors = e.Units.ToList();
}
