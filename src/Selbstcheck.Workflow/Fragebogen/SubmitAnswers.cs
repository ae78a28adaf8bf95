using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Fragebogen;

/// <summary>Submit a respondent's answers: from now on they count, and they can no longer change.</summary>
public sealed record SubmitAnswers(string KommuneId, int Round, Guid RespondentId, bool OnBehalf) : IKommuneCommand;

public sealed record SubmittedReply(Guid RespondentId, int Answered, int Total);

public static class SubmitAnswersDecision
{
    public static IReadOnlyList<object> Decide(SubmitAnswers c, KommuneJourney state)
    {
        var round = RoundRules.Round(state, c.Round);
        var respondent = RoundRules.Respondent(round, c.RespondentId);
        RoundRules.MustBeOpen(round);
        RoundRules.MustNotBeSubmitted(respondent);
        return [new AnswersSubmitted(state.Id, c.Round, c.RespondentId, c.OnBehalf)];
    }
}

public static class SubmitAnswersHandler
{
    public static (SubmittedReply, Events) Handle(
        SubmitAnswers command,
        [WriteAggregate(nameof(SubmitAnswers.KommuneId))] KommuneJourney journey)
    {
        var events = SubmitAnswersDecision.Decide(command, journey);
        var round = journey.Rounds[command.Round];
        return (new SubmittedReply(command.RespondentId, round.Respondents[command.RespondentId].Answers.Count, round.Criteria.Length), new Events(events));
    }
}
