using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Fragebogen;

/// <summary>Evaluate a closed round again under another scoring scheme — a new event, never a rewrite.</summary>
public sealed record Reevaluate(string KommuneId, int Round, string? Scheme, string? SchemeVersion) : IKommuneCommand;

public static class ReevaluateDecision
{
    public static IReadOnlyList<object> Decide(Reevaluate c, KommuneJourney state, Catalogue catalogue, ScoringScheme scheme)
    {
        var round = RoundRules.Round(state, c.Round);
        if (!round.Closed)
        {
            throw new RuleViolation("runde-offen", "Befragungsrunde noch offen", $"Runde {c.Round} ist noch offen; bewertet wird beim Schließen.")
            {
                Alternatives = [$"Runde schließen (POST …/rounds/{c.Round}/close)."],
            };
        }

        var evaluation = Evaluator.Evaluate(catalogue, round.Criteria, scheme, round.SubmittedAnswers(), round.ConsensusAnswers());
        return [new RoundEvaluated(state.Id, c.Round, EvaluationReasons.Rescored, evaluation)];
    }
}

public static class ReevaluateHandler
{
    public static async Task<(EvaluationReply, Events)> Handle(
        Reevaluate command,
        [WriteAggregate(nameof(Reevaluate.KommuneId))] KommuneJourney journey,
        IDocumentSession session,
        CancellationToken ct)
    {
        new Validation()
            .Require(!string.IsNullOrWhiteSpace(command.Scheme), "scheme", "Pflichtfeld.")
            .Require(!string.IsNullOrWhiteSpace(command.SchemeVersion), "schemeVersion", "Pflichtfeld.")
            .ThrowIfInvalid();
        var round = RoundRules.Round(journey, command.Round);
        var scheme = await CatalogueImport.SchemeAsync(session, command.Scheme!, command.SchemeVersion!, ct);
        var events = ReevaluateDecision.Decide(command, journey, await RoundCatalogue.LoadAsync(session, round, ct), scheme);
        var evaluated = (RoundEvaluated)events[0];
        return (new EvaluationReply(command.Round, evaluated.Reason, evaluated.Evaluation), new Events(events));
    }
}
