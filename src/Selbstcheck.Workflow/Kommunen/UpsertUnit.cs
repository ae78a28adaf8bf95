using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Kommunen;

/// <summary>Create a unit, or replace its functional email (PUT semantics: a missing email removes it).</summary>
public sealed record UpsertUnit(string KommuneId, string? Name, string? Email, long? ExpectedVersion = null) : IKommuneCommand;

public sealed record UnitReply(string Name, string? Email, long Version, bool Created);

public static class UpsertUnitDecision
{
    public static IReadOnlyList<object> Decide(UpsertUnit command, KommuneState kommune)
    {
        var email = string.IsNullOrWhiteSpace(command.Email) ? null : command.Email.Trim();
        new Validation()
            .Require(UnitName.IsValid(command.Name), "name", $"Pflichtfeld, höchstens {UnitName.MaxLength} Zeichen.")
            .Require(email is null || EmailAddress.IsValid(email), "email", "Keine gültige E-Mail-Adresse.")
            .ThrowIfInvalid();
        var name = command.Name!.Trim();
        var unit = kommune.FindUnit(name);
        ItemVersion.Check($"Einheit \"{name}\"", command.ExpectedVersion, unit?.Version ?? 0);
        if (unit is null) return [new UnitAdded(kommune.Id, name, email)];
        if (string.Equals(unit.Email, email, StringComparison.OrdinalIgnoreCase)) return [];
        return [new UnitEmailChanged(kommune.Id, unit.Name, email)];
    }
}

public static class UpsertUnitHandler
{
    public static (UnitReply, Events) Handle(UpsertUnit command, [KommuneStream] KommuneState kommune)
    {
        var events = UpsertUnitDecision.Decide(command, kommune);
        var unit = kommune.After(events).FindUnit(command.Name!)!;
        return (new UnitReply(unit.Name, unit.Email, unit.Version, events.Any(e => e is UnitAdded)), new Events(events));
    }
}
