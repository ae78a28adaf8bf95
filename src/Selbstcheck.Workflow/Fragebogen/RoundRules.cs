using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Teilnahme;

namespace Selbstcheck.Workflow.Fragebogen;

/// <summary>Lookups and refusals shared by the round decisions.</summary>
public static class RoundRules
{
    public static RoundState Round(KommuneJourney state, int round) =>
        state.Rounds.GetValueOrDefault(round)
        ?? throw new NotFound("runde-unbekannt", "Befragungsrunde nicht gefunden", $"Die Kommune \"{state.Id}\" hat keine Runde {round}.");

    public static RespondentState Respondent(RoundState round, Guid respondent) =>
        round.Respondents.GetValueOrDefault(respondent)
        ?? throw new NotFound("befragte-unbekannt", "Befragte Stelle nicht gefunden", $"Runde {round.Number} hat keine befragte Stelle {respondent}.");

    public static void MustBeOpen(RoundState round)
    {
        if (round.Closed)
        {
            throw new RuleViolation("runde-geschlossen", "Befragungsrunde geschlossen",
                $"Runde {round.Number} ist geschlossen; Antworten und Befragte können nicht mehr hinzukommen.")
            {
                Alternatives = ["Ein Konsens der Steuerungsgruppe ist weiterhin möglich (PUT …/consensus)."],
            };
        }
    }

    public static void MustNotBeSubmitted(RespondentState respondent)
    {
        if (respondent.Submitted)
        {
            throw new RuleViolation("antworten-abgegeben", "Antworten bereits abgegeben",
                $"Die Stelle \"{respondent.Unit}\" hat ihre Antworten abgegeben; sie können nicht mehr geändert werden.");
        }
    }
}
