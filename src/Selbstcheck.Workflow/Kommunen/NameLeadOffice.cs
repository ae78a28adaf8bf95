using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Kommunen;

/// <summary>Name the Kommune's lead office (e.g. "Integrationsbüro"); an unknown unit is created without email.</summary>
public sealed record NameLeadOffice(string KommuneId, string? Unit, long? ExpectedVersion = null) : IKommuneCommand;

public static class NameLeadOfficeDecision
{
    public static IReadOnlyList<object> Decide(NameLeadOffice c, KommuneState kommune)
    {
        new Validation()
            .Require(UnitName.IsValid(c.Unit), "unit", $"Pflichtfeld, höchstens {UnitName.MaxLength} Zeichen.")
            .ThrowIfInvalid();
        ItemVersion.Check($"Kommune {kommune.Id}", c.ExpectedVersion, kommune.DataVersion);

        var events = new List<object>();
        var unit = kommune.ResolveUnit(c.Unit!, events);
        if (!string.Equals(kommune.LeadOffice, unit, StringComparison.Ordinal)) events.Add(new LeadOfficeNamed(kommune.Id, unit));
        return events;
    }
}

public static class NameLeadOfficeHandler
{
    public static (KommuneChanged, Events) Handle(NameLeadOffice command, [KommuneStream] KommuneState kommune)
    {
        var events = NameLeadOfficeDecision.Decide(command, kommune);
        return (KommuneChanged.From(kommune.After(events)), new Events(events));
    }
}
