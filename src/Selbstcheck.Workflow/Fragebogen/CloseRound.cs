using Selbstcheck.Workflow.Meilensteine;
using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Fragebogen;

/// <summary>Close a round and evaluate it under the default scoring scheme.</summary>
public sealed record CloseRound(string KommuneId, int Round) : IKommuneCommand;

public sealed record EvaluationReply(int Round, string Reason, Evaluation Evaluation);

public static class CloseRoundDecision
{
    public static IReadOnlyList<object> Decide(CloseRound c, KommuneJourney state, Catalogue catalogue, ScoringScheme scheme)
    {
        var round = RoundRules.Round(state, c.Round);
        if (round.Closed)
        {
            throw new RuleViolation("runde-geschlossen", "Befragungsrunde bereits geschlossen", $"Runde {c.Round} ist bereits geschlossen.")
            {
                Alternatives = ["Neu bewerten (POST …/evaluations) oder Konsens erfassen (PUT …/consensus)."],
            };
        }

        var submitted = round.SubmittedAnswers();
        if (submitted.Count == 0 && round.Consensus.IsEmpty)
        {
            throw new RuleViolation("keine-antworten", "Keine abgegebenen Antworten",
                $"In Runde {c.Round} hat noch keine Stelle Antworten abgegeben; es gäbe nichts auszuwerten.")
            {
                Alternatives = ["Antworten abgeben lassen (POST …/respondents/{id}/submit)."],
            };
        }

        var evaluation = Evaluator.Evaluate(catalogue, round.Criteria, scheme, submitted, round.ConsensusAnswers());
        return [new RoundClosed(state.Id, c.Round), new RoundEvaluated(state.Id, c.Round, EvaluationReasons.Closed, evaluation)];
    }
}

public static class CloseRoundHandler
{
    public static async Task<(EvaluationReply, Events)> Handle(
        CloseRound command,
        [WriteAggregate(nameof(CloseRound.KommuneId))] KommuneJourney journey,
        IDocumentSession session,
        TimeProvider clock,
        CancellationToken ct)
    {
        var round = RoundRules.Round(journey, command.Round);
        var catalogue = await RoundCatalogue.LoadAsync(session, round, ct);
        var events = CloseRoundDecision.Decide(command, journey, catalogue, await CatalogueImport.SchemeAsync(session, ScoringScheme.Standard.Id, ScoringScheme.Standard.Version, ct));
        var evaluated = events.OfType<RoundEvaluated>().Single();
        return (new EvaluationReply(command.Round, evaluated.Reason, evaluated.Evaluation), new Events(ProgrammeMilestones.Follow(journey, events, clock.GetUtcNow())));
    }
}

public static class RoundCatalogue
{
    public static async Task<Catalogue> LoadAsync(IQuerySession session, RoundState round, CancellationToken ct) =>
        (await session.LoadAsync<CatalogueVersionRecord>(CatalogueVersionRecord.Key(round.CatalogueId, round.CatalogueVersion), ct))?.Catalogue
        ?? throw new InvalidOperationException($"catalogue {round.CatalogueId}@{round.CatalogueVersion} of round {round.Number} is missing");
}
