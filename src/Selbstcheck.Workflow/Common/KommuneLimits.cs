using Selbstcheck.Workflow.Journey;

namespace Selbstcheck.Workflow.Common;

/// <summary>
/// Caps on what one Kommune may hold, so that no client (and no other sender) can grow a stream,
/// its write model or its read models without bound. The deciders enforce them with the counts of
/// <see cref="KommuneState"/>: a command that would create an item past its cap is refused (422)
/// and changes nothing. The caps are an input of the decision like the actor and the instant
/// (<see cref="CommandContext.Limits"/>); the host fills them from configuration
/// (<c>Selbstcheck:Caps:*</c>). Only growth is refused: a Kommune above a lowered cap keeps working
/// on what it has.
/// </summary>
public sealed record KommuneLimits
{
    public static readonly KommuneLimits Default = new();

    /// <summary>Questionnaire rounds (the programme runs about five over the years).</summary>
    public int Rounds { get; init; } = 50;

    /// <summary>Respondents over all rounds.</summary>
    public int Respondents { get; init; } = 2_000;

    /// <summary>Recorded answers over all rounds, every change of an answer counted.</summary>
    public int Answers { get; init; } = 200_000;

    /// <summary>Workshops, cancelled ones included.</summary>
    public int Workshops { get; init; } = 50;

    /// <summary>Action items (Handlungsbedarfe), closed ones included.</summary>
    public int ActionItems { get; init; } = 2_000;

    /// <summary>Milestones, programme milestones (round deadlines, workshop dates) and closed ones included.</summary>
    public int Milestones { get; init; } = 1_000;

    /// <summary>422 when <paramref name="events"/> would take the Kommune past a cap.</summary>
    public void Enforce(KommuneState before, IEnumerable<object> events)
    {
        var after = before.After(events);
        Check(before, before.LastRound, after.LastRound, Rounds, "runden", "Befragungsrunden");
        Check(before, before.Counts.Respondents, after.Counts.Respondents, Respondents, "befragte", "befragte Stellen");
        Check(before, before.Counts.Answers, after.Counts.Answers, Answers, "antworten", "Antworten");
        Check(before, before.Counts.Workshops, after.Counts.Workshops, Workshops, "workshops", "Workshops");
        Check(before, before.Counts.ActionItems, after.Counts.ActionItems, ActionItems, "handlungsbedarfe", "Handlungsbedarfe");
        Check(before, before.Counts.Milestones, after.Counts.Milestones, Milestones, "meilensteine", "Meilensteine");
    }

    private static void Check(KommuneState kommune, int before, int after, int cap, string slug, string label)
    {
        if (after <= before || after <= cap) return;
        throw new RuleViolation($"obergrenze-{slug}", $"Obergrenze für {label} erreicht",
            $"Die Kommune \"{kommune.Id}\" hat {before} {label}; höchstens {cap} sind vorgesehen.")
        {
            Extensions = new Dictionary<string, object?> { ["limit"] = cap, ["current"] = before },
            Alternatives = ["Die Programmleitung kann die Obergrenze in der Konfiguration anheben (Selbstcheck:Caps)."],
        };
    }
}
