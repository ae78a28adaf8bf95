using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>
/// Mark answers of a respondent as reconstructed rather than documented (#14): the answers stay as
/// recorded and count as before; every place that shows them says "rekonstruiert".
/// </summary>
public sealed record MarkAnswersReconstructed(string KommuneId, int Round, Guid RespondentId, IReadOnlyList<string>? Criteria, string? Reason) : IKommuneCommand
{
    public string RoundKey => RoundState.Key(KommuneId, Round);

    public string RespondentKey => RespondentState.Key(KommuneId, RespondentId);
}

public sealed record ReconstructedReply(Guid RespondentId, [PersonalData(false)] IReadOnlyList<string> Criteria);

public static class MarkAnswersReconstructedDecision
{
    public const int MaxReason = 500;

    public static IReadOnlyList<object> Decide(MarkAnswersReconstructed c, string kommune, RoundState? round, RespondentState? respondent)
    {
        var criteria = (c.Criteria ?? []).Select(x => x?.Trim() ?? "").ToList();
        var v = new Validation()
            .Require(criteria.Count > 0, "criteria", "Mindestens ein Kriterium.")
            .Require(!string.IsNullOrWhiteSpace(c.Reason) && c.Reason.Trim().Length <= MaxReason, "reason", $"Pflichtfeld, höchstens {MaxReason} Zeichen: woraus rekonstruiert wurde.");
        v.ThrowIfInvalid();
        var r = RoundState.Require(round, kommune, c.Round);
        var who = RespondentState.Require(respondent, r, c.RespondentId);
        for (var i = 0; i < criteria.Count; i++)
        {
            if (!r.Criteria.Contains(criteria[i])) v.Add($"criteria[{i}]", $"Kriterium \"{criteria[i]}\" gehört nicht zu Runde {c.Round}.");
            else if (!who.Answers.ContainsKey(criteria[i])) v.Add($"criteria[{i}]", $"Die Stelle \"{who.Unit}\" hat Kriterium \"{criteria[i]}\" nicht beantwortet.");
        }

        if (criteria.Distinct(StringComparer.Ordinal).Count() != criteria.Count) v.Add("criteria", "Jedes Kriterium nur einmal.");
        v.ThrowIfInvalid();
        return [new AnswersMarkedReconstructed(kommune, c.Round, c.RespondentId, criteria, c.Reason!.Trim())];
    }
}

public static class MarkAnswersReconstructedHandler
{
    public static (ReconstructedReply, Events) Handle(
        MarkAnswersReconstructed command, [KommuneStream] KommuneState kommune, [Item(nameof(MarkAnswersReconstructed.RoundKey))] RoundState? round,
        [Item(nameof(MarkAnswersReconstructed.RespondentKey))] RespondentState? respondent)
    {
        var events = MarkAnswersReconstructedDecision.Decide(command, kommune.Id, round, respondent);
        return (new ReconstructedReply(command.RespondentId, events.OfType<AnswersMarkedReconstructed>().Single().Criteria), new Events(events));
    }
}
