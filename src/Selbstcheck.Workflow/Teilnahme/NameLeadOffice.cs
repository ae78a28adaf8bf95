using Selbstcheck.Workflow.Common;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Teilnahme;

/// <summary>Name the Kommune's lead office (e.g. "Integrationsbüro"); an unknown unit is created without email.</summary>
public sealed record NameLeadOffice(string KommuneId, string? Unit, long? ExpectedVersion = null) : IKommuneCommand;

public static class NameLeadOfficeDecision
{
    public static IReadOnlyList<object> Decide(NameLeadOffice c, KommuneJourney state)
    {
        new Validation()
            .Require(UnitName.IsValid(c.Unit), "unit", $"Pflichtfeld, höchstens {UnitName.MaxLength} Zeichen.")
            .ThrowIfInvalid();
        ItemVersion.Check($"Kommune {state.Id}", c.ExpectedVersion, state.DataVersion);

        var events = new List<object>();
        var unit = state.ResolveUnit(c.Unit!, events);
        if (!string.Equals(state.LeadOffice, unit, StringComparison.Ordinal))
        {
            events.Add(new LeadOfficeNamed(state.Id, unit));
        }

        return events;
    }
}

public static class NameLeadOfficeHandler
{
    public static (KommuneChanged, Events) Handle(
        NameLeadOffice command,
        [WriteAggregate(nameof(NameLeadOffice.KommuneId))] KommuneJourney journey)
    {
        var events = NameLeadOfficeDecision.Decide(command, journey);
        var changes = events.Count(e => e is LeadOfficeNamed);
        return (new KommuneChanged(journey.Id, journey.DataVersion + changes), new Events(events));
    }
}
