using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Fragebogen;

// The events of the Fragebogen stage, in the Kommune's stream. Long-term storage format: pinned
// by snapshot tests; add new types rather than change these.

/// <summary>A questionnaire round was opened; the criteria it asks are copied in, so the round stands on its own.</summary>
public sealed record RoundOpened(
    string KommuneId,
    int Round,
    string Kind,
    string? ShortForm,
    string CatalogueId,
    string CatalogueVersion,
    string ActorGroup,
    DateOnly? Deadline,
    IReadOnlyList<string> Criteria,
    IReadOnlyList<int> Fields) : IKommuneEvent;

/// <summary>A respondent (a unit of the administration, or an actor group's member) joined a round; their link has the id given.</summary>
public sealed record RespondentAdded(
    string KommuneId,
    int Round,
    Guid RespondentId,
    string Unit,
    string? Dezernat,
    Guid? ContactPersonId,
    Guid LinkId) : IKommuneEvent;

/// <summary>
/// An answer was recorded or changed (Version counts the changes of this respondent's answer to
/// this criterion). OnBehalf: entered by the lead office, facilitator or programme team for the
/// respondent (a returned paper form); the acting user is in the event metadata.
/// </summary>
public sealed record AnswerRecorded(
    string KommuneId,
    int Round,
    Guid RespondentId,
    string Criterion,
    string Answer,
    string? Comment,
    string? Evidence,
    bool OnBehalf,
    long Version) : IKommuneEvent;

/// <summary>A respondent submitted their answers; only submitted answers count.</summary>
public sealed record AnswersSubmitted(string KommuneId, int Round, Guid RespondentId, bool OnBehalf) : IKommuneEvent;

/// <summary>The steering group agreed an answer for a criterion; it replaces the respondents' mean in the evaluation.</summary>
public sealed record ConsensusRecorded(string KommuneId, int Round, string Criterion, string Answer, string Reason, long Version) : IKommuneEvent;

/// <summary>The round was closed: no more answers.</summary>
public sealed record RoundClosed(string KommuneId, int Round) : IKommuneEvent;

/// <summary>
/// The round was evaluated — on closing, after a consensus answer on a closed round, or under
/// another scoring scheme. Never rewritten: a new evaluation is a new event.
/// </summary>
public sealed record RoundEvaluated(string KommuneId, int Round, string Reason, Evaluation Evaluation) : IKommuneEvent;

/// <summary>The facilitator's written commentary on a field (or, with Field null, overall) of an evaluated round.</summary>
public sealed record CommentaryRecorded(string KommuneId, int Round, int? Field, string Text, long Version) : IKommuneEvent;

public static class EvaluationReasons
{
    public const string Closed = "abgeschlossen";
    public const string Consensus = "konsens";
    public const string Rescored = "neu-bewertet";
}

public static class RoundKinds
{
    public const string Full = "full";
    public const string Short = "short";
}
