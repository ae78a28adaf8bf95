using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.Milestones;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>Close a round and evaluate it under the scoring scheme configured for the Kommune, else for the programme (#14).</summary>
public sealed record CloseRound(string KommuneId, int Round) : IKommuneCommand
{
    public string RoundKey => RoundState.Key(KommuneId, Round);

    /// <summary>The programme milestone of the round's deadline, if it had one.</summary>
    public string DeadlineKey => MilestoneState.Key(KommuneId, ProgrammeMilestones.ForRound(KommuneId, Round));
}

/// <summary>The evaluation; null for an interview round (#14: its summaries are not scored).</summary>
public sealed record EvaluationReply(int Round, [PersonalData(false)] string Reason, Evaluation? Evaluation)
{
    public static EvaluationReply From(IEnumerable<object> events) =>
        events.OfType<RoundEvaluated>().Select(e => new EvaluationReply(e.Round, e.Reason, e.Evaluation))
            .Concat(events.OfType<RoundClosed>().Select(e => new EvaluationReply(e.Round, InterviewRounds.Kind, null)))
            .First();
}

public static class CloseRoundDecision
{
    /// <summary>Closed and evaluated; the deadline's programme milestone, if open, is completed.</summary>
    public static IReadOnlyList<object> Decide(CloseRound c, string kommune, RoundState? round, RoundEvaluationInputs? inputs, MilestoneState? deadline)
    {
        var r = RoundState.Require(round, kommune, c.Round);
        if (r.Closed)
        {
            throw new RuleViolation("runde-geschlossen", "Befragungsrunde bereits geschlossen", $"Runde {c.Round} ist bereits geschlossen.")
            {
                Alternatives = ["Neu bewerten (POST …/evaluations) oder Konsens erfassen (PUT …/consensus)."],
            };
        }

        if (r.IsInterview)
        {
            // #14: an interview round is closed with its summaries; nothing is scored.
            if (r.InterviewSummaries.IsEmpty)
            {
                throw new RuleViolation("keine-zusammenfassungen", "Keine Zusammenfassungen",
                    $"Runde {c.Round} ist eine Interviewrunde ohne erfasste Zusammenfassung; es gäbe nichts abzuschließen.")
                {
                    Alternatives = [$"Zusammenfassung erfassen (PUT …/rounds/{c.Round}/interview-summaries)."],
                };
            }

            return [new RoundClosed(kommune, c.Round), .. ProgrammeMilestones.Complete(deadline)];
        }

        if (!inputs!.Respondents.Any(x => x.Submitted && !x.Answers.IsEmpty) && r.Consensus.IsEmpty)
        {
            throw new RuleViolation("keine-antworten", "Keine abgegebenen Antworten",
                $"In Runde {c.Round} hat noch keine Stelle Antworten abgegeben; es gäbe nichts auszuwerten.")
            {
                Alternatives = ["Antworten abgeben lassen (POST …/respondents/{id}/submit)."],
            };
        }

        var closed = new RoundClosed(kommune, c.Round);
        return [closed, new RoundEvaluated(kommune, c.Round, EvaluationReasons.Closed, inputs.Evaluate(r.Fold(closed))), .. ProgrammeMilestones.Complete(deadline)];
    }
}

public static class CloseRoundHandler
{
    public static async Task<(EvaluationReply, Events)> Handle(
        CloseRound command, [KommuneStream] KommuneState kommune, [Item(nameof(CloseRound.RoundKey))] RoundState? round,
        [Item(nameof(CloseRound.DeadlineKey))] MilestoneState? deadline, ProgrammeScoring programme, IDocumentSession session, CancellationToken ct)
    {
        var (scheme, version) = programme.For(kommune);
        var inputs = round is null ? null : await RoundEvaluationInputs.LoadAsync(session, round, scheme, version, ct);
        var events = CloseRoundDecision.Decide(command, kommune.Id, round, inputs, deadline);
        return (EvaluationReply.From(events), new Events(events));
    }
}
