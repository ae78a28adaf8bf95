using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>The steering group's agreed answer for one criterion, with its reason; on a closed round it re-evaluates.</summary>
public sealed record RecordConsensus(string KommuneId, int Round, string? Criterion, string? Answer, string? Reason, long? ExpectedVersion) : IKommuneCommand, IHasReason
{
    public string RoundKey => RoundState.Key(KommuneId, Round);
}

public sealed record ConsensusReply([PersonalData(false)] string Criterion, long Version, Evaluation? Evaluation);

public static class RecordConsensusDecision
{
    public static IReadOnlyList<object> Decide(RecordConsensus c, string kommune, RoundState? round, RoundEvaluationInputs? inputs)
    {
        var r = RoundState.Require(round, kommune, c.Round);
        InterviewRules.MustBeScored(r);
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
        // Only a closed round is re-evaluated: an open one needs nothing besides itself.
        var inputs = round is { Closed: true } ? await RoundEvaluationInputs.LoadAsync(session, round, round.SchemeId, round.SchemeVersion, ct) : null;
        var events = RecordConsensusDecision.Decide(command, kommune.Id, round, inputs);
        var recorded = events.OfType<ConsensusRecorded>().Single();
        return (new ConsensusReply(recorded.Criterion, recorded.Version, events.OfType<RoundEvaluated>().SingleOrDefault()?.Evaluation), new Events(events));
    }
}

/// <summary>What evaluating a round reads besides the round: its catalogue version, a scoring scheme, its respondents' answers.</summary>
public sealed record RoundEvaluationInputs(Catalogue Catalogue, ScoringScheme Scheme, IReadOnlyList<RespondentState> Respondents)
{
    /// <summary>A short round of questions is evaluated on its own view of the catalogue (<see cref="Questionnaire.Catalogue.ForRound"/>): per question, per field.</summary>
    public Evaluation Evaluate(RoundState round) =>
        Evaluator.Evaluate(Catalogue.ForRound(round.ShortForm), round.Criteria, Scheme, Respondents.SelectMany(r => r.SubmittedAnswers()).ToList(), round.ConsensusAnswers(),
            Catalogue.Measures(round.ShortForm));

    /// <summary>The three in one round trip (the command holds its Kommune's stream locked meanwhile).</summary>
    public static async Task<RoundEvaluationInputs> LoadAsync(IQuerySession session, RoundState round, string scheme, string schemeVersion, CancellationToken ct)
    {
        var batch = session.CreateBatchQuery();
        var catalogue = batch.Load<CatalogueVersionRecord>(CatalogueVersionRecord.Key(round.CatalogueId, round.CatalogueVersion));
        var schemeRecord = batch.Load<ScoringSchemeRecord>(ScoringSchemeRecord.Key(scheme, schemeVersion));
        var respondents = batch.Query<RespondentState>().Where(r => r.KommuneId == round.KommuneId && r.Round == round.Number).ToList();
        await batch.Execute(ct);
        return new(RoundData.Catalogue(await catalogue, round), CatalogueImport.Scheme(await schemeRecord, scheme, schemeVersion), await respondents);
    }
}
