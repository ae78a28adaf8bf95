using Marten;
using Selbstcheck.Workflow.Common;
using Selbstcheck.Workflow.People;
using Wolverine.Marten;

namespace Selbstcheck.Workflow.Teilnahme;

/// <summary>Assign or replace the Kommune's Prozessbegleiter*in.</summary>
public sealed record AssignFacilitator(string KommuneId, Guid PersonId, long? ExpectedVersion = null) : IKommuneCommand;

/// <summary>The Kommune's master data version after a change.</summary>
public sealed record KommuneChanged(string Id, long Version);

public static class AssignFacilitatorDecision
{
    public static IReadOnlyList<object> Decide(AssignFacilitator c, KommuneJourney state, bool personExists)
    {
        ItemVersion.Check($"Kommune {state.Id}", c.ExpectedVersion, state.DataVersion);
        if (!personExists)
        {
            throw new RuleViolation("person-unbekannt", "Person unbekannt", $"Es gibt keine Person mit der Kennung {c.PersonId}.")
            {
                Alternatives = ["Person zuerst mit POST /api/people anlegen."],
            };
        }

        if (state.FacilitatorId == c.PersonId) return [];
        return [new FacilitatorAssigned(state.Id, c.PersonId, state.FacilitatorId)];
    }
}

public static class AssignFacilitatorHandler
{
    public static async Task<PersonLookup> LoadAsync(AssignFacilitator command, IDocumentSession session, CancellationToken ct) =>
        new(await session.LoadAsync<PersonRecord>(command.PersonId, ct) is not null);

    public static (KommuneChanged, Events) Handle(
        AssignFacilitator command,
        [WriteAggregate(nameof(AssignFacilitator.KommuneId))] KommuneJourney journey,
        PersonLookup person)
    {
        var events = AssignFacilitatorDecision.Decide(command, journey, person.Exists);
        return (new KommuneChanged(journey.Id, journey.DataVersion + events.Count), new Events(events));
    }
}
