using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Fragebogen;

/// <summary>The steering group's agreed answer for one criterion, with its reason; on a closed round it re-evaluates.</summary>
public sealed record RecordConsensus(string KommuneId, int Round, string? Criterion, string? Answer, string? Reason, long? ExpectedVersion) : IKommuneCommand;

public sealed record ConsensusReply(string Criterion, long Version, Evaluation? Evaluation);

public static class RecordConsensusDecision
{
    public static IReadOnlyList<object> Decide(RecordConsensus c, KommuneJourney state, Catalogue catalogue, ScoringScheme scheme)
    {
        var round = RoundRules.Round(state, c.Round);
        new Validation()
            .Require(c.Criterion is not null && round.Criteria.Contains(c.Criterion), "criterion", $"Kein Kriterium dieser Runde: \"{c.Criterion}\".")
            .Require(Answers.Normalize(c.Answer) is not null, "answer", $"Erlaubt: {string.Join(", ", Answers.All)}.")
            .Require(!string.IsNullOrWhiteSpace(c.Reason) && c.Reason.Length <= 2000, "reason", "Pflichtfeld (die Begründung des Konsenses), höchstens 2000 Zeichen.")
            .ThrowIfInvalid();
        var current = round.Consensus.GetValueOrDefault(c.Criterion!);
        ItemVersion.Check($"Konsens zu {c.Criterion}", c.ExpectedVersion, current?.Version ?? 0);

        var recorded = new ConsensusRecorded(state.Id, c.Round, c.Criterion!, Answers.Normalize(c.Answer)!, c.Reason!.Trim(), (current?.Version ?? 0) + 1);
        if (!round.Closed) return [recorded];

        var after = round.Apply(recorded);
        var evaluation = Evaluator.Evaluate(catalogue, after.Criteria, scheme, after.SubmittedAnswers(), after.ConsensusAnswers());
        return [recorded, new RoundEvaluated(state.Id, c.Round, EvaluationReasons.Consensus, evaluation)];
    }
}

public static class RecordConsensusHandler
{
    public static async Task<(ConsensusReply, Events)> Handle(
        RecordConsensus command,
        [WriteAggregate(nameof(RecordConsensus.KommuneId))] KommuneJourney journey,
        IDocumentSession session,
        CancellationToken ct)
    {
        var round = RoundRules.Round(journey, command.Round);
        var catalogue = await RoundCatalogue.LoadAsync(session, round, ct);
        var scheme = await CatalogueImport.SchemeAsync(session, round.SchemeId, round.SchemeVersion, ct);
        var events = RecordConsensusDecision.Decide(command, journey, catalogue, scheme);
        var recorded = events.OfType<ConsensusRecorded>().Single();
        return (new ConsensusReply(recorded.Criterion, recorded.Version, events.OfType<RoundEvaluated>().SingleOrDefault()?.Evaluation), new Events(events));
    }
}

