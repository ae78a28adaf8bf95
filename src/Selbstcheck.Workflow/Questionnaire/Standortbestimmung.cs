using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>A round as a read model keeps it, for the rule below.</summary>
public interface IEvaluatedRound
{
    int Round { get; }

    string Kind { get; }

    DateTimeOffset? ClosedAt { get; }

    bool IsEvaluated { get; }
}

/// <summary>The Standortbestimmung (location fix) of a Kommune.</summary>
public static class Standortbestimmung
{
    /// <summary>
    /// What the Kommune's Standortbestimmung is — shown by its maturity page, its chart and tables, and
    /// the workshop documentation, unless a round is named: the latest evaluated full round (a short
    /// round of another actor group mirrors it, it does not replace it).
    /// </summary>
    public static T? Current<T>(IEnumerable<T> rounds) where T : IEvaluatedRound =>
        rounds.Where(r => r.IsEvaluated && r.Kind == RoundKinds.Full).OrderBy(r => r.ClosedAt).ThenBy(r => r.Round).LastOrDefault();
}
