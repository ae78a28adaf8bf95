using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.Journey;
using Selbstcheck.Workflow.People;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Kommunen;

/// <summary>Assign or replace the Kommune's Prozessbegleiter*in.</summary>
public sealed record AssignFacilitator(string KommuneId, Guid? PersonId, long? ExpectedVersion = null) : IKommuneCommand;

/// <summary>The Kommune's data version after a change of its own data.</summary>
public sealed record KommuneChanged(string Id, long Version)
{
    public static KommuneChanged From(KommuneState after) => new(after.Id, after.DataVersion);
}

public static class AssignFacilitatorDecision
{
    public static IReadOnlyList<object> Decide(AssignFacilitator c, KommuneState kommune, bool personExists)
    {
        new Validation().Require(c.PersonId is { } p && p != Guid.Empty, "personId", "Pflichtfeld.").ThrowIfInvalid();
        ItemVersion.Check($"Kommune {kommune.Id}", c.ExpectedVersion, kommune.DataVersion);
        if (!personExists)
        {
            throw new RuleViolation("person-unbekannt", "Person unbekannt", $"Es gibt keine Person mit der Kennung {c.PersonId}.")
            {
                Alternatives = ["Person zuerst mit POST /api/people anlegen."],
            };
        }

        if (kommune.FacilitatorId == c.PersonId) return [];
        return [new FacilitatorAssigned(kommune.Id, c.PersonId!.Value, kommune.FacilitatorId)];
    }
}

public static class AssignFacilitatorHandler
{
    public static async Task<(KommuneChanged, Events)> Handle(
        AssignFacilitator command, [KommuneStream] KommuneState kommune, IDocumentSession session, CancellationToken ct)
    {
        var person = command.PersonId is { } id && await session.LoadAsync<PersonRecord>(id, ct) is { ErasedAt: null };
        var events = AssignFacilitatorDecision.Decide(command, kommune, person);
        return (KommuneChanged.From(kommune.After(events)), new Events(events));
    }
}
