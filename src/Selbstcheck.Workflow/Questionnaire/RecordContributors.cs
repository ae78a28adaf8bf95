using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Questionnaire;

/// <summary>
/// Record the units that worked on a respondent's answers (#14: in Dessau-Roßlau the steering group
/// answered together with ten units of Dezernat I–V). They took part in the round without answers of
/// their own: shown as "beteiligte Stellen", never as respondents who did not answer. Replaced as a whole.
/// </summary>
public sealed record RecordContributors(string KommuneId, int Round, Guid RespondentId, IReadOnlyList<ContributorInput>? Units) : IKommuneCommand
{
    public string RoundKey => RoundState.Key(KommuneId, Round);

    public string RespondentKey => RespondentState.Key(KommuneId, RespondentId);
}

public sealed record ContributorInput(string? Unit, string? Dezernat);

public sealed record ContributorsReply(Guid RespondentId, IReadOnlyList<ContributingUnit> Units);

public static class RecordContributorsDecision
{
    public const int MaxUnits = 100;

    public static IReadOnlyList<object> Decide(RecordContributors c, KommuneState kommune, RoundState? round, RespondentState? respondent)
    {
        var units = c.Units ?? [];
        var v = new Validation().Require(units.Count <= MaxUnits, "units", $"Höchstens {MaxUnits} Stellen.");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < units.Count; i++)
        {
            var u = units[i];
            if (u is null || !UnitName.IsValid(u.Unit)) v.Add($"units[{i}].unit", $"Pflichtfeld, höchstens {UnitName.MaxLength} Zeichen.");
            else if (!seen.Add(UnitName.Key(u.Unit!))) v.Add($"units[{i}].unit", $"Die Stelle \"{u.Unit!.Trim()}\" steht mehrfach in der Liste.");
            if (u?.Dezernat is { } d && d.Trim().Length is 0 or > 50) v.Add($"units[{i}].dezernat", "Höchstens 50 Zeichen.");
        }

        v.ThrowIfInvalid();
        var r = RoundState.Require(round, kommune.Id, c.Round);
        var who = RespondentState.Require(respondent, r, c.RespondentId);
        if (units.Any(u => UnitName.Key(u.Unit!) == UnitName.Key(who.Unit)))
        {
            throw new InvalidInput([new FieldError("units", $"\"{who.Unit}\" ist die befragte Stelle selbst, nicht eine beteiligte.")]);
        }

        var events = new List<object>();
        var resolved = units.Select(u => new ContributingUnit(kommune.ResolveUnit(u.Unit!, events), u.Dezernat?.Trim())).ToList();
        events.Add(new ContributorsRecorded(kommune.Id, c.Round, c.RespondentId, who.Unit, resolved));
        return events;
    }
}

public static class RecordContributorsHandler
{
    public static (ContributorsReply, Events) Handle(
        RecordContributors command, [KommuneStream] KommuneState kommune, [Item(nameof(RecordContributors.RoundKey))] RoundState? round,
        [Item(nameof(RecordContributors.RespondentKey))] RespondentState? respondent)
    {
        var events = RecordContributorsDecision.Decide(command, kommune, round, respondent);
        return (new ContributorsReply(command.RespondentId, events.OfType<ContributorsRecorded>().Single().Units), new Events(events));
    }
}
