using Selbstcheck.Workflow.Common;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Teilnahme;

/// <summary>Create a unit, or replace its functional email (PUT semantics: a missing email removes it).</summary>
public sealed record UpsertUnit(string KommuneId, string? Name, string? Email, long? ExpectedVersion = null) : IKommuneCommand;

public sealed record UnitReply(string Name, string? Email, long Version, bool Created);

public static class UpsertUnitDecision
{
    public static UpsertUnit Validate(UpsertUnit c)
    {
        var email = string.IsNullOrWhiteSpace(c.Email) ? null : c.Email.Trim();
        new Validation()
            .Require(UnitName.IsValid(c.Name), "name", $"Pflichtfeld, höchstens {UnitName.MaxLength} Zeichen.")
            .Require(email is null || EmailAddress.IsValid(email), "email", "Keine gültige E-Mail-Adresse.")
            .ThrowIfInvalid();
        return c with { Name = c.Name!.Trim(), Email = email };
    }

    public static IReadOnlyList<object> Decide(UpsertUnit command, KommuneJourney state)
    {
        var c = Validate(command);
        var unit = state.FindUnit(c.Name!);
        ItemVersion.Check($"Einheit \"{c.Name}\"", c.ExpectedVersion, unit?.Version ?? 0);
        if (unit is null) return [new UnitAdded(state.Id, c.Name!, c.Email)];
        if (string.Equals(unit.Email, c.Email, StringComparison.OrdinalIgnoreCase)) return [];
        return [new UnitEmailChanged(state.Id, unit.Name, c.Email)];
    }
}

public static class UpsertUnitHandler
{
    public static (UnitReply, Events) Handle(
        UpsertUnit command,
        [WriteAggregate(nameof(UpsertUnit.KommuneId))] KommuneJourney journey)
    {
        var events = UpsertUnitDecision.Decide(command, journey);
        var after = events.Aggregate(journey, (s, e) => e switch
        {
            UnitAdded a => s.Apply(a),
            UnitEmailChanged m => s.Apply(m),
            _ => s,
        });
        var unit = after.FindUnit(command.Name!.Trim())!;
        var created = events.Any(e => e is UnitAdded);
        return (new UnitReply(unit.Name, unit.Email, unit.Version, created), new Events(events));
    }
}
