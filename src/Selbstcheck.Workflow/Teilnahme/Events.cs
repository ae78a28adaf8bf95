using Selbstcheck.Workflow.Common;

namespace Selbstcheck.Workflow.Teilnahme;

// The events of the Teilnahme stage. Events are the long-term storage format: their JSON shape is
// pinned by snapshot tests; add new event types rather than change these.

/// <summary>A Kommune joined the programme (or started the Selbstcheck on its own when Cohort is null).</summary>
public sealed record KommuneRegistered(
    string KommuneId,
    string Name,
    string Kind,
    string Bundesland,
    string? Cohort,
    DateOnly? StartDate,
    string? Ags) : IKommuneEvent;

/// <summary>A Prozessbegleiter*in (a person id from the personal-data store) was assigned or replaced.</summary>
public sealed record FacilitatorAssigned(string KommuneId, Guid PersonId, Guid? PreviousPersonId) : IKommuneEvent;

/// <summary>The Kommune's local lead office (e.g. the Integrationsbüro) was named; it is one of its units.</summary>
public sealed record LeadOfficeNamed(string KommuneId, string Unit) : IKommuneEvent;

/// <summary>A unit of the Kommune's administration became known, optionally with a functional email.</summary>
public sealed record UnitAdded(string KommuneId, string Unit, string? Email) : IKommuneEvent;

/// <summary>A unit's functional email address was set, changed or removed (null).</summary>
public sealed record UnitEmailChanged(string KommuneId, string Unit, string? Email) : IKommuneEvent;
