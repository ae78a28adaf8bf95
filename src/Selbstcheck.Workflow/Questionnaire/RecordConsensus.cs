using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>The steering group's agreed answer for one criterion, with its reason; on a closed round it re-evaluates.</summary>
public sealed record RecordConsensus(string KommuneId, int Round, string? Criterion, string? Answer, string? Reason, long? ExpectedVersion) : IKommuneCommand
{
    public string RoundKey => RoundState.Key(KommuneId, Round);
}

public sealed record ConsensusReply(string Criterion, long Version, Evaluation? Evaluation);

public static class RecordConsensusDecision
{
    public static IReadOnlyList<object> Decide(RecordConsensus c, string kommune, RoundState? round, RoundEvaluationInputs? inputs)
    {
        var r = RoundState.Require(round, kommune, c.Round);
        new Validation()
            .Require(c.Criterion is not null && r.Criteria.Contains(c.Criterion), "criterion", $"Kein Kriterium dieser Runde: \"{c.Criterion}\".")
            .Require(Answers.Normalize(c.Answer) is not null, "answer", $"Erlaubt: {string.Join(", ", Answers.All)}.")
            .Require(!string.IsNullOrWhiteSpace(c.Reason) && c.Reason.Length <= 2000, "reason", "Pflichtfeld (die Begründung des Konsenses), höchstens 2000 Zeichen.")
            .ThrowIfInvalid();
        var current = r.Consensus.GetValueOrDefault(c.Criterion!);
        ItemVersion.Check($"Konsens zu {c.Criterion}", c.ExpectedVersion, current?.Version ?? 0);

        var recorded = new ConsensusRecorded(kommune, c.Round, c.Criterion!, Answers.Normalize(c.Answer)!, c.Reason!.Trim(), (current?.Version ?? 0) + 1);
        if (!r.Closed) return [recorded];

        var evaluation = inputs!.Evaluate(r.Fold(recorded));
        return [recorded, new RoundEvaluated(kommune, c.Round, EvaluationReasons.Consensus, evaluation)];
    }
}

public static class RecordConsensusHandler
{
    public static async Task<(ConsensusReply, Events)> Handle(
        RecordConsensus command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordConsensus.RoundKey))] RoundState? round,
        IDocumentSession session, CancellationToken ct)
    {
        var inputs = round is null ? null : await RoundEvaluationInputs.LoadAsync(session, round, round.SchemeId, round.SchemeVersion, ct);
        var events = RecordConsensusDecision.Decide(command, kommune.Id, round, inputs);
        var recorded = events.OfType<ConsensusRecorded>().Single();
        var after = events.Aggregate(round!, (r, e) => r.Fold(e));
        return (new ConsensusReply(recorded.Criterion, after.Consensus[recorded.Criterion].Version, events.OfType<RoundEvaluated>().SingleOrDefault()?.Evaluation),
            new Events(events));
    }
}

/// <summary>What evaluating a round reads besides the round: its catalogue version, a scoring scheme, its respondents' answers.</summary>
public sealed record RoundEvaluationInputs(Catalogue Catalogue, ScoringScheme Scheme, IReadOnlyList<RespondentState> Respondents)
{
    public Evaluation Evaluate(RoundState round) =>
        Evaluator.Evaluate(Catalogue, round.Criteria, Scheme, Respondents.SelectMany(r => r.SubmittedAnswers()).ToList(), round.ConsensusAnswers());

    public static async Task<RoundEvaluationInputs> LoadAsync(IQuerySession session, RoundState round, string scheme, string schemeVersion, CancellationToken ct) =>
        new(await RoundData.CatalogueAsync(session, round, ct),
            await CatalogueImport.SchemeAsync(session, scheme, schemeVersion, ct),
            await RoundData.RespondentsAsync(session, round, ct));
}
