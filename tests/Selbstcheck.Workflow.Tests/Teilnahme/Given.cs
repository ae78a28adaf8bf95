using Selbstcheck.Workflow.Teilnahme;

namespace Selbstcheck.Workflow.Tests.Teilnahme;

/// <summary>Given-steps for decisions: a state folded from past events, as the store would.</summary>
public static class Given
{
    public static readonly KommuneRegistered DessauRegistered =
        new("dessau-rosslau", "Dessau-Roßlau", "Kreisfreie Stadt", "Sachsen-Anhalt", "2020-1", new DateOnly(2020, 1, 1), "15001000");

    public static KommuneJourney Journey(params object[] events) =>
        events.Aggregate((KommuneJourney?)null, KommuneJourney.Next) ?? throw new InvalidOperationException("no registration given");
}
