using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>Submit a respondent's answers: from now on they count, and they can no longer change.</summary>
public sealed record SubmitAnswers(string KommuneId, int Round, Guid RespondentId) : IKommuneCommand
{
    public string RoundKey => RoundState.Key(KommuneId, Round);

    public string RespondentKey => RespondentState.Key(KommuneId, RespondentId);
}

public sealed record SubmittedReply(Guid RespondentId, int Answered, int Total);

public static class SubmitAnswersDecision
{
    public static IReadOnlyList<object> Decide(SubmitAnswers c, string kommune, RoundState? round, RespondentState? respondent, CommandContext context)
    {
        var r = RoundState.Require(round, kommune, c.Round);
        var who = RespondentState.Require(respondent, r, c.RespondentId);
        r.MustBeOpen();
        who.MustNotBeSubmitted();
        return [new AnswersSubmitted(kommune, c.Round, c.RespondentId, RecordAnswersDecision.OnBehalf(context.Actor))];
    }
}

public static class SubmitAnswersHandler
{
    public static (SubmittedReply, Events) Handle(
        SubmitAnswers command, [KommuneStream] KommuneState kommune,
        [Item(nameof(SubmitAnswers.RoundKey))] RoundState? round, [Item(nameof(SubmitAnswers.RespondentKey))] RespondentState? respondent,
        CommandContext context)
    {
        var events = SubmitAnswersDecision.Decide(command, kommune.Id, round, respondent, context);
        var after = events.Aggregate(respondent!, (r, e) => r.Fold(e));
        return (new SubmittedReply(after.RespondentId, after.Answers.Count, round!.Criteria.Count), new Events(events));
    }
}
